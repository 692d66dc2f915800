import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { connectClient, type SyncClient } from './syncClient'
import { rawSocket } from './rawSocket'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let server: TestServer
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.dispose()
})

describe('heartbeat', () => {
  it('keeps an idle y-websocket client (no presence of its own) receiving, so its 30 s timer never fires', async () => {
    server = await startTestServer({ options: { syncTimings: { heartbeatTickMs: 20, keepaliveAfterMs: 150 } } })
    const board = await server.createBoard()
    const c = connectClient(server.syncUrl, board.id, board.tokens.viewer)
    clients.push(c)
    await waitFor(() => c.provider.synced, { what: 'sync' })
    // No local presence: no awareness renewals of its own to be echoed back.
    c.provider.awareness.setLocalState(null)
    const since = c.provider.wsLastMessageReceived
    await waitFor(() => c.provider.wsLastMessageReceived >= since + 300, { what: 'keepalives' })
    expect(c.provider.wsconnected).toBe(true)
    expect(c.closes).toEqual([])
  })

  it('sends an empty awareness update as keepalive', async () => {
    server = await startTestServer({ options: { syncTimings: { heartbeatTickMs: 20, keepaliveAfterMs: 100 } } })
    const board = await server.createBoard()
    const raw = rawSocket(`${server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.viewer)}`)
    const frames: number[][] = []
    raw.ws.on('message', (data: Buffer) => frames.push([...data]))
    await raw.opened
    await waitFor(() => frames.some((f) => f.join() === '1,1,0'), { what: 'a keepalive frame' })
    raw.ws.close()
  })

  it('cuts a peer that stops answering pings', async () => {
    server = await startTestServer({ options: { syncTimings: { heartbeatTickMs: 20, pingIntervalMs: 100 } } })
    const board = await server.createBoard()
    const url = `${server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.viewer)}`
    const deaf = new WebSocket(url, { autoPong: false })
    deaf.on('error', () => {})
    const closed = new Promise<number>((resolve) => deaf.once('close', (code) => resolve(code)))
    const alive = rawSocket(url)
    await alive.opened
    expect(await closed).toBe(1006)
    expect(alive.ws.readyState).toBe(WebSocket.OPEN)
    alive.ws.close()
  })
})
