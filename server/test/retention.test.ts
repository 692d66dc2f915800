import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@whiteboard/shared'
import { DAY_MS } from '../src/retention/BoardRetention'
import { capturedLogger } from './capturedLogger'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

const servers: TestServer[] = []
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.dispose()
})

const RETENTION_DAYS = 30

/** A server whose clock the test moves, with BOARD_RETENTION_DAYS=30. */
async function retainingServer() {
  const clock = { now: Date.now() }
  const { logger, lines } = capturedLogger()
  const server = await startTestServer({ env: { BOARD_RETENTION_DAYS: String(RETENTION_DAYS) }, options: { clock: () => clock.now, logger } })
  servers.push(server)
  return { server, clock, lines }
}

function client(server: TestServer, boardId: string, token: string): SyncClient {
  const c = connectClient(server.syncUrl, boardId, token)
  clients.push(c)
  return c
}

/** Opens a board as a person would, writes one shape, and leaves; the room unloads after 100 ms. */
async function visit(server: TestServer, boardId: string, token: string, shape: number): Promise<void> {
  const c = client(server, boardId, token)
  await waitFor(() => c.provider.synced, { what: 'the visit to sync' })
  c.records.set(`shape:rect${shape}`, rectangle(shape))
  await waitFor(async () => ((await server.server.storage.loadBoard(boardId))?.lastSeq ?? 0) > 0, { what: 'the change to be committed' })
  c.destroy()
  await waitFor(() => server.server.rooms.peek(boardId) === undefined, { what: 'the room to unload' })
}

const GATHERING_OLD = 'GGGGGGGGGGGGGGGGGGGGG1'
const GATHERING_RECENT = 'GGGGGGGGGGGGGGGGGGGGG2'

describe('board retention (BOARD_RETENTION_DAYS)', () => {
  it('deletes a board nobody used for the period with its history and images, reclaims its pages and logs only ids; keeps a board in use and one used since', async () => {
    const { server, clock, lines } = await retainingServer()
    const storage = server.server.storage
    const old = await server.createBoard({ title: 'Gammel' })
    const recent = await server.createBoard({ title: 'Nylig' })
    const open = await server.createBoard({ title: 'Åpen' })
    await visit(server, old.id, old.tokens.participant, 1)
    await storage.putSnapshot(old.id, { label: 'Hemmelig innhold', author: 'Kari', kind: 'manual' }, new Uint8Array(200_000).fill(7))
    await storage.putAsset(old.id, 'AAAAAAAAAAAAAAAAAAAAAA', { contentType: 'image/png', data: new Uint8Array(300_000).fill(9) })

    // Twenty days on, someone works on `recent`; `open` has been open since the start.
    const holder = client(server, open.id, open.tokens.participant)
    await waitFor(() => holder.provider.synced, { what: 'the open board to sync' })
    clock.now += 20 * DAY_MS
    await visit(server, recent.id, recent.tokens.participant, 2)

    // Thirty-five days after the start: only `old` is past its time.
    clock.now += 15 * DAY_MS
    const outcome = await server.server.retention!.sweep()
    expect(outcome).toEqual({ boards: [old.id], gatherings: [] })

    expect(await storage.getBoardMeta(old.id)).toBeNull()
    expect(await storage.loadBoard(old.id)).toBeNull()
    expect(await storage.listSnapshots(old.id)).toEqual([])
    expect(await storage.getAsset(old.id, 'AAAAAAAAAAAAAAAAAAAAAA')).toBeNull()
    expect((await storage.listBoards()).map((b) => b.id).sort()).toEqual([recent.id, open.id].sort())
    // The board in use counts as used now, and its person was not disturbed.
    expect((await storage.listBoards()).find((b) => b.id === open.id)?.lastUsedAt).toBe(clock.now)
    expect(holder.closes).toEqual([])

    // The rows are gone and their pages went back to the file system.
    const db = new Database(join(server.dataDir, 'boards.db'), { readonly: true })
    try {
      for (const table of ['boards', 'updates', 'snapshots', 'assets']) {
        const column = table === 'boards' ? 'id' : 'board_id'
        expect(db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(old.id)).toEqual({ n: 0 })
      }
      expect(db.pragma('freelist_count', { simple: true })).toBe(0)
    } finally {
      db.close()
    }
    // The log names the board, never its content.
    const logged = lines.filter((l) => l.includes('deleted boards nobody used'))
    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain(old.id)
    expect(lines.join('\n')).not.toMatch(/Hemmelig|Gammel|Kari/)

    // Its links now meet "board does not exist".
    const late = client(server, old.id, old.tokens.participant)
    await waitFor(() => late.closes.length > 0, { what: 'the deleted board to be refused' })
    expect(late.closes[0]?.code).toBe(CloseCode.BOARD_NOT_FOUND)
  })

  it('deletes the boards of a gathering together with it once none of them was used for the period', async () => {
    const { server, clock } = await retainingServer()
    const storage = server.server.storage
    const boards = await Promise.all(['A', 'B', 'C', 'D'].map((title) => server.createBoard({ title })))
    const [a, b, c, d] = boards as [(typeof boards)[0], (typeof boards)[0], (typeof boards)[0], (typeof boards)[0]]
    const gathering = (id: string, ids: string[]) => ({ id, title: 'Samling', date: '2026-03-12', lang: 'nb' as const, allowPeek: false, teams: ids.map((boardId, i) => ({ boardId, name: `Lag ${i + 1}` })) })
    await storage.createGathering(gathering(GATHERING_OLD, [a.id, b.id]))
    await storage.createGathering(gathering(GATHERING_RECENT, [c.id, d.id]))
    clock.now += 20 * DAY_MS
    // One team of the second gathering works; the other team's board is as old as the first gathering's.
    await visit(server, c.id, c.tokens.participant, 1)
    clock.now += 15 * DAY_MS
    expect(await server.server.retention!.sweep()).toEqual({ boards: [a.id, b.id], gatherings: [GATHERING_OLD] })
    expect(await storage.getGathering(GATHERING_OLD)).toBeNull()
    expect(await storage.getGathering(GATHERING_RECENT)).not.toBeNull()
    expect((await storage.listBoards()).map((l) => l.id).sort()).toEqual([c.id, d.id].sort())
  })

  it('tells board info the retention period, and keeps every board without BOARD_RETENTION_DAYS', async () => {
    const { server: retaining } = await retainingServer()
    const server = await startTestServer()
    servers.push(server)
    expect(server.server.retention).toBeNull()
    const info = async (s: TestServer) => {
      const board = await s.createBoard()
      return (await fetch(`${s.origin}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.facilitator}` } })).json() as Promise<Record<string, unknown>>
    }
    expect((await info(retaining)).retentionDays).toBe(RETENTION_DAYS)
    expect(await info(server)).not.toHaveProperty('retentionDays')
  })
})
