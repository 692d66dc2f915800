import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import pino from 'pino'
import { MemoryStorage } from '../storage/MemoryStorage'
import { StorageHealth } from '../storage/StorageHealth'
import type { BoardLog } from './BoardLog'
import { readStoredBoard } from './boardLoading'
import { Room, type RoomOptions } from './Room'
import { silentObserver } from './SyncObserver'
import { defaultUpdateGuard } from './updateGuard'
import { ValuePool } from './ValuePool'

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'

/** A room on a memory storage whose commits go through `boardLog` (the storage's log unless `refuse`). */
async function openRoom(opts: { refuse?: boolean; compactAfterUpdates?: number; appliedThrough?: () => number; values?: ValuePool } = {}) {
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
    guard: defaultUpdateGuard,
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
