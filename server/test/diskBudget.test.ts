import { describe, expect, it } from 'vitest'
import { CloseCode } from '@whiteboard/shared'
import type { DiskReading } from '../src/storage/DiskBudget'
import { rectangle } from './records'
import { connectClient } from './syncClient'
import { ownServerPerTest } from './ownServerPerTest'
import type { TestServer } from './testServer'
import { waitFor } from './waitFor'

const GiB = 1024 * 1024 * 1024

const { start, track } = ownServerPerTest()

function pngBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  return bytes
}

function post(s: TestServer, path: string, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  return fetch(`${s.origin}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
}

describe('global disk budget', () => {
  it('refuses new content with a reason once free space is below MIN_FREE_DISK_BYTES, lets deletions through, reports it in /readyz, and recovers', async () => {
    let disk: DiskReading = { freeBytes: 50 * GiB, dataBytes: 0 }
    const s = await start({}, { readDisk: async () => disk })
    const board = await s.createBoard()
    const facilitator = connectClient(s.syncUrl, board.id, board.tokens.facilitator)
    const participant = connectClient(s.syncUrl, board.id, board.tokens.participant)
    const viewer = connectClient(s.syncUrl, board.id, board.tokens.viewer)
    track(facilitator, participant, viewer)
    for (const c of [facilitator, participant, viewer]) await waitFor(() => c.provider.synced, { what: 'clients to sync' })
    facilitator.records.set('shape:rect1', rectangle(1, 'kept until deleted'))
    await waitFor(() => viewer.records.map.has('shape:rect1'), { what: 'the first note to arrive' })
    expect((await fetch(`${s.origin}/readyz`)).status).toBe(200)

    disk = { freeBytes: 200 * 1024 * 1024, dataBytes: 0 }
    await s.server.disk.refresh()

    const expectRefused = async (res: Response) => {
      expect(res.status).toBe(507)
      expect(await res.json()).toEqual({ error: 'disk_budget', message: expect.stringContaining("Nothing was saved: the server's disk is almost full (200 MiB free") as unknown })
    }
    await expectRefused(await post(s, '/api/boards', {}))
    await expectRefused(await post(s, '/api/gatherings', { title: 'Samling', teams: [{ name: 'Lag 1' }] }))
    await expectRefused(await post(s, `/api/boards/${board.id}/snapshots`, { name: 'named' }, board.tokens.facilitator))
    const upload = await fetch(`${s.origin}/api/boards/${board.id}/assets`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${board.tokens.participant}` },
      body: pngBytes(1000),
    })
    await expectRefused(upload)
    expect(await s.server.storage.assetUsage(board.id)).toEqual({ count: 0, bytes: 0 })

    const ready = await fetch(`${s.origin}/readyz`)
    expect(ready.status).toBe(503)
    const report = (await ready.json()) as { problems: string[]; disk: { freeBytes: number; refusing: boolean } }
    expect(report.problems).toContain("disk budget: the server's disk is almost full (200 MiB free, at least 1024 MiB must stay free); new content is refused")
    expect(report.disk).toMatchObject({ freeBytes: 200 * 1024 * 1024, refusing: true })

    // A deletion passes and reaches the others; a write that adds content is refused with 4500 and the reason.
    facilitator.records.delete('shape:rect1')
    await waitFor(() => !viewer.records.map.has('shape:rect1'), { what: 'the deletion to arrive' })
    expect(facilitator.closes).toEqual([])
    participant.records.set('shape:rect2', rectangle(2, 'one more'))
    await waitFor(() => participant.closes.length > 0, { what: 'the write to be refused' })
    expect(participant.closes[0]).toEqual({ code: CloseCode.STORAGE_UNAVAILABLE, reason: expect.stringContaining("Nothing more can be added now: the server's disk is almost full") as unknown })
    expect(viewer.records.map.has('shape:rect2')).toBe(false)

    // Space comes back: everything is taken again, and the refused client's edit gets through when it reconnects.
    disk = { freeBytes: 50 * GiB, dataBytes: 0 }
    await s.server.disk.refresh()
    expect((await fetch(`${s.origin}/readyz`)).status).toBe(200)
    expect((await post(s, '/api/boards', {})).status).toBe(201)
    await waitFor(() => viewer.records.map.has('shape:rect2'), { what: 'the refused edit to arrive after reconnecting' })
  })

  it('takes no automatic snapshot while the budget is reached', async () => {
    let disk: DiskReading = { freeBytes: 50 * GiB, dataBytes: 0 }
    const s = await start({}, { readDisk: async () => disk })
    const board = await s.createBoard()
    const facilitator = connectClient(s.syncUrl, board.id, board.tokens.facilitator)
    track(facilitator)
    await waitFor(() => facilitator.provider.synced, { what: 'the facilitator to sync' })
    facilitator.records.set('shape:rect1', rectangle(1))
    await waitFor(() => (s.server.rooms.peek(board.id)?.doc.getArray('tldraw').length ?? 0) > 2, { what: 'the note to be committed' })
    disk = { freeBytes: 1024, dataBytes: 0 }
    await s.server.disk.refresh()
    facilitator.records.delete('shape:rect1')
    await waitFor(() => (s.server.rooms.peek(board.id)?.doc.getArray('tldraw').length ?? 0) === 2, { what: 'the deletion to be committed' })
    // The last person leaves a changed board: normally an automatic snapshot, not past the budget.
    facilitator.destroy()
    await waitFor(() => (s.server.rooms.peek(board.id)?.connectionCount ?? 0) === 0, { what: 'the facilitator to leave' })
    await s.server.history.idle()
    expect(await s.server.storage.listSnapshots(board.id)).toEqual([])
  })

  it('refuses once DATA_DIR holds DATA_BUDGET_BYTES', async () => {
    const s = await start({ DATA_BUDGET_BYTES: String(64 * 1024 * 1024) }, { readDisk: async () => ({ freeBytes: 50 * GiB, dataBytes: 64 * 1024 * 1024 }) })
    const res = await post(s, '/api/boards', {})
    expect(res.status).toBe(507)
    expect(((await res.json()) as { message: string }).message).toContain("the server's data has reached its budget (64 MiB of 64 MiB)")
  })
})
