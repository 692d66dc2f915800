import { afterEach, describe, expect, it } from 'vitest'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { rawSocket } from './rawSocket'
import { capturedLogger } from './capturedLogger'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let server: TestServer
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.dispose()
})

describe('logs', () => {
  it('are JSON lines with board and connection ids, and never contain a token', async () => {
    const { logger, lines } = capturedLogger()
    server = await startTestServer({ options: { logger } })
    const board = await server.createBoard({ title: 'Logged' })
    const tokens = Object.values(board.tokens)

    // Every path a token travels: API header and query, sync URL, refusals, a viewer write.
    await fetch(`${server.origin}/api/boards/${board.id}?token=${encodeURIComponent(board.tokens.facilitator)}`)
    await fetch(`${server.origin}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.participant}` } })
    await fetch(`${server.origin}/api/nothing?token=${encodeURIComponent(board.tokens.viewer)}`)
    const p = connectClient(server.syncUrl, board.id, board.tokens.participant)
    const v = connectClient(server.syncUrl, board.id, board.tokens.viewer)
    clients.push(p, v)
    await waitFor(() => p.provider.synced && v.provider.synced, { what: 'sync' })
    p.records.set('shape:rect1', rectangle(1))
    v.records.set('shape:rect2', rectangle(2))
    await waitFor(() => v.closes.length > 0, { what: 'the viewer refusal' })
    const forged = `participant.${'Q'.repeat(43)}`
    const bad = rawSocket(`${server.syncUrl}/${board.id}?token=${forged}`)
    await bad.closed
    const malformed = rawSocket(`${server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.participant)}`)
    await malformed.opened
    malformed.ws.send(Buffer.from([99]))
    await malformed.closed

    await waitFor(() => lines.some((l) => l.includes('connection refused')), { what: 'refusal logs' })
    const all = lines.join('\n')
    for (const token of [...tokens, forged]) {
      expect(all).not.toContain(token)
      expect(all).not.toContain(token.split('.')[1])
    }
    const entries = lines.map((l) => JSON.parse(l) as { msg: string; boardId?: string; conn?: string; code?: number })
    const refusals = entries.filter((e) => e.msg === 'connection refused')
    expect(refusals.length).toBeGreaterThanOrEqual(3)
    for (const refusal of refusals) {
      expect(refusal.boardId).toBe(board.id)
      expect(typeof refusal.conn).toBe('string')
      expect(typeof refusal.code).toBe('number')
    }
  })
})
