import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray } from '@whiteboard/shared'
import { SLICED_LOAD_FROM_BYTES } from '../src/sync/boardLoading'
import { rectangle } from './records'
import { serverPerTest } from './serverPerTest'
import { waitFor } from './waitFor'

const LOGGED_N = 900_000
const LOGGED = `shape:rect${LOGGED_N}`
const AFTER_N = 900_001
const AFTER = `shape:rect${AFTER_N}`

const ctx = serverPerTest()
const { client } = ctx

describe('opening a board stored as a large snapshot', () => {
  it('builds it slice by slice into the same board: every record, the logged change after it, and edits that follow', async () => {
    const server = ctx.server
    const board = await server.createBoard({ title: 'Stor tavle' })
    const storage = server.server.storage
    const stored = (await storage.loadBoard(board.id))!
    // Three writers whose records refer to each other's, overwrites and deletions among them.
    const docs = [1, 2, 3].map((n) => {
      const doc = new Y.Doc()
      doc.clientID = 7_000 + n
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
      return doc
    })
    let n = 0
    while (Y.encodeStateAsUpdate(docs[0]!).byteLength < SLICED_LOAD_FROM_BYTES * 1.5) {
      for (const doc of docs) {
        const kv = new YKeyValue(recordsArray(doc))
        doc.transact(() => {
          for (let i = 0; i < 100; i++, n++) kv.set(`shape:rect${n}`, rectangle(n, `record ${n}`))
          kv.set('shape:rect0', rectangle(0, `overwritten ${n}`))
          kv.delete(`shape:rect${n - 50}`)
        })
      }
      for (const doc of docs) for (const other of docs) if (doc !== other) Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
    }
    // Logged first: a compaction only replaces a snapshot that is behind the log.
    const state = Y.encodeStateAsUpdate(docs[0]!)
    expect(await storage.compact(board.id, state, await storage.appendUpdates(board.id, [state]))).toBe(true)
    // A change logged after the snapshot.
    const before = Y.encodeStateVector(docs[0]!)
    new YKeyValue(recordsArray(docs[0]!)).set(LOGGED, rectangle(LOGGED_N, 'logged'))
    await storage.appendUpdates(board.id, [Y.encodeStateAsUpdate(docs[0]!, before)])
    const expected = [...new YKeyValue(recordsArray(docs[0]!)).map.keys()].filter((id) => id.startsWith('shape:')).sort()
    expect(expected.length).toBeGreaterThan(1_000)

    const a = client(board.id, board.tokens.participant)
    await waitFor(() => a.provider.synced && a.shapeIds().includes(LOGGED), { what: 'a to get the stored board' })
    await waitFor(() => server.server.rooms.peek(board.id) !== undefined, { what: 'the room to be built' })
    const room = server.server.rooms.peek(board.id)!
    expect(room.doc.store.pendingStructs).toBeNull()
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(Y.encodeStateAsUpdate(docs[0]!))
    // Its values were read compact as they were applied: every record shares one frozen `meta: {}`.
    const metas = room.roots.records.toArray().map((entry) => (entry.val as { meta?: object }).meta)
    expect(metas.length).toBeGreaterThan(1_000)
    expect(new Set(metas).size).toBe(1)
    expect(Object.isFrozen(metas[0])).toBe(true)

    // A newcomer after the build, and an edit that reaches the first client.
    const b = client(board.id, board.tokens.participant)
    await waitFor(() => b.provider.synced && b.shapeIds().includes(LOGGED), { what: 'b to sync' })
    expect(b.shapeIds().sort()).toEqual(expected)
    b.records.set(AFTER, rectangle(AFTER_N, 'after'))
    await waitFor(() => a.shapeIds().includes(AFTER), { what: 'the edit to reach a' })
    expect(a.shapeIds().sort()).toEqual([...expected, AFTER].sort())
  })
})
