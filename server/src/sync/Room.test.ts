import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import pino from 'pino'
import * as encoding from 'lib0/encoding'
import { CloseCode, DOC_RECORDS, recordsArray } from '@whiteboard/shared'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'
import { MemoryStorage } from '../storage/MemoryStorage'
import { StorageHealth } from '../storage/StorageHealth'
import type { BoardLog } from './BoardLog'
import { readStoredBoard } from './boardLoading'
import type { Connection } from './Connection'
import { Room, type RoomOptions } from './Room'
import { silentObserver } from './SyncObserver'
import { defaultUpdateGuard, type UpdateGuard } from './updateGuard'
import { ValuePool } from './ValuePool'

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'

/** A room on a memory storage whose commits go through `boardLog` (the storage's log unless `refuse`). */
async function openRoom(opts: { refuse?: boolean; compactAfterUpdates?: number; appliedThrough?: () => number; values?: ValuePool; guard?: UpdateGuard } = {}) {
  const storage = new MemoryStorage()
  await storage.createBoard({ id: BOARD, title: 't', lang: 'en', templates: [] }, Y.encodeStateAsUpdate(new Y.Doc()))
  const persisted: number[] = []
  const committed: number[] = []
  const observer = { ...silentObserver(), persisted: (seconds: number) => persisted.push(seconds) }
  const health = new StorageHealth()
  const boardLog: BoardLog = {
    commit: (boardId, update) => (opts.refuse ? Promise.reject(Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' })) : storage.appendUpdates(boardId, [update])),
    committed: (_boardId, seq) => committed.push(seq),
    ...(opts.appliedThrough ? { appliedThrough: opts.appliedThrough } : {}),
  }
  const roomOptions: RoomOptions = {
    boardId: BOARD,
    storage,
    boardLog,
    log: pino({ level: 'silent' }),
    guard: opts.guard ?? defaultUpdateGuard,
    compactAfterUpdates: opts.compactAfterUpdates ?? 1000,
    compactAfterBytes: 1 << 30,
    observer,
    health,
    onEmpty: () => {},
    onFailed: () => {},
    ...(opts.values ? { values: opts.values } : {}),
  }
  const room = await Room.build(roomOptions, await readStoredBoard(roomOptions))
  return { room, storage, persisted, committed, health }
}

/** A participant's connection as the room's intake sees it; it notes its refusals. */
function participantConnection(): { conn: Connection; refusals: Array<{ code: number; reason: string }> } {
  const refusals: Array<{ code: number; reason: string }> = []
  const conn = {
    role: 'participant',
    voterId: undefined,
    log: pino({ level: 'silent' }),
    refuse: (code: number, reason: string) => refusals.push({ code, reason }),
    send: () => {},
  }
  return { conn: conn as unknown as Connection, refusals }
}

/** The update that pushes rectangles `ns` onto the records of a doc holding `base`'s state, each changed by `patch`. */
function rectanglesUpdate(base: Y.Doc, ns: number[], patch: (r: Record<string, unknown>) => void = () => {}): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  recordsArray(doc).push(
    ns.map((n) => {
      const val = { ...rectangleRecord({ id: `shape:rect${n}`, x: n * 20 }) } as Record<string, unknown>
      patch(val)
      return { key: `shape:rect${n}`, val } as never
    }),
  )
  return Y.encodeStateAsUpdate(doc, before)
}

describe('Room: one commit path for people and the server', () => {
  it('commits a server change through the board log, counts its commit time, tells the log, and applies it', async () => {
    const { room, storage, persisted, committed } = await openRoom()
    expect(await room.applyServerChange((doc) => doc.getMap('meta').set('title', 'x'))).toBe(true)
    expect(room.doc.getMap('meta').get('title')).toBe('x')
    expect(persisted).toHaveLength(1)
    expect(committed).toEqual([1])
    expect((await storage.loadBoard(BOARD))!.lastSeq).toBe(1)
    // A change that changes nothing commits nothing.
    expect(await room.applyServerChange(() => {})).toBe(false)
    expect(persisted).toHaveLength(1)
    await room.close()
  })

  it('rejects a server change storage refuses, reports the board failing to save, and applies none of it', async () => {
    const { room, persisted, committed, health } = await openRoom({ refuse: true })
    await expect(room.applyServerChange((doc) => doc.getMap('meta').set('title', 'x'))).rejects.toThrow('disk full')
    expect(room.doc.getMap('meta').get('title')).toBeUndefined()
    expect(health.failingCount).toBe(1)
    expect(persisted).toEqual([])
    expect(committed).toEqual([])
    // The room stays open for what comes next.
    expect(room.isOpen).toBe(true)
    await room.close()
  })

  it('keeps the values of what it commits in the value pool\'s compact form', async () => {
    const { room } = await openRoom({ values: new ValuePool() })
    await room.applyServerChange((doc) => doc.getMap('meta').set('title', { words: ['a', 'b'] }))
    const stored = room.doc.getMap('meta').get('title')
    expect(stored).toEqual({ words: ['a', 'b'] })
    // Small word-only values are shared, frozen, across boards (ValuePool.share).
    expect(Object.isFrozen(stored)).toBe(true)
    await room.close()
  })

  it('applies the very values the update guards judged: a client update is read once, a refused one never applied', async () => {
    const judged: unknown[] = []
    const guard: UpdateGuard = (update, ctx) => {
      judged.push(...ctx.effect.records.map((r) => r.val))
      return defaultUpdateGuard(update, ctx)
    }
    const { room, storage } = await openRoom({ guard, values: new ValuePool() })
    const { conn, refusals } = participantConnection()
    const update = rectanglesUpdate(room.doc, [1, 2, 3])
    room.receiveUpdate(conn, update, room.decodeUpdate(update), false)
    await room.settled()
    const held = recordsArray(room.doc)
      .toArray()
      .map((entry) => entry.val as { id: string })
    expect(held.map((r) => r.id)).toEqual(['shape:rect1', 'shape:rect2', 'shape:rect3'])
    expect(judged).toHaveLength(3)
    // Not equal copies: the objects the guards judged are the ones the doc holds.
    held.forEach((record, i) => expect(record).toBe(judged[i]))
    expect((await storage.loadBoard(BOARD))!.updates).toHaveLength(1)

    const invalid = rectanglesUpdate(room.doc, [4], (r) => (r.x = 'left'))
    room.receiveUpdate(conn, invalid, room.decodeUpdate(invalid), false)
    await room.settled()
    expect(refusals).toEqual([{ code: CloseCode.INVALID_UPDATE, reason: expect.stringMatching(/^Refused an invalid record: shape at \(type = geo\)\.x/) as string }])
    expect(recordsArray(room.doc).length).toBe(3)
    expect((await storage.loadBoard(BOARD))!.updates).toHaveLength(1)
    await room.close()
  })

  it('merges the edits of a turn into one commit, but commits an update of several clients on its own: Yjs would drop some of its items', async () => {
    const { room, storage } = await openRoom({ values: new ValuePool() })
    const { conn, refusals } = participantConnection()
    const receive = (update: Uint8Array) => room.receiveUpdate(conn, update, room.decodeUpdate(update), false)
    const stored = async () => (await storage.loadBoard(BOARD))!.updates.length
    const ids = () => recordsArray(room.doc).toArray().map((entry) => entry.key).sort()

    receive(rectanglesUpdate(room.doc, [1]))
    receive(rectanglesUpdate(room.doc, [2]))
    await room.settled()
    expect(ids()).toEqual(['shape:rect1', 'shape:rect2'])
    expect(await stored()).toBe(1)

    // One record from each of clients 7, 8 and 9, listed in ascending order, where Yjs writes
    // descending; merged with another update it kept client 7's record alone.
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 3)
    for (const client of [7, 8, 9]) {
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, client)
      encoding.writeVarUint(e, 0)
      encoding.writeUint8(e, 8)
      encoding.writeVarUint(e, 1)
      encoding.writeVarString(e, DOC_RECORDS)
      encoding.writeVarUint(e, 1)
      encoding.writeAny(e, { key: `shape:rect${client}`, val: rectangleRecord({ id: `shape:rect${client}`, x: client }) } as never)
    }
    encoding.writeVarUint(e, 0)
    receive(encoding.toUint8Array(e))
    receive(rectanglesUpdate(room.doc, [3]))
    await room.settled()
    expect(refusals).toEqual([])
    expect(ids()).toEqual(['shape:rect1', 'shape:rect2', 'shape:rect3', 'shape:rect7', 'shape:rect8', 'shape:rect9'])
    expect(await stored()).toBe(3)
    const replayed = new Y.Doc()
    for (const update of (await storage.loadBoard(BOARD))!.updates) Y.applyUpdate(replayed, update)
    expect(recordsArray(replayed).length).toBe(6)
    await room.close()
  })

  it("applies another node's update without committing it, and compacts no further than the board log says the doc holds", async () => {
    let through = 0
    const { room, storage } = await openRoom({ compactAfterUpdates: 2, appliedThrough: () => through })
    // Another node committed seq 1; this node has it.
    const other = new Y.Doc()
    other.getMap('meta').set('lang', 'nb')
    const remote = Y.encodeStateAsUpdate(other)
    await storage.appendUpdates(BOARD, [remote])
    room.applyRemote(remote)
    through = 1
    expect(room.doc.getMap('meta').get('lang')).toBe('nb')
    expect((await storage.loadBoard(BOARD))!.lastSeq).toBe(1)
    // Seq 2 is another node's and has not arrived; this node's change becomes seq 3.
    await storage.appendUpdates(BOARD, [Y.encodeStateAsUpdate(new Y.Doc())])
    await room.applyServerChange((doc) => doc.getMap('meta').set('title', 'x'))
    await room.settled()
    const stored = (await storage.loadBoard(BOARD))!
    // Compacted up to 1, what the doc held of every node's commits; 2 and 3 stay logged.
    expect(stored).toMatchObject({ snapshotSeq: 1, lastSeq: 3 })
    expect(stored.updates).toHaveLength(2)
    await room.close()
  })
})
