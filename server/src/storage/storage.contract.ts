import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { BoardNotFoundError } from './BoardNotFoundError'
import type { NewGathering } from './GatheringRecord'
import type { NewBoardMeta, Storage } from './Storage'

/** What each implementation's test file hands the contract suite. */
export interface StorageHarness {
  storage: Storage
  /** Closes and opens the same backing store again; absent for stores that do not outlive their object. */
  reopen?: () => Promise<Storage>
  /** Releases everything (temp dirs included). */
  dispose: () => Promise<void>
}

const BOARD_A = 'AAAAAAAAAAAAAAAAAAAAAA'
const BOARD_B = 'BBBBBBBBBBBBBBBBBBBBBB'

function meta(id: string, title = 'Workshop'): NewBoardMeta {
  return { id, title, lang: 'nb', templates: ['journey-map'] }
}

function docUpdate(fill: (doc: Y.Doc) => void, base?: Uint8Array): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc()
  if (base) Y.applyUpdate(doc, base)
  const before = Y.encodeStateVector(doc)
  fill(doc)
  return { doc, update: Y.encodeStateAsUpdate(doc, before) }
}

function rebuild(state: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc()
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot)
  for (const update of state.updates) Y.applyUpdate(doc, update)
  return doc
}

/** The behaviour every `Storage` must show. Call it from one test file per implementation. */
export function describeStorageContract(name: string, open: () => Promise<StorageHarness>): void {
  describe(`Storage contract: ${name}`, () => {
    let harness: StorageHarness
    let storage: Storage

    beforeEach(async () => {
      harness = await open()
      storage = harness.storage
    })
    afterEach(async () => {
      await harness.dispose()
    })

    it('creates a board and reads its meta and initial state back', async () => {
      const initial = docUpdate((d) => d.getMap('m').set('k', 'v')).update
      const created = await storage.createBoard(meta(BOARD_A), initial)
      expect(created).toMatchObject({ id: BOARD_A, title: 'Workshop', lang: 'nb', templates: ['journey-map'] })
      expect(typeof created.createdAt).toBe('number')
      expect(await storage.getBoardMeta(BOARD_A)).toEqual(created)
      const state = await storage.loadBoard(BOARD_A)
      expect(state).toMatchObject({ snapshotSeq: 0, lastSeq: 0, updates: [] })
      expect(rebuild(state!).getMap('m').get('k')).toBe('v')
    })

    it('keeps a board and a gathering in nynorsk as nynorsk', async () => {
      const created = await storage.createBoard({ ...meta(BOARD_A), lang: 'nn' }, new Uint8Array([0, 0]))
      expect(created.lang).toBe('nn')
      expect((await storage.getBoardMeta(BOARD_A))?.lang).toBe('nn')
      await storage.createGathering({ ...gathering(GATHERING_1, [BOARD_A]), lang: 'nn' })
      expect((await storage.getGathering(GATHERING_1))?.lang).toBe('nn')
    })

    it('refuses a second board with the same id', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await expect(storage.createBoard(meta(BOARD_A, 'again'), new Uint8Array([0, 0]))).rejects.toThrow()
      expect((await storage.getBoardMeta(BOARD_A))?.title).toBe('Workshop')
    })

    it('answers null for an unknown board and refuses writes to it', async () => {
      expect(await storage.getBoardMeta(BOARD_B)).toBeNull()
      expect(await storage.loadBoard(BOARD_B)).toBeNull()
      expect(await storage.updateBoardMeta(BOARD_B, { title: 'x' })).toBeNull()
      await expect(storage.appendUpdates(BOARD_B, [new Uint8Array([1])])).rejects.toBeInstanceOf(BoardNotFoundError)
      await expect(storage.compact(BOARD_B, new Uint8Array([0, 0]), 0)).rejects.toBeInstanceOf(BoardNotFoundError)
      await expect(storage.putSnapshot(BOARD_B, { label: 'x', author: 'y', kind: 'manual' }, new Uint8Array([1]))).rejects.toBeInstanceOf(BoardNotFoundError)
      await expect(storage.putAsset(BOARD_B, 'a', { contentType: 'image/png', data: new Uint8Array([1]) })).rejects.toBeInstanceOf(BoardNotFoundError)
      expect(await storage.listSnapshots(BOARD_B)).toEqual([])
      expect(await storage.getAsset(BOARD_B, 'a')).toBeNull()
    })

    it('updates the title', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      expect((await storage.updateBoardMeta(BOARD_A, { title: 'Renamed' }))?.title).toBe('Renamed')
      expect((await storage.getBoardMeta(BOARD_A))?.title).toBe('Renamed')
    })

    it('appends updates in order with increasing sequence numbers, per board', async () => {
      const init = docUpdate(() => {}).update
      await storage.createBoard(meta(BOARD_A), init)
      await storage.createBoard(meta(BOARD_B), init)
      const writer = new Y.Doc()
      const updates: Uint8Array[] = []
      writer.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 0; i < 5; i++) writer.getArray<number>('a').push([i])
      expect(await storage.appendUpdates(BOARD_A, updates.slice(0, 2))).toBe(2)
      expect(await storage.appendUpdates(BOARD_A, updates.slice(2))).toBe(5)
      expect(await storage.appendUpdates(BOARD_B, updates.slice(0, 1))).toBe(1)
      const a = (await storage.loadBoard(BOARD_A))!
      expect(a.lastSeq).toBe(5)
      expect(a.updates).toHaveLength(5)
      expect(a.updates.map((u) => Array.from(u))).toEqual(updates.map((u) => Array.from(u)))
      expect(rebuild(a).getArray('a').toArray()).toEqual([0, 1, 2, 3, 4])
      expect(rebuild((await storage.loadBoard(BOARD_B))!).getArray('a').toArray()).toEqual([0])
    })

    it('keeps its own copies of byte arrays', async () => {
      const init = docUpdate((d) => d.getMap('m').set('k', 1)).update
      await storage.createBoard(meta(BOARD_A), init)
      const update = docUpdate((d) => d.getMap('m').set('k', 2), init).update
      const original = Array.from(update)
      await storage.appendUpdates(BOARD_A, [update])
      update.fill(0)
      const loaded = (await storage.loadBoard(BOARD_A))!
      expect(Array.from(loaded.updates[0]!)).toEqual(original)
      loaded.updates[0]!.fill(0)
      expect(Array.from((await storage.loadBoard(BOARD_A))!.updates[0]!)).toEqual(original)
    })

    it('compacts a prefix of the log into a snapshot and keeps later updates', async () => {
      const init = docUpdate((d) => d.getMap('m').set('init', true))
      await storage.createBoard(meta(BOARD_A), init.update)
      const doc = init.doc
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 0; i < 4; i++) doc.getMap('m').set(`k${i}`, i)
      await storage.appendUpdates(BOARD_A, updates.slice(0, 3))
      const compacted = Y.encodeStateAsUpdate(rebuild({ snapshot: init.update, updates: updates.slice(0, 3) }))
      await storage.appendUpdates(BOARD_A, updates.slice(3))
      expect(await storage.compact(BOARD_A, compacted, 3)).toBe(true)
      const state = (await storage.loadBoard(BOARD_A))!
      expect(state).toMatchObject({ snapshotSeq: 3, lastSeq: 4 })
      expect(state.updates).toHaveLength(1)
      expect(rebuild(state).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
      // Sequence numbers keep counting after compaction.
      expect(await storage.appendUpdates(BOARD_A, [docUpdate((d) => d.getMap('m').set('z', 1), Y.encodeStateAsUpdate(doc)).update])).toBe(5)
    })

    it("keeps each person's private doc apart from the board and from other people's, compacts it, and deletes it with the board", async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await storage.createBoard(meta(BOARD_B), new Uint8Array([0, 0]))
      expect(await storage.loadPrivateDoc(BOARD_A, 'ada')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 })
      expect(await storage.loadPrivateDoc(BOARD_C, 'ada')).toBeNull()
      await expect(storage.appendPrivateUpdates(BOARD_C, 'ada', [new Uint8Array([0, 0])])).rejects.toThrow()
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 0; i < 3; i++) doc.getMap('m').set(`k${i}`, i)
      expect(await storage.appendPrivateUpdates(BOARD_A, 'ada', updates.slice(0, 2))).toBe(2)
      expect(await storage.appendPrivateUpdates(BOARD_A, 'bo', [docUpdate((d) => d.getMap('m').set('bo', 1)).update])).toBe(1)
      expect(await storage.appendPrivateUpdates(BOARD_A, 'ada', updates.slice(2))).toBe(3)
      expect((await storage.listPrivateDocs(BOARD_A)).sort()).toEqual(['ada', 'bo'])
      expect(await storage.listPrivateDocs(BOARD_B)).toEqual([])
      // The board's own state knows nothing of them.
      expect((await storage.loadBoard(BOARD_A))!.lastSeq).toBe(0)
      expect(rebuild((await storage.loadPrivateDoc(BOARD_A, 'ada'))!).getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2 })
      expect(rebuild((await storage.loadPrivateDoc(BOARD_A, 'bo'))!).getMap('m').toJSON()).toEqual({ bo: 1 })

      const compacted = Y.encodeStateAsUpdate(rebuild({ snapshot: null, updates: updates.slice(0, 2) }))
      expect(await storage.compactPrivateDoc(BOARD_A, 'ada', compacted, 2)).toBe(true)
      expect(await storage.compactPrivateDoc(BOARD_A, 'ada', compacted, 1)).toBe(false)
      await expect(storage.compactPrivateDoc(BOARD_A, 'ada', compacted, 9)).rejects.toThrow()
      const state = (await storage.loadPrivateDoc(BOARD_A, 'ada'))!
      expect(state).toMatchObject({ snapshotSeq: 2, lastSeq: 3 })
      expect(state.updates).toHaveLength(1)
      expect(rebuild(state).getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2 })

      expect(await storage.deleteBoard(BOARD_A)).toBe(true)
      expect(await storage.listPrivateDocs(BOARD_A)).toEqual([])
      expect(await storage.loadPrivateDoc(BOARD_A, 'ada')).toBeNull()
    })

    it("gives a private doc's updates after a seq in order, with its snapshot when a compaction folded some in, apart from the board's and other people's", async () => {
      const init = docUpdate((d) => d.getMap('m').set('init', true))
      await storage.createBoard(meta(BOARD_A), init.update)
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 0; i < 5; i++) doc.getMap('m').set(`k${i}`, i)
      const empty = { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 }
      expect(await storage.privateUpdatesAfter(BOARD_A, 'ada', 0)).toEqual(empty)
      expect(await storage.privateUpdatesAfter(BOARD_C, 'ada', 0)).toBeNull()
      await storage.appendPrivateUpdates(BOARD_A, 'ada', updates.slice(0, 2))
      await storage.appendPrivateUpdates(BOARD_A, 'bo', [updates[4]!])
      await storage.appendUpdates(BOARD_A, [init.update, init.update])
      await storage.appendPrivateUpdates(BOARD_A, 'ada', updates.slice(2))
      const bytes = (tail: { updates: { seq: number; update: Uint8Array }[] }) => tail.updates.map((u) => [u.seq, Array.from(u.update)])
      const expected = (from: number, to = 5) => updates.slice(from, to).map((u, i) => [from + i + 1, Array.from(u)])

      const all = (await storage.privateUpdatesAfter(BOARD_A, 'ada', 0))!
      expect(all).toMatchObject({ snapshot: null, snapshotSeq: 0, lastSeq: 5 })
      expect(bytes(all)).toEqual(expected(0))
      // Its own copies.
      for (const { update } of all.updates) update.fill(0)
      expect(bytes((await storage.privateUpdatesAfter(BOARD_A, 'ada', 0))!)).toEqual(expected(0))
      expect(bytes((await storage.privateUpdatesAfter(BOARD_A, 'ada', 3))!)).toEqual(expected(3))
      expect(bytes((await storage.privateUpdatesAfter(BOARD_A, 'ada', 1, 2))!)).toEqual(expected(1, 3))
      expect(await storage.privateUpdatesAfter(BOARD_A, 'ada', 5)).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 5 })
      expect(bytes((await storage.privateUpdatesAfter(BOARD_A, 'bo', 0))!)).toEqual([[1, Array.from(updates[4]!)]])
      expect(await storage.privateUpdatesAfter(BOARD_A, 'cy', 0)).toEqual(empty)
      // The board's log is not a private doc's, nor the other way round.
      expect((await storage.updatesAfter(BOARD_A, 0))!.lastSeq).toBe(2)

      const compacted = Y.encodeStateAsUpdate(rebuild({ snapshot: null, updates: updates.slice(0, 3) }))
      expect(await storage.compactPrivateDoc(BOARD_A, 'ada', compacted, 3)).toBe(true)
      // Asked from before the snapshot: the snapshot comes along, and the log after it.
      const behind = (await storage.privateUpdatesAfter(BOARD_A, 'ada', 1))!
      expect(behind).toMatchObject({ snapshotSeq: 3, lastSeq: 5 })
      expect(Array.from(behind.snapshot!)).toEqual(Array.from(compacted))
      expect(bytes(behind)).toEqual(expected(3))
      const caughtUp = new Y.Doc()
      Y.applyUpdate(caughtUp, behind.snapshot!)
      for (const { update } of behind.updates) Y.applyUpdate(caughtUp, update)
      expect(caughtUp.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
      // From the snapshot's seq on, the log alone.
      expect((await storage.privateUpdatesAfter(BOARD_A, 'ada', 3))!.snapshot).toBeNull()

      expect(await storage.deleteBoard(BOARD_A)).toBe(true)
      expect(await storage.privateUpdatesAfter(BOARD_A, 'ada', 0)).toBeNull()
    })

    it('refuses to compact beyond the log', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await expect(storage.compact(BOARD_A, new Uint8Array([0, 0]), 7)).rejects.toThrow()
    })

    it('skips a compaction up to a seq the stored snapshot holds already, and keeps that snapshot', async () => {
      const init = docUpdate((d) => d.getMap('m').set('init', true))
      await storage.createBoard(meta(BOARD_A), init.update)
      const updates: Uint8Array[] = []
      init.doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 0; i < 3; i++) init.doc.getMap('m').set(`k${i}`, i)
      await storage.appendUpdates(BOARD_A, updates)
      const whole = Y.encodeStateAsUpdate(init.doc)
      expect(await storage.compact(BOARD_A, whole, 3)).toBe(true)
      // A slower compactor (another node) that read the board up to seq 2 must not put its older snapshot back.
      const older = Y.encodeStateAsUpdate(rebuild({ snapshot: init.update, updates: updates.slice(0, 2) }))
      expect(await storage.compact(BOARD_A, older, 2)).toBe(false)
      expect(await storage.compact(BOARD_A, older, 3)).toBe(false)
      const state = (await storage.loadBoard(BOARD_A))!
      expect(state).toMatchObject({ snapshotSeq: 3, lastSeq: 3, updates: [] })
      expect(Array.from(state.snapshot!)).toEqual(Array.from(whole))
    })

    it('gives the updates after a seq in order, with the snapshot when a compaction folded some of them in', async () => {
      const init = docUpdate((d) => d.getMap('m').set('init', true))
      await storage.createBoard(meta(BOARD_A), init.update)
      await storage.createBoard(meta(BOARD_B), init.update)
      const updates: Uint8Array[] = []
      init.doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 0; i < 6; i++) init.doc.getMap('m').set(`k${i}`, i)
      await storage.appendUpdates(BOARD_A, updates.slice(0, 2))
      await storage.appendUpdates(BOARD_B, [updates[0]!])
      await storage.appendUpdates(BOARD_A, updates.slice(2))
      const bytes = (tail: { updates: { seq: number; update: Uint8Array }[] }) => tail.updates.map((u) => [u.seq, Array.from(u.update)])
      const expected = (from: number, to = 6) => updates.slice(from, to).map((u, i) => [from + i + 1, Array.from(u)])

      const all = (await storage.updatesAfter(BOARD_A, 0))!
      expect(all).toMatchObject({ snapshot: null, snapshotSeq: 0, lastSeq: 6 })
      expect(bytes(all)).toEqual(expected(0))
      // Its own copies.
      for (const { update } of all.updates) update.fill(0)
      expect(bytes((await storage.updatesAfter(BOARD_A, 0))!)).toEqual(expected(0))
      expect(bytes((await storage.updatesAfter(BOARD_A, 4))!)).toEqual(expected(4))
      expect(bytes((await storage.updatesAfter(BOARD_A, 1, 2))!)).toEqual(expected(1, 3))
      expect((await storage.updatesAfter(BOARD_A, 6))!).toMatchObject({ snapshot: null, updates: [], lastSeq: 6 })
      expect(bytes((await storage.updatesAfter(BOARD_B, 0))!)).toEqual([[1, Array.from(updates[0]!)]])
      expect(await storage.updatesAfter(`${BOARD_A.slice(0, -1)}C`, 0)).toBeNull()

      const compacted = Y.encodeStateAsUpdate(rebuild({ snapshot: init.update, updates: updates.slice(0, 4) }))
      expect(await storage.compact(BOARD_A, compacted, 4)).toBe(true)
      // Asked from before the snapshot: the snapshot comes along, and the log after it.
      const behind = (await storage.updatesAfter(BOARD_A, 2))!
      expect(behind).toMatchObject({ snapshotSeq: 4, lastSeq: 6 })
      expect(Array.from(behind.snapshot!)).toEqual(Array.from(compacted))
      expect(bytes(behind)).toEqual(expected(4))
      const caughtUp = new Y.Doc()
      Y.applyUpdate(caughtUp, behind.snapshot!)
      for (const { update } of behind.updates) Y.applyUpdate(caughtUp, update)
      expect(caughtUp.getMap('m').toJSON()).toEqual(init.doc.getMap('m').toJSON())
      // From the snapshot's seq on, the log alone.
      expect((await storage.updatesAfter(BOARD_A, 4))!.snapshot).toBeNull()
    })

    it('stores, lists (newest first), reads and deletes named snapshots', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await storage.createBoard(meta(BOARD_B), new Uint8Array([0, 0]))
      const first = await storage.putSnapshot(BOARD_A, { label: 'Before voting', author: 'Kari', kind: 'manual' }, new Uint8Array([1, 2, 3]))
      const second = await storage.putSnapshot(BOARD_A, { label: 'After voting', author: 'Ola', kind: 'before-restore' }, new Uint8Array([4, 5]))
      expect(first).toMatchObject({ label: 'Before voting', author: 'Kari', kind: 'manual', byteLength: 3 })
      expect(first.id).not.toBe(second.id)
      expect((await storage.listSnapshots(BOARD_A)).map((s) => [s.label, s.kind])).toEqual([
        ['After voting', 'before-restore'],
        ['Before voting', 'manual'],
      ])
      expect(await storage.listSnapshots(BOARD_B)).toEqual([])
      const got = await storage.getSnapshot(BOARD_A, first.id)
      expect(got?.info).toEqual(first)
      expect(Array.from(got!.data)).toEqual([1, 2, 3])
      expect(await storage.getSnapshot(BOARD_B, first.id)).toBeNull()
      expect(await storage.deleteSnapshot(BOARD_A, first.id)).toBe(true)
      expect(await storage.deleteSnapshot(BOARD_A, first.id)).toBe(false)
      expect((await storage.listSnapshots(BOARD_A)).map((s) => s.id)).toEqual([second.id])
    })

    it('stores a history snapshot with the time it is given (a board moved from another server)', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      const taken = await storage.putSnapshot(BOARD_A, { label: 'Før', author: 'Kari', kind: 'manual', createdAt: 1_700_000_000_000 }, new Uint8Array([1]))
      expect(taken.createdAt).toBe(1_700_000_000_000)
      expect((await storage.listSnapshots(BOARD_A)).map((s) => s.createdAt)).toEqual([1_700_000_000_000])
      expect((await storage.getSnapshot(BOARD_A, taken.id))?.info.createdAt).toBe(1_700_000_000_000)
    })

    it('counts the bytes of a board state (snapshot and log) and of its history snapshots', async () => {
      expect(await storage.storageUsage(BOARD_A)).toBeNull()
      await storage.createBoard(meta(BOARD_A), new Uint8Array(10))
      await storage.createBoard(meta(BOARD_B), new Uint8Array(1))
      expect(await storage.storageUsage(BOARD_A)).toEqual({ stateBytes: 10, snapshotBytes: 0 })
      await storage.appendUpdates(BOARD_A, [new Uint8Array(5), new Uint8Array(7)])
      const dropped = await storage.putSnapshot(BOARD_A, { label: '', author: '', kind: 'auto-activity' }, new Uint8Array(100))
      await storage.putSnapshot(BOARD_A, { label: 'kept', author: 'Kari', kind: 'manual' }, new Uint8Array(30))
      await storage.putSnapshot(BOARD_B, { label: '', author: '', kind: 'manual' }, new Uint8Array(1000))
      expect(await storage.storageUsage(BOARD_A)).toEqual({ stateBytes: 22, snapshotBytes: 130 })
      await storage.deleteSnapshot(BOARD_A, dropped.id)
      await storage.compact(BOARD_A, new Uint8Array(4), 2)
      expect(await storage.storageUsage(BOARD_A)).toEqual({ stateBytes: 4, snapshotBytes: 30 })
    })

    it('lists every board with its sizes and gathering, and keeps the latest time it was used', async () => {
      expect(await storage.listBoards()).toEqual([])
      const a = await storage.createBoard(meta(BOARD_A, 'Første'), new Uint8Array(10))
      const b = await storage.createBoard(meta(BOARD_B, 'Andre'), new Uint8Array(1))
      await storage.appendUpdates(BOARD_A, [new Uint8Array(5)])
      await storage.putSnapshot(BOARD_A, { label: 'kept', author: 'Kari', kind: 'manual' }, new Uint8Array(30))
      await storage.putAsset(BOARD_A, 'img', { contentType: 'image/png', data: new Uint8Array(7) })
      await storage.createGathering(gathering(GATHERING_1, [BOARD_B]))
      const listed = await storage.listBoards()
      expect(listed.map((l) => l.id).sort()).toEqual([BOARD_A, BOARD_B])
      expect(listed.find((l) => l.id === BOARD_A)).toEqual({ id: BOARD_A, title: 'Første', createdAt: a.createdAt, lastUsedAt: a.createdAt, lastChangedAt: expect.any(Number) as number, stateBytes: 15, historyBytes: 30, assetBytes: 7, gatheringId: null })
      expect(listed.find((l) => l.id === BOARD_B)).toEqual({ id: BOARD_B, title: 'Andre', createdAt: b.createdAt, lastUsedAt: b.createdAt, lastChangedAt: b.createdAt, stateBytes: 1, historyBytes: 0, assetBytes: 0, gatheringId: GATHERING_1 })

      const later = a.createdAt + 86_400_000
      await storage.markBoardsUsed([BOARD_A, 'CCCCCCCCCCCCCCCCCCCCCC'], later)
      // An earlier time (a node whose clock lags, a late hook) never moves it back.
      await storage.markBoardsUsed([BOARD_A], later - 1000)
      const used = await storage.listBoards()
      expect(used.find((l) => l.id === BOARD_A)?.lastUsedAt).toBe(later)
      expect(used.find((l) => l.id === BOARD_B)?.lastUsedAt).toBe(b.createdAt)
      await storage.deleteBoard(BOARD_A)
      expect((await storage.listBoards()).map((l) => l.id)).toEqual([BOARD_B])
    })

    it("moves a board's last change only for people's appends, and lists when people last changed the boards asked for", async () => {
      const a = await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await storage.createBoard(meta(BOARD_B), new Uint8Array([0, 0]))
      // Boards nobody changed since their creation, and unknown ids, are left out.
      expect(await storage.lastChangesByPeople([BOARD_A, BOARD_B, 'BBBBBBBBBBBBBBBBBBBBBB'])).toEqual(new Map())
      const day = 86_400_000
      const clock = vi.spyOn(Date, 'now')
      try {
        clock.mockReturnValue(a.createdAt + day)
        await storage.appendUpdates(BOARD_A, [new Uint8Array([0, 0])])
        // The server's own changes (a broadcast) are stored, but are not the team's work.
        clock.mockReturnValue(a.createdAt + 2 * day)
        await storage.appendUpdates(BOARD_A, [new Uint8Array([0, 0])], { byPeople: false })
        await storage.appendUpdates(BOARD_B, [new Uint8Array([0, 0])], { byPeople: false })
      } finally {
        clock.mockRestore()
      }
      expect(await storage.lastChangesByPeople([BOARD_A, BOARD_B])).toEqual(new Map([[BOARD_A, a.createdAt + day]]))
      expect(await storage.lastChangesByPeople([])).toEqual(new Map())
      expect((await storage.listBoards()).find((l) => l.id === BOARD_A)?.lastChangedAt).toBe(a.createdAt + day)
      expect((await storage.loadBoard(BOARD_A))!.lastSeq).toBe(2)
    })

    it("records when a board's content last changed: at creation, then at each append, never back in time", async () => {
      const a = await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      const lastChange = async (id: string) => (await storage.listBoards()).find((l) => l.id === id)?.lastChangedAt
      expect(await lastChange(BOARD_A)).toBe(a.createdAt)
      // The storage takes the time of the append from the clock, set here to a day later.
      const day = 86_400_000
      const clock = vi.spyOn(Date, 'now')
      try {
        clock.mockReturnValue(a.createdAt + day)
        await storage.appendUpdates(BOARD_A, [new Uint8Array([0, 0])])
        expect(await lastChange(BOARD_A)).toBe(a.createdAt + day)
        // A node whose clock lags never moves it back; nothing appended changes nothing.
        clock.mockReturnValue(a.createdAt + 1000)
        await storage.appendUpdates(BOARD_A, [new Uint8Array([0, 0])])
        clock.mockReturnValue(a.createdAt + 2 * day)
        await storage.appendUpdates(BOARD_A, [])
      } finally {
        clock.mockRestore()
      }
      const listed = (await storage.listBoards()).find((l) => l.id === BOARD_A)
      expect(listed).toMatchObject({ createdAt: a.createdAt, lastChangedAt: a.createdAt + day })
      // Using a board is not changing it, nor the other way round: each time moves alone.
      expect(listed?.lastUsedAt).toBe(a.createdAt)
      await storage.markBoardsUsed([BOARD_A], a.createdAt + 3 * day)
      expect(await lastChange(BOARD_A)).toBe(a.createdAt + day)
      // A board moved from another server keeps the last change it had there.
      const b = await storage.createBoard({ ...meta(BOARD_B), lastChangedAt: 1_000 }, new Uint8Array([0, 0]))
      expect((await storage.listBoards()).find((l) => l.id === BOARD_B)).toMatchObject({ createdAt: b.createdAt, lastUsedAt: b.createdAt, lastChangedAt: 1_000 })
      expect(await storage.getBoardMeta(BOARD_B)).toEqual(b)
      if (harness.reopen) {
        storage = await harness.reopen()
        expect(await lastChange(BOARD_A)).toBe(a.createdAt + day)
        expect(await lastChange(BOARD_B)).toBe(1_000)
      }
    })

    it('stores, replaces, reads and deletes assets per board', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await storage.createBoard(meta(BOARD_B), new Uint8Array([0, 0]))
      await storage.putAsset(BOARD_A, 'img', { contentType: 'image/png', data: new Uint8Array([9, 9]) })
      expect(await storage.getAsset(BOARD_A, 'img')).toEqual({ contentType: 'image/png', data: new Uint8Array([9, 9]) })
      expect(await storage.getAsset(BOARD_B, 'img')).toBeNull()
      expect(await storage.assetSize(BOARD_A, 'img')).toBe(2)
      expect(await storage.assetSize(BOARD_B, 'img')).toBeNull()
      await storage.putAsset(BOARD_A, 'img', { contentType: 'image/jpeg', data: new Uint8Array([7]) })
      expect(await storage.getAsset(BOARD_A, 'img')).toEqual({ contentType: 'image/jpeg', data: new Uint8Array([7]) })
      expect(await storage.deleteAsset(BOARD_A, 'img')).toBe(true)
      expect(await storage.deleteAsset(BOARD_A, 'img')).toBe(false)
      expect(await storage.getAsset(BOARD_A, 'img')).toBeNull()
      expect(await storage.assetSize(BOARD_A, 'img')).toBeNull()
    })

    it('counts and lists a board\'s assets without their bytes, and records when they were last referenced', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await storage.createBoard(meta(BOARD_B), new Uint8Array([0, 0]))
      expect(await storage.assetUsage(BOARD_A)).toEqual({ count: 0, bytes: 0 })
      expect(await storage.assetUsage('CCCCCCCCCCCCCCCCCCCCCC')).toEqual({ count: 0, bytes: 0 })
      expect(await storage.boardsWithAssets()).toEqual([])
      const before = Date.now()
      await storage.putAsset(BOARD_A, 'one', { contentType: 'image/png', data: new Uint8Array(3) })
      await storage.putAsset(BOARD_A, 'two', { contentType: 'image/png', data: new Uint8Array(5) })
      await storage.putAsset(BOARD_B, 'three', { contentType: 'image/png', data: new Uint8Array(7) })
      expect(await storage.assetUsage(BOARD_A)).toEqual({ count: 2, bytes: 8 })
      expect((await storage.boardsWithAssets()).sort()).toEqual([BOARD_A, BOARD_B])
      const listed = (await storage.listAssets(BOARD_A)).sort((a, b) => a.id.localeCompare(b.id))
      expect(listed.map((a) => [a.id, a.byteLength])).toEqual([['one', 3], ['two', 5]])
      // An upload counts as referenced when it arrives: its record follows it.
      for (const a of listed) expect(a.referencedAt).toBeGreaterThanOrEqual(before)
      const later = Date.now() + 86_400_000
      await storage.markAssetsReferenced(BOARD_A, ['two', 'unknown'], later)
      const marked = new Map((await storage.listAssets(BOARD_A)).map((a) => [a.id, a.referencedAt]))
      expect(marked.get('two')).toBe(later)
      expect(marked.get('one')).toBeLessThan(later)
      // Never back in time.
      await storage.markAssetsReferenced(BOARD_A, ['two'], later - 1000)
      expect((await storage.listAssets(BOARD_A)).find((a) => a.id === 'two')?.referencedAt).toBe(later)
      expect((await storage.listAssets(BOARD_B)).map((a) => a.id)).toEqual(['three'])
      await storage.deleteAsset(BOARD_B, 'three')
      expect(await storage.boardsWithAssets()).toEqual([BOARD_A])
    })

    it('deletes a board with its log, snapshots and assets, leaving other boards alone', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await storage.createBoard(meta(BOARD_B), new Uint8Array([0, 0]))
      await storage.appendUpdates(BOARD_A, [new Uint8Array([0, 0])])
      const snap = await storage.putSnapshot(BOARD_A, { label: 's', author: 'a', kind: 'auto-idle' }, new Uint8Array([1]))
      await storage.putAsset(BOARD_A, 'img', { contentType: 'image/png', data: new Uint8Array([1]) })
      await storage.putAsset(BOARD_B, 'img', { contentType: 'image/png', data: new Uint8Array([2]) })
      expect(await storage.deleteBoard(BOARD_A)).toBe(true)
      expect(await storage.deleteBoard(BOARD_A)).toBe(false)
      expect(await storage.getBoardMeta(BOARD_A)).toBeNull()
      expect(await storage.loadBoard(BOARD_A)).toBeNull()
      expect(await storage.getSnapshot(BOARD_A, snap.id)).toBeNull()
      expect(await storage.getAsset(BOARD_A, 'img')).toBeNull()
      expect(await storage.getAsset(BOARD_B, 'img')).not.toBeNull()
      // The id can be used again and starts from scratch.
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      expect(await storage.loadBoard(BOARD_A)).toMatchObject({ updates: [], lastSeq: 0 })
      expect(await storage.listSnapshots(BOARD_A)).toEqual([])
    })

    it('keeps everything across close and reopen, where the store outlives the object', async (ctx) => {
      if (!harness.reopen) ctx.skip()
      const init = docUpdate((d) => d.getMap('m').set('init', 1))
      await storage.createBoard(meta(BOARD_A, 'Persisted'), init.update)
      const later = docUpdate((d) => d.getMap('m').set('later', 2), init.update).update
      await storage.appendUpdates(BOARD_A, [later])
      await storage.putSnapshot(BOARD_A, { label: 'snap', author: 'me', kind: 'before-template' }, new Uint8Array([5]))
      await storage.putAsset(BOARD_A, 'img', { contentType: 'image/webp', data: new Uint8Array([6]) })
      storage = await harness.reopen!()
      expect((await storage.getBoardMeta(BOARD_A))?.title).toBe('Persisted')
      const state = (await storage.loadBoard(BOARD_A))!
      expect(state.lastSeq).toBe(1)
      expect(rebuild(state).getMap('m').toJSON()).toEqual({ init: 1, later: 2 })
      expect((await storage.listSnapshots(BOARD_A)).map((s) => [s.label, s.kind])).toEqual([['snap', 'before-template']])
      expect((await storage.getAsset(BOARD_A, 'img'))?.contentType).toBe('image/webp')
      expect(await storage.appendUpdates(BOARD_A, [new Uint8Array([0, 0])])).toBe(2)
    })

    it('creates a gathering over its team boards and finds it from each board', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await storage.createBoard(meta(BOARD_B), new Uint8Array([0, 0]))
      const created = await storage.createGathering(gathering(GATHERING_1, [BOARD_B, BOARD_A]))
      expect(created).toMatchObject({ id: GATHERING_1, title: 'Samling 1', date: '2026-03-12', lang: 'nb', allowPeek: false, archived: false })
      expect(created.teams).toEqual([
        { boardId: BOARD_B, name: `Team ${BOARD_B}`, archived: false },
        { boardId: BOARD_A, name: `Team ${BOARD_A}`, archived: false },
      ])
      expect(typeof created.createdAt).toBe('number')
      expect(await storage.getGathering(GATHERING_1)).toEqual(created)
      expect((await storage.getGatheringOfBoard(BOARD_A))?.id).toBe(GATHERING_1)
      expect(await storage.getGathering(GATHERING_2)).toBeNull()
      expect(await storage.getGatheringOfBoard(BOARD_C)).toBeNull()
    })

    it('refuses a second gathering with the same id or with a board that is a team already', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await storage.createBoard(meta(BOARD_B), new Uint8Array([0, 0]))
      await storage.createGathering(gathering(GATHERING_1, [BOARD_A]))
      await expect(storage.createGathering(gathering(GATHERING_1, [BOARD_B]))).rejects.toThrow()
      await expect(storage.createGathering(gathering(GATHERING_2, [BOARD_A]))).rejects.toThrow()
      await expect(storage.addGatheringTeam(GATHERING_1, { boardId: BOARD_A, name: 'again' })).rejects.toThrow()
      expect(await storage.getGathering(GATHERING_2)).toBeNull()
      expect((await storage.getGathering(GATHERING_1))?.teams.map((t) => t.boardId)).toEqual([BOARD_A])
    })

    it('renames, archives and allows peeking; adds, renames, archives and removes teams', async () => {
      for (const id of [BOARD_A, BOARD_B, BOARD_C]) await storage.createBoard(meta(id), new Uint8Array([0, 0]))
      await storage.createGathering(gathering(GATHERING_1, [BOARD_A, BOARD_B]))
      expect(await storage.updateGathering(GATHERING_1, { title: 'Ny tittel', date: '2026-04-01', allowPeek: true, archived: true })).toMatchObject({
        title: 'Ny tittel',
        date: '2026-04-01',
        allowPeek: true,
        archived: true,
      })
      expect(await storage.updateGathering(GATHERING_2, { title: 'x' })).toBeNull()
      expect((await storage.addGatheringTeam(GATHERING_1, { boardId: BOARD_C, name: 'Tredje' }))?.teams.map((t) => t.name)).toEqual([
        `Team ${BOARD_A}`,
        `Team ${BOARD_B}`,
        'Tredje',
      ])
      expect(await storage.addGatheringTeam(GATHERING_2, { boardId: BOARD_C, name: 'x' })).toBeNull()
      const renamed = await storage.updateGatheringTeam(GATHERING_1, BOARD_B, { name: 'Andre', archived: true })
      expect(renamed?.teams[1]).toEqual({ boardId: BOARD_B, name: 'Andre', archived: true })
      expect(await storage.updateGatheringTeam(GATHERING_1, 'CCCCCCCCCCCCCCCCCCCCCX', { name: 'x' })).toBeNull()
      expect(await storage.removeGatheringTeam(GATHERING_1, BOARD_A)).toBe(true)
      expect(await storage.removeGatheringTeam(GATHERING_1, BOARD_A)).toBe(false)
      expect(await storage.getGatheringOfBoard(BOARD_A)).toBeNull()
      // The board itself stays; only the gathering's list changed.
      expect(await storage.getBoardMeta(BOARD_A)).not.toBeNull()
      expect((await storage.getGathering(GATHERING_1))?.teams.map((t) => t.boardId)).toEqual([BOARD_B, BOARD_C])
    })

    it('drops a deleted board from its gathering and deletes a gathering record', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      await storage.createBoard(meta(BOARD_B), new Uint8Array([0, 0]))
      await storage.createGathering(gathering(GATHERING_1, [BOARD_A, BOARD_B]))
      await storage.deleteBoard(BOARD_A)
      expect((await storage.getGathering(GATHERING_1))?.teams.map((t) => t.boardId)).toEqual([BOARD_B])
      expect(await storage.deleteGathering(GATHERING_1)).toBe(true)
      expect(await storage.deleteGathering(GATHERING_1)).toBe(false)
      expect(await storage.getGathering(GATHERING_1)).toBeNull()
      expect(await storage.getGatheringOfBoard(BOARD_B)).toBeNull()
      // Its boards are free to join another gathering.
      await storage.createGathering(gathering(GATHERING_2, [BOARD_B]))
      expect((await storage.getGatheringOfBoard(BOARD_B))?.id).toBe(GATHERING_2)
    })

    it('keeps gatherings across close and reopen, where the store outlives the object', async (ctx) => {
      if (!harness.reopen) ctx.skip()
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      const created = await storage.createGathering({ ...gathering(GATHERING_1, [BOARD_A]), allowPeek: true, lang: 'en' })
      storage = await harness.reopen!()
      expect(await storage.getGathering(GATHERING_1)).toEqual(created)
    })

    it('stores team templates, lists them newest first without content, reads and deletes them', async () => {
      const first = await storage.createTeamTemplate({ id: TEMPLATE_1, name: 'Vår reise', description: 'Lanes for Ås', content: '{"æ":1}', createdAt: 1000 }, 10)
      expect(first).toEqual({ id: TEMPLATE_1, name: 'Vår reise', description: 'Lanes for Ås', createdAt: 1000, byteLength: Buffer.byteLength('{"æ":1}') })
      const second = await storage.createTeamTemplate({ id: TEMPLATE_2, name: 'B', description: '', content: '{}' }, 10)
      expect(second?.createdAt).toBeGreaterThan(1000)
      // Saved in the same millisecond: the later save lists first.
      const third = await storage.createTeamTemplate({ id: TEMPLATE_3, name: 'C', description: '', content: '{}', createdAt: second!.createdAt }, 10)
      expect((await storage.listTeamTemplates()).map((t) => t.id)).toEqual([TEMPLATE_3, TEMPLATE_2, TEMPLATE_1])
      expect(await storage.listTeamTemplates()).toContainEqual(third)
      expect(await storage.getTeamTemplate(TEMPLATE_1)).toEqual({ info: first, content: '{"æ":1}' })
      expect(await storage.getTeamTemplate('TTTTTTTTTTTTTTTTTTTTTT')).toBeNull()
      expect(await storage.deleteTeamTemplate(TEMPLATE_1)).toBe(true)
      expect(await storage.deleteTeamTemplate(TEMPLATE_1)).toBe(false)
      expect(await storage.getTeamTemplate(TEMPLATE_1)).toBeNull()
      await expect(storage.createTeamTemplate({ id: TEMPLATE_2, name: 'again', description: '', content: '{}' }, 10)).rejects.toThrow()
    })

    it('stores no team template past the most the server keeps, and takes one again after a deletion', async () => {
      expect(await storage.createTeamTemplate({ id: TEMPLATE_1, name: 'A', description: '', content: '{}' }, 2)).not.toBeNull()
      expect(await storage.createTeamTemplate({ id: TEMPLATE_2, name: 'B', description: '', content: '{}' }, 2)).not.toBeNull()
      expect(await storage.createTeamTemplate({ id: TEMPLATE_3, name: 'C', description: '', content: '{}' }, 2)).toBeNull()
      expect((await storage.listTeamTemplates()).map((t) => t.id).sort()).toEqual([TEMPLATE_1, TEMPLATE_2])
      await storage.deleteTeamTemplate(TEMPLATE_1)
      expect(await storage.createTeamTemplate({ id: TEMPLATE_3, name: 'C', description: '', content: '{}' }, 2)).not.toBeNull()
    })

    it('keeps team templates across close and reopen, where the store outlives the object', async (ctx) => {
      if (!harness.reopen) ctx.skip()
      const created = await storage.createTeamTemplate({ id: TEMPLATE_1, name: 'A', description: 'd', content: '{"shapes":[]}' }, 10)
      storage = await harness.reopen!()
      expect(await storage.getTeamTemplate(TEMPLATE_1)).toEqual({ info: created, content: '{"shapes":[]}' })
    })

    it('reports itself readable and writable when healthy, and a write probe leaves nothing behind', async () => {
      await storage.createBoard(meta(BOARD_A), new Uint8Array([0, 0]))
      expect(await storage.checkHealth()).toEqual({ readable: true, writable: true })
      expect(await storage.checkHealth()).toEqual({ readable: true, writable: true })
      expect((await storage.loadBoard(BOARD_A))?.lastSeq).toBe(0)
    })
  })
}

const BOARD_C = 'CCCCCCCCCCCCCCCCCCCCCC'
const GATHERING_1 = 'GGGGGGGGGGGGGGGGGGGGG1'
const GATHERING_2 = 'GGGGGGGGGGGGGGGGGGGGG2'
const TEMPLATE_1 = 'TTTTTTTTTTTTTTTTTTTTT1'
const TEMPLATE_2 = 'TTTTTTTTTTTTTTTTTTTTT2'
const TEMPLATE_3 = 'TTTTTTTTTTTTTTTTTTTTT3'

function gathering(id: string, boardIds: string[]): NewGathering {
  return { id, title: id === GATHERING_1 ? 'Samling 1' : 'Samling 2', date: '2026-03-12', lang: 'nb', allowPeek: false, teams: boardIds.map((boardId) => ({ boardId, name: `Team ${boardId}` })) }
}
