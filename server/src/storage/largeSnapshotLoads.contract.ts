import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { BlobReader } from './BlobReader'
import { READ_SNAPSHOT_IN_WORKER_FROM_BYTES, SNAPSHOT_LOAD_ATTEMPTS } from './loadBoardWithSnapshotApart'
import type { Storage, StoredBoardState } from './Storage'

const id = 'LLLLLLLLLLLLLLLLLLLLLL'

/** A board whose snapshot holds `textLength` bytes of text, with `logged` updates after it. */
async function largeBoard(storage: Storage, textLength: number, logged: number) {
  const doc = new Y.Doc()
  doc.getText('big').insert(0, 'x'.repeat(textLength))
  await storage.createBoard({ id, title: 't', lang: 'en', templates: [] }, Y.encodeStateAsUpdate(doc))
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 1; i <= logged; i++) doc.getMap('m').set(`k${i}`, i)
  for (const u of updates) await storage.appendUpdates(id, [u])
  return { doc, updates }
}

function docOf(state: StoredBoardState): Y.Doc {
  const doc = new Y.Doc()
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot)
  for (const u of state.updates) Y.applyUpdate(doc, u)
  return doc
}

const realGet = BlobReader.prototype.get

/**
 * What every storage with a blob reader must do when it loads a board with a large snapshot
 * (loadBoardWithSnapshotApart.ts): read it on the worker, and never hand back a snapshot and a
 * log that a compaction landing between the two reads tore apart. `withStorage` runs a test on a
 * fresh, empty storage and closes it afterwards.
 */
export function describeLargeSnapshotLoads(name: string, withStorage: (run: (storage: Storage) => Promise<void>) => Promise<void>): void {
  describe(`${name} loading a large snapshot on its blob reader`, () => {
    const run = (test: (storage: Storage) => Promise<void>) => () =>
      withStorage(async (storage) => {
        try {
          await test(storage)
        } finally {
          vi.restoreAllMocks()
        }
      })

    it(
      'reads snapshot and log as they belong together',
      run(async (storage) => {
        const { doc } = await largeBoard(storage, READ_SNAPSHOT_IN_WORKER_FROM_BYTES + 1024, 3)
        const reads = vi.spyOn(BlobReader.prototype, 'get')
        const loaded = (await storage.loadBoard(id))!
        expect(reads).toHaveBeenCalledTimes(1)
        // In shared memory, for the room's slicing worker to read without a copy on the event loop.
        expect(loaded.snapshot!.buffer).toBeInstanceOf(SharedArrayBuffer)
        expect({ snapshotSeq: loaded.snapshotSeq, updates: loaded.updates.length, lastSeq: loaded.lastSeq }).toEqual({ snapshotSeq: 0, updates: 3, lastSeq: 3 })
        expect(docOf(loaded).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
        expect(docOf(loaded).getText('big').length).toBe(doc.getText('big').length)
      }),
    )

    it(
      'reads a smaller snapshot with its log in one transaction, without the worker',
      run(async (storage) => {
        const { doc } = await largeBoard(storage, READ_SNAPSHOT_IN_WORKER_FROM_BYTES - 4096, 2)
        const reads = vi.spyOn(BlobReader.prototype, 'get')
        const loaded = (await storage.loadBoard(id))!
        expect(reads).not.toHaveBeenCalled()
        expect(loaded.snapshot!.buffer).not.toBeInstanceOf(SharedArrayBuffer)
        expect(docOf(loaded).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
        expect(docOf(loaded).getText('big').length).toBe(READ_SNAPSHOT_IN_WORKER_FROM_BYTES - 4096)
      }),
    )

    it(
      'reads both again when a compaction lands between the log and the snapshot: no update lost or repeated',
      run(async (storage) => {
        const { doc, updates } = await largeBoard(storage, READ_SNAPSHOT_IN_WORKER_FROM_BYTES + 1024, 4)
        // The state up to update 2: the initial snapshot and the first two updates.
        const upTo2 = new Y.Doc()
        Y.applyUpdate(upTo2, (await storage.loadBoard(id))!.snapshot!)
        Y.applyUpdate(upTo2, updates[0]!)
        Y.applyUpdate(upTo2, updates[1]!)
        const reads = vi.spyOn(BlobReader.prototype, 'get').mockImplementationOnce(async function (this: BlobReader, ...args: Parameters<typeof realGet>) {
          // As another process or node would: after this load read the log, before the worker reads the snapshot.
          await storage.compact(id, Y.encodeStateAsUpdate(upTo2), 2)
          return realGet.apply(this, args)
        })
        const loaded = (await storage.loadBoard(id))!
        expect(reads).toHaveBeenCalledTimes(2)
        expect({ snapshotSeq: loaded.snapshotSeq, lastSeq: loaded.lastSeq }).toEqual({ snapshotSeq: 2, lastSeq: 4 })
        // Exactly the updates after the new snapshot, each once.
        expect(loaded.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(updates.slice(2).map((u) => Buffer.from(u).toString('hex')))
        expect(docOf(loaded).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
      }),
    )

    it(
      'answers null when the board is deleted between the two reads',
      run(async (storage) => {
        await largeBoard(storage, READ_SNAPSHOT_IN_WORKER_FROM_BYTES + 1024, 1)
        vi.spyOn(BlobReader.prototype, 'get').mockImplementationOnce(async function (this: BlobReader, ...args: Parameters<typeof realGet>) {
          await storage.deleteBoard(id)
          return realGet.apply(this, args)
        })
        expect(await storage.loadBoard(id)).toBeNull()
      }),
    )

    it(
      'reads the board in one transaction once compactions keep landing between the reads',
      run(async (storage) => {
        const { doc, updates } = await largeBoard(storage, READ_SNAPSHOT_IN_WORKER_FROM_BYTES + 1024, SNAPSHOT_LOAD_ATTEMPTS + 1)
        let compacted = 0
        const replay = new Y.Doc()
        Y.applyUpdate(replay, (await storage.loadBoard(id))!.snapshot!)
        const reads = vi.spyOn(BlobReader.prototype, 'get').mockImplementation(async function (this: BlobReader, ...args: Parameters<typeof realGet>) {
          Y.applyUpdate(replay, updates[compacted]!)
          await storage.compact(id, Y.encodeStateAsUpdate(replay), ++compacted)
          return realGet.apply(this, args)
        })
        const loaded = (await storage.loadBoard(id))!
        expect(reads.mock.calls.length).toBe(SNAPSHOT_LOAD_ATTEMPTS)
        expect({ snapshotSeq: loaded.snapshotSeq, updates: loaded.updates.length, lastSeq: loaded.lastSeq }).toEqual({
          snapshotSeq: SNAPSHOT_LOAD_ATTEMPTS,
          updates: 1,
          lastSeq: SNAPSHOT_LOAD_ATTEMPTS + 1,
        })
        expect(docOf(loaded).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
      }),
    )

    it(
      'reads history snapshots and images on the worker, their bytes whole',
      run(async (storage) => {
        await largeBoard(storage, 10, 0)
        // Whatever their size: a download waits for the worker's round trip, a cold open does not.
        const bytes = new Uint8Array(300_007).map((_, i) => i % 253)
        const info = await storage.putSnapshot(id, { label: 'stor', author: 'Kari', kind: 'manual' }, bytes)
        await storage.putAsset(id, 'image-1', { contentType: 'image/png', data: bytes })
        const reads = vi.spyOn(BlobReader.prototype, 'get')
        expect(Buffer.from((await storage.getSnapshot(id, info.id))!.data).equals(Buffer.from(bytes))).toBe(true)
        expect(Buffer.from((await storage.getAsset(id, 'image-1'))!.data).equals(Buffer.from(bytes))).toBe(true)
        expect(reads).toHaveBeenCalledTimes(2)
      }),
    )
  })
}
