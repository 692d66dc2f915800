import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { metaMap, MetaKey, recordsArray, type CreateBoardResponse } from '@whiteboard/shared'
import {
  MAX_SNAPSHOT_NAME_LENGTH,
  type RestoreResponse,
  type SnapshotListResponse,
  type SnapshotRecordsResponse,
  type SnapshotSummary,
} from '@whiteboard/shared/api/historyApi'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseRestoreNotice } from '@whiteboard/shared/facilitation/restoreNotice'
import { MAX_KEPT_SNAPSHOTS_PER_BOARD } from '../src/history/BoardHistory'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { ownServerPerTest } from './ownServerPerTest'
import type { TestServer } from './testServer'
import { waitFor } from './waitFor'

const { start, client, restart } = ownServerPerTest()

async function synced(c: SyncClient): Promise<void> {
  await waitFor(() => c.provider.synced, { what: 'the client to sync' })
}

function api(s: TestServer, method: string, path: string, token: string | undefined, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {}
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${s.origin}/api/boards${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
}

async function take(s: TestServer, board: CreateBoardResponse, body: Record<string, unknown> = {}): Promise<SnapshotSummary> {
  const res = await api(s, 'POST', `/${board.id}/snapshots`, board.tokens.facilitator, body)
  expect(res.status).toBe(201)
  return (await res.json()) as SnapshotSummary
}

async function list(s: TestServer, board: CreateBoardResponse): Promise<SnapshotListResponse> {
  const res = await api(s, 'GET', `/${board.id}/snapshots`, board.tokens.facilitator)
  expect(res.status).toBe(200)
  return (await res.json()) as SnapshotListResponse
}

async function restore(s: TestServer, board: CreateBoardResponse, sid: string, author = 'Kari'): Promise<RestoreResponse> {
  const res = await api(s, 'POST', `/${board.id}/snapshots/${sid}/restore`, board.tokens.facilitator, { author })
  expect(res.status).toBe(200)
  return (await res.json()) as RestoreResponse
}

/** A valid summon (shared/src/facilitation/summonRequest.ts), standing for the facilitation state a restore leaves alone. */
const SUMMON = { seq: 1, by: 'user-kari', pageId: 'page:page', bounds: { x: 0, y: 0, w: 800, h: 600 } }

/** Label text of a test rectangle as a client sees it. */
function labelOf(c: SyncClient, id: string): string | undefined {
  const rec = c.records.get(id) as { props?: { richText?: { content?: { content?: { text?: string }[] }[] } } } | undefined
  return rec?.props?.richText?.content?.[0]?.content?.[0]?.text
}

/** Until the server has committed what `c` sent: another client on the board sees `ids`. */
async function committed(s: TestServer, board: CreateBoardResponse, ids: string[]): Promise<void> {
  const probe = connectClient(s.syncUrl, board.id, board.tokens.viewer)
  try {
    await synced(probe)
    await waitFor(() => ids.every((id) => probe.records.map.has(id)), { what: `the server to hold ${ids.join(', ')}` })
  } finally {
    probe.destroy()
  }
}

describe('board history against SQLite storage', () => {
  it('takes a named snapshot, lists it with its cost, and serves it as records and as Yjs state', async () => {
    const s = await start()
    const board = await s.createBoard({ title: 'Historikk' })
    const alice = client(s, board, 'facilitator')
    await synced(alice)
    alice.records.set('shape:rect1', rectangle(1, 'first idea'))
    await committed(s, board, ['shape:rect1'])

    const taken = await take(s, board, { name: '  Før avstemning  ', author: 'Kari' })
    expect(taken).toMatchObject({ kind: 'manual', name: 'Før avstemning', author: 'Kari' })
    expect(taken.bytes).toBeGreaterThan(100)
    expect(Math.abs(taken.takenAt - Date.now())).toBeLessThan(60_000)

    const listed = await list(s, board)
    expect(listed.snapshots).toEqual([taken])
    expect(listed.storage.snapshotBytes).toBe(taken.bytes)
    expect(listed.storage.boardBytes).toBeGreaterThan(0)
    expect(listed.storage.totalBytes).toBe(listed.storage.snapshotBytes + listed.storage.boardBytes)
    expect(listed.retention).toEqual({ autoKeep: 50, keptDays: 180 })

    const recordsRes = await api(s, 'GET', `/${board.id}/snapshots/${taken.id}`, board.tokens.facilitator)
    expect(recordsRes.status).toBe(200)
    const records = (await recordsRes.json()) as SnapshotRecordsResponse
    expect(records.snapshot).toEqual(taken)
    expect(records.schema).toMatchObject({ schemaVersion: expect.any(Number) })
    const ids = records.records.map((r) => (r as { id: string }).id).sort()
    expect(ids).toEqual(['document:document', 'page:page', 'shape:rect1'])

    const binRes = await api(s, 'GET', `/${board.id}/snapshots/${taken.id}?format=yjs`, board.tokens.facilitator)
    expect(binRes.headers.get('content-type')).toMatch(/application\/octet-stream/)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(await binRes.arrayBuffer()))
    const kv = new YKeyValue<unknown>(recordsArray(doc))
    expect((kv.get('shape:rect1') as { id: string }).id).toBe('shape:rect1')
    expect(metaMap(doc).get(MetaKey.TITLE)).toBe('Historikk')
    kv.destroy()
    doc.destroy()

    // A board nobody has open is snapshotted from storage.
    alice.destroy()
    await waitFor(() => s.server.rooms.peek(board.id) === undefined, { what: 'the room to unload' })
    const cold = await take(s, board, { name: 'kald', kind: 'before-template' })
    expect(cold.kind).toBe('before-template')
    const coldRecords = (await (await api(s, 'GET', `/${board.id}/snapshots/${cold.id}`, board.tokens.facilitator)).json()) as SnapshotRecordsResponse
    expect(coldRecords.records.map((r) => (r as { id: string }).id)).toContain('shape:rect1')
  })

  it('restores live and without loss: a connected client sees the old state, and restoring the before-restore snapshot brings the edit back', async () => {
    const s = await start()
    const board = await s.createBoard({ title: 'Gjenoppretting' })
    const facilitator = client(s, board, 'facilitator')
    const participant = client(s, board, 'participant')
    await synced(facilitator)
    await synced(participant)
    facilitator.records.set('shape:rect1', rectangle(1, 'original'))
    await committed(s, board, ['shape:rect1'])
    const earlier = await take(s, board, { name: 'Start', author: 'Kari' })

    // The participant edits after the snapshot: changes one note and adds two.
    participant.doc.transact(() => {
      participant.records.set('shape:rect1', rectangle(1, 'changed'))
      participant.records.set('shape:rect2', rectangle(2, 'new'))
      participant.records.set('shape:rect3', rectangle(3, 'newer'))
    })
    await waitFor(() => labelOf(facilitator, 'shape:rect1') === 'changed' && facilitator.records.map.has('shape:rect3'), {
      what: "the facilitator to see the participant's edit",
    })

    const restored = await restore(s, board, earlier.id)
    expect(restored.restored).toEqual(earlier)
    expect(restored.before).toMatchObject({ kind: 'before-restore', author: 'Kari' })
    expect(restored.changedRecords).toBe(3)

    // Both connected clients see the board change live, without reconnecting.
    await waitFor(() => participant.shapeIds().join() === 'shape:rect1' && labelOf(participant, 'shape:rect1') === 'original', {
      what: 'the participant to see the restored board',
    })
    await waitFor(() => facilitator.shapeIds().join() === 'shape:rect1', { what: 'the facilitator to see the restored board' })
    expect(participant.closes).toEqual([])
    // In the same change, everyone on the board is told which version it shows now.
    const notice = parseRestoreNotice(participant.doc.getMap('facilitation').get(FacilitationKey.RESTORED))
    expect(notice).toMatchObject({ seq: 1, versionAt: earlier.takenAt })
    expect(notice!.at).toBeGreaterThanOrEqual(restored.before.takenAt)

    // Nothing was lost: the replaced state is a snapshot in the list...
    const listed = await list(s, board)
    expect(listed.snapshots.map((x) => x.kind)).toEqual(['before-restore', 'manual'])
    const before = (await (await api(s, 'GET', `/${board.id}/snapshots/${restored.before.id}`, board.tokens.facilitator)).json()) as SnapshotRecordsResponse
    expect(before.records.map((r) => (r as { id: string }).id).sort()).toEqual(['document:document', 'page:page', 'shape:rect1', 'shape:rect2', 'shape:rect3'])

    // ...and restoring it undoes the restore, again live.
    const undone = await restore(s, board, restored.before.id)
    expect(undone.changedRecords).toBe(3)
    await waitFor(() => participant.shapeIds().join() === 'shape:rect1,shape:rect2,shape:rect3' && labelOf(participant, 'shape:rect1') === 'changed', {
      what: 'the participant to see the edit come back',
    })
    expect(parseRestoreNotice(participant.doc.getMap('facilitation').get(FacilitationKey.RESTORED))).toMatchObject({ seq: 2, versionAt: restored.before.takenAt })
    // Only the server writes the notice: a facilitator's own write of it is refused, as any unknown facilitation key.
    const forger = client(s, board, 'facilitator')
    await synced(forger)
    forger.doc.getMap('facilitation').set(FacilitationKey.RESTORED, { seq: 9, at: 0, versionAt: 0 })
    await waitFor(() => forger.closes.length > 0, { what: 'the forged notice to be refused' })
    expect(parseRestoreNotice(participant.doc.getMap('facilitation').get(FacilitationKey.RESTORED))?.seq).toBe(2)

    // The participant keeps editing on the restored board as usual.
    participant.records.set('shape:rect4', rectangle(4, 'after'))
    await waitFor(() => facilitator.records.map.has('shape:rect4'), { what: 'an edit after the restore to sync' })

    // The restore was committed like any update: a restarted server serves it.
    const restarted = await restart(s)
    const late = client(restarted, board, 'viewer')
    await synced(late)
    expect(late.shapeIds()).toEqual(['shape:rect1', 'shape:rect2', 'shape:rect3', 'shape:rect4'])
    expect(labelOf(late, 'shape:rect1')).toBe('changed')
  })

  it('restores a board nobody has open, and leaves facilitation state alone', async () => {
    const s = await start()
    const board = await s.createBoard()
    const facilitator = client(s, board, 'facilitator')
    await synced(facilitator)
    const snap = await take(s, board, { name: 'tom' })
    facilitator.doc.transact(() => {
      facilitator.records.set('shape:rect1', rectangle(1))
      facilitator.doc.getMap('facilitation').set('summon', SUMMON)
    })
    await committed(s, board, ['shape:rect1'])
    facilitator.destroy()
    await waitFor(() => s.server.rooms.peek(board.id) === undefined, { what: 'the room to unload' })

    const restored = await restore(s, board, snap.id)
    expect(restored.changedRecords).toBe(1)
    const later = client(s, board, 'viewer')
    await synced(later)
    expect(later.shapeIds()).toEqual([])
    expect(later.doc.getMap('facilitation').get('summon')).toEqual(SUMMON)
  })

  it('keeps the newest automatic snapshots only, and every manual one', async () => {
    const s = await start({ SNAPSHOT_RETENTION: 'auto:2,days:30' })
    const board = await s.createBoard()
    const facilitator = client(s, board, 'facilitator')
    await synced(facilitator)
    const manualOld = await take(s, board, { name: 'm1' })
    const rolling: SnapshotSummary[] = []
    for (let i = 1; i <= 4; i++) {
      facilitator.records.set(`shape:rect${i}`, rectangle(i))
      await committed(s, board, [`shape:rect${i}`])
      rolling.push(await take(s, board, { kind: 'before-template' }))
    }
    const manualNew = await take(s, board, { name: 'm2' })
    const listed = await list(s, board)
    expect(listed.retention).toEqual({ autoKeep: 2, keptDays: 30 })
    expect(listed.snapshots.map((x) => x.id)).toEqual([manualNew.id, rolling[3]!.id, rolling[2]!.id, manualOld.id])
    expect(listed.storage.snapshotBytes).toBe(listed.snapshots.reduce((n, x) => n + x.bytes, 0))
  })

  it('takes an automatic snapshot when the last person leaves a changed board, and none for a visit that changed nothing', async () => {
    const s = await start()
    const board = await s.createBoard()
    const visitor = client(s, board, 'viewer')
    await synced(visitor)
    visitor.destroy()
    await waitFor(() => s.server.rooms.peek(board.id) === undefined, { what: 'the room to unload after a visit' })

    const a = client(s, board, 'participant')
    const b = client(s, board, 'participant')
    await synced(a)
    await synced(b)
    a.records.set('shape:rect1', rectangle(1, 'last words'))
    await waitFor(() => b.records.map.has('shape:rect1'), { what: 'b to see the edit' })
    a.destroy()
    // One person is still here: no snapshot yet. The last edit goes out right before leaving.
    b.records.set('shape:rect2', rectangle(2, 'parting note'))
    b.destroy()
    const idle = await waitFor(async () => (await list(s, board)).snapshots.find((x) => x.kind === 'auto-idle'), { what: 'an auto-idle snapshot' })
    expect(idle).toMatchObject({ author: '', name: '' })
    const content = (await (await api(s, 'GET', `/${board.id}/snapshots/${idle.id}`, board.tokens.facilitator)).json()) as SnapshotRecordsResponse
    expect(content.records.map((r) => (r as { id: string }).id)).toEqual(expect.arrayContaining(['shape:rect1', 'shape:rect2']))
    expect((await list(s, board)).snapshots).toHaveLength(1)
  })

  it('takes an automatic snapshot after the interval when the board changed', async () => {
    const s = await start({ SNAPSHOT_INTERVAL_MS: '100' })
    const board = await s.createBoard()
    const a = client(s, board, 'participant')
    await synced(a)
    a.records.set('shape:rect1', rectangle(1))
    const first = await waitFor(async () => (await list(s, board)).snapshots.find((x) => x.kind === 'auto-activity'), { what: 'an auto-activity snapshot' })
    a.records.set('shape:rect2', rectangle(2))
    const second = await waitFor(async () => (await list(s, board)).snapshots.find((x) => x.kind === 'auto-activity' && x.id !== first.id), {
      what: 'a second auto-activity snapshot after another edit',
    })
    const content = (await (await api(s, 'GET', `/${board.id}/snapshots/${second.id}`, board.tokens.facilitator)).json()) as SnapshotRecordsResponse
    expect(content.records.map((r) => (r as { id: string }).id)).toContain('shape:rect2')
  })

  it('lets only the facilitator in, and refuses malformed requests with a reason', async () => {
    const s = await start()
    const board = await s.createBoard()
    const other = await s.createBoard()
    const snap = await take(s, board, { name: 'x' })
    const routes: [string, string, unknown?][] = [
      ['GET', `/${board.id}/snapshots`],
      ['POST', `/${board.id}/snapshots`, { name: 'sneaky' }],
      ['GET', `/${board.id}/snapshots/${snap.id}`],
      ['POST', `/${board.id}/snapshots/${snap.id}/restore`, {}],
      ['DELETE', `/${board.id}/snapshots/${snap.id}`],
    ]
    for (const [method, path, body] of routes) {
      for (const role of ['participant', 'viewer'] as const) {
        const res = await api(s, method, path, board.tokens[role], body)
        expect(res.status, `${role} ${method} ${path}`).toBe(403)
        expect(((await res.json()) as { message: string }).message).toMatch(/Only the facilitator/)
      }
      expect((await api(s, method, path, undefined, body)).status, `no token ${method} ${path}`).toBe(401)
      expect((await api(s, method, path, other.tokens.facilitator, body)).status, `other board ${method} ${path}`).toBe(401)
    }
    // Nothing the refused requests asked for happened.
    expect((await list(s, board)).snapshots.map((x) => x.id)).toEqual([snap.id])

    const f = board.tokens.facilitator
    const bad = async (method: string, path: string, body: unknown, status: number, error: string) => {
      const res = await api(s, method, path, f, body)
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status)
      expect(((await res.json()) as { error: string }).error).toBe(error)
    }
    await bad('POST', `/${board.id}/snapshots`, { name: 'x'.repeat(MAX_SNAPSHOT_NAME_LENGTH + 1) }, 400, 'invalid_body')
    await bad('POST', `/${board.id}/snapshots`, { kind: 'auto-idle' }, 400, 'invalid_body')
    await bad('POST', `/${board.id}/snapshots`, { label: 'typo' }, 400, 'invalid_body')
    await bad('POST', `/${board.id}/snapshots`, { author: 'x'.repeat(500) }, 400, 'invalid_body')
    await bad('POST', `/${board.id}/snapshots/${snap.id}/restore`, { author: 7 }, 400, 'invalid_body')
    await bad('GET', `/${board.id}/snapshots/not-a-snapshot`, undefined, 400, 'bad_snapshot_id')
    await bad('GET', `/${board.id}/snapshots/00000000-0000-4000-8000-000000000000`, undefined, 404, 'snapshot_not_found')
    await bad('POST', `/${board.id}/snapshots/00000000-0000-4000-8000-000000000000/restore`, {}, 404, 'snapshot_not_found')
    // Another board's snapshot is not found through this board.
    await bad('GET', `/${other.id}/snapshots/${snap.id}`, undefined, 401, 'auth_denied')
    const otherRes = await api(s, 'GET', `/${other.id}/snapshots/${snap.id}`, other.tokens.facilitator)
    expect(otherRes.status).toBe(404)
    await bad('GET', `/not-a-board/snapshots`, undefined, 400, 'bad_board_id')

    // The facilitator may delete a snapshot.
    expect((await api(s, 'DELETE', `/${board.id}/snapshots/${snap.id}`, f)).status).toBe(204)
    expect((await list(s, board)).snapshots).toEqual([])
  })

  it(`refuses more than ${MAX_KEPT_SNAPSHOTS_PER_BOARD} named snapshots on one board, and restores then too only after some are deleted`, async () => {
    const s = await start()
    const board = await s.createBoard()
    const first = await take(s, board, { name: 'n0' })
    for (let i = 1; i < MAX_KEPT_SNAPSHOTS_PER_BOARD; i++) await take(s, board, { name: `n${i}` })
    const refused = await api(s, 'POST', `/${board.id}/snapshots`, board.tokens.facilitator, { name: 'one too many' })
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { message: string }).message).toMatch(/Delete some/)
    const restoreRefused = await api(s, 'POST', `/${board.id}/snapshots/${first.id}/restore`, board.tokens.facilitator, {})
    expect(restoreRefused.status).toBe(409)
    // Automatic ones still go in: they are kept by count.
    await take(s, board, { kind: 'before-template' })
    expect((await api(s, 'DELETE', `/${board.id}/snapshots/${first.id}`, board.tokens.facilitator)).status).toBe(204)
    await take(s, board, { name: 'room again' })
  })
})
