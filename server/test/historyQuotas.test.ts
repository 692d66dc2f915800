import { describe, expect, it } from 'vitest'
import type { CreateBoardResponse } from '@whiteboard/shared'
import type { SnapshotListResponse, SnapshotSummary } from '@whiteboard/shared/api/historyApi'
import { rectangle } from './records'
import { type SyncClient } from './syncClient'
import { ownServerPerTest } from './ownServerPerTest'
import type { TestServer } from './testServer'
import { waitFor } from './waitFor'
import { wordyText } from '@whiteboard/shared/test/wordyText'

const { start, client } = ownServerPerTest()

function api(s: TestServer, method: string, path: string, board: CreateBoardResponse, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${board.tokens.facilitator}` }
  if (body !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${s.origin}/api/boards/${board.id}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
}

async function list(s: TestServer, board: CreateBoardResponse): Promise<SnapshotSummary[]> {
  const res = await api(s, 'GET', '/snapshots', board)
  expect(res.status).toBe(200)
  return ((await res.json()) as SnapshotListResponse).snapshots
}

async function take(s: TestServer, board: CreateBoardResponse, body: Record<string, unknown>): Promise<Response> {
  return api(s, 'POST', '/snapshots', board, body)
}

async function taken(s: TestServer, board: CreateBoardResponse, body: Record<string, unknown>): Promise<SnapshotSummary> {
  const res = await take(s, board, body)
  expect(res.status).toBe(201)
  return (await res.json()) as SnapshotSummary
}

const isAuto = (x: SnapshotSummary) => x.kind === 'auto-idle' || x.kind === 'auto-activity'

/** One attacker cycle: connect with a participant link, change a little, leave; returns once the server saw the leave. */
async function connectChangeLeave(s: TestServer, board: CreateBoardResponse, n: number): Promise<void> {
  const c = client(s, board)
  await waitFor(() => c.provider.synced, { what: `cycle ${n} to sync` })
  c.records.set(`shape:rect${n}`, rectangle(n, `change ${n}`))
  await waitFor(() => s.server.rooms.peek(board.id)?.doc.getArray('tldraw').toArray().some((e) => (e as { key: string }).key === `shape:rect${n}`), {
    what: `change ${n} to be committed`,
  })
  c.destroy()
  await waitFor(() => (s.server.rooms.peek(board.id)?.connectionCount ?? 0) === 0, { what: `cycle ${n} to leave` })
  await s.server.history.idle()
}

describe('automatic snapshots are throttled per board', () => {
  it('makes at most one automatic snapshot from 12 connect-change-leave cycles within an interval, whether or not the room unloads in between', async () => {
    const s = await start()
    const board = await s.createBoard()
    for (let n = 1; n <= 12; n++) {
      await connectChangeLeave(s, board, n)
      // Every other cycle waits for the room to unload, so loading again does not reset the throttle either.
      if (n % 2 === 0) await waitFor(() => s.server.rooms.peek(board.id) === undefined, { what: `the room to unload after cycle ${n}` })
    }
    await s.server.history.idle()
    const autos = (await list(s, board)).filter(isAuto)
    expect(autos).toHaveLength(1)
    expect(autos[0]?.kind).toBe('auto-idle')
  })

  it('takes the next one an interval after the last, from the stored board once everyone left, and none without a change', async () => {
    const s = await start({ SNAPSHOT_INTERVAL_MS: '400' })
    const board = await s.createBoard()
    await connectChangeLeave(s, board, 1)
    const [first] = (await list(s, board)).filter(isAuto)
    expect(first).toBeDefined()
    // Within the interval: the leave takes nothing, the pending snapshot comes an interval after the last.
    await connectChangeLeave(s, board, 2)
    expect((await list(s, board)).filter(isAuto)).toHaveLength(1)
    await waitFor(() => s.server.rooms.peek(board.id) === undefined, { what: 'the room to unload' })
    const second = await waitFor(async () => (await list(s, board)).find((x) => isAuto(x) && x.id !== first!.id), { what: 'the pending automatic snapshot' })
    expect(second.takenAt - first!.takenAt).toBeGreaterThanOrEqual(400)
    const content = (await (await api(s, 'GET', `/snapshots/${second.id}`, board)).json()) as { records: { id: string }[] }
    expect(content.records.map((r) => r.id)).toContain('shape:rect2')

    // Visits that change nothing add nothing, however many.
    for (let n = 0; n < 3; n++) {
      const visitor = client(s, board, 'participant')
      await waitFor(() => visitor.provider.synced, { what: 'a visitor to sync' })
      visitor.destroy()
      await waitFor(() => (s.server.rooms.peek(board.id)?.connectionCount ?? 0) === 0, { what: 'the visitor to leave' })
    }
    await s.server.history.idle()
    expect((await list(s, board)).filter(isAuto)).toHaveLength(2)
  })

  it('answers a before-template snapshot of an unchanged board with the snapshot that already holds it', async () => {
    const s = await start()
    const board = await s.createBoard()
    const facilitator = client(s, board, 'facilitator')
    await waitFor(() => facilitator.provider.synced, { what: 'the facilitator to sync' })
    const first = await taken(s, board, { kind: 'before-template' })
    for (let i = 0; i < 5; i++) expect((await taken(s, board, { kind: 'before-template' })).id).toBe(first.id)
    facilitator.records.set('shape:rect1', rectangle(1))
    await waitFor(() => (s.server.rooms.peek(board.id)?.doc.getArray('tldraw').length ?? 0) > 2, { what: 'the change to be committed' })
    const second = await taken(s, board, { kind: 'before-template' })
    expect(second.id).not.toBe(first.id)
    expect((await list(s, board)).map((x) => x.id)).toEqual([second.id, first.id])
  })
})

describe('per-board history quota', () => {
  /** A board of about 6.5 KB: two snapshots fit in 16 KiB, three do not. */
  async function largeBoard(s: TestServer): Promise<{ board: CreateBoardResponse; facilitator: SyncClient }> {
    const board = await s.createBoard()
    const facilitator = client(s, board, 'facilitator')
    await waitFor(() => facilitator.provider.synced, { what: 'the facilitator to sync' })
    facilitator.records.set('shape:rect1', rectangle(1, wordyText(6000, 'n')))
    await waitFor(() => (s.server.rooms.peek(board.id)?.doc.getArray('tldraw').length ?? 0) > 2, { what: 'the label to be committed' })
    return { board, facilitator }
  }

  it('refuses a named snapshot that does not fit with 507 and a reason, and lets the oldest rolling snapshots go for new ones', async () => {
    const s = await start({ MAX_HISTORY_BYTES_PER_BOARD: String(16 * 1024) })
    const { board, facilitator } = await largeBoard(s)
    const m1 = await taken(s, board, { name: 'one' })
    expect(m1.bytes).toBeGreaterThan(6000)
    const m2 = await taken(s, board, { name: 'two' })
    const refused = await take(s, board, { name: 'three' })
    expect(refused.status).toBe(507)
    expect(await refused.json()).toEqual({ error: 'history_full', message: expect.stringContaining("The board's history is full") as unknown })
    // A restore needs room for the state it replaces: refused too, and the board is unchanged.
    const restore = await api(s, 'POST', `/snapshots/${m1.id}/restore`, board, {})
    expect(restore.status).toBe(507)
    expect((await list(s, board)).map((x) => x.id)).toEqual([m2.id, m1.id])

    expect((await api(s, 'DELETE', `/snapshots/${m2.id}`, board)).status).toBe(204)
    const b1 = await taken(s, board, { kind: 'before-template' })
    facilitator.records.set('shape:rect2', rectangle(2))
    await waitFor(() => (s.server.rooms.peek(board.id)?.doc.getArray('tldraw').length ?? 0) > 3, { what: 'the second change to be committed' })
    const b2 = await taken(s, board, { kind: 'before-template' })
    // b1, the oldest rolling one, made room for b2; the named one stays.
    expect((await list(s, board)).map((x) => x.id)).toEqual([b2.id, m1.id])
    expect(b1.id).not.toBe(b2.id)
    const listed = (await (await api(s, 'GET', '/snapshots', board)).json()) as SnapshotListResponse
    expect(listed.storage.snapshotBytes).toBeLessThanOrEqual(16 * 1024)
  })
})
