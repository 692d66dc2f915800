import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { metaMap, recordsArray } from '@whiteboard/shared'
import { BoardRoots } from './boardRoots'
import { StructLookup } from './structLookup'
import { inspectUpdate } from './updateEffect'

/** One hand-made item: where it points and what it holds (a JSON value, as ContentAny). */
interface CraftedItem {
  clock: number
  origin?: [number, number]
  rightOrigin?: [number, number]
  parent?: string | [number, number]
  parentSub?: string
  value: unknown
}

/** Encodes items of one client as a Yjs v1 update, the way a hostile client could. */
function craft(client: number, items: CraftedItem[]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, items.length)
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, items[0]!.clock)
  for (const item of items) {
    const info = 8 | (item.origin ? 0x80 : 0) | (item.rightOrigin ? 0x40 : 0) | (item.parentSub !== undefined ? 0x20 : 0)
    encoding.writeUint8(e, info)
    if (item.origin) item.origin.forEach((n) => encoding.writeVarUint(e, n))
    if (item.rightOrigin) item.rightOrigin.forEach((n) => encoding.writeVarUint(e, n))
    if (!item.origin && !item.rightOrigin) {
      if (typeof item.parent === 'string') {
        encoding.writeVarUint(e, 1)
        encoding.writeVarString(e, item.parent)
      } else {
        encoding.writeVarUint(e, 0)
        item.parent!.forEach((n) => encoding.writeVarUint(e, n))
      }
      if (item.parentSub !== undefined) encoding.writeVarString(e, item.parentSub)
    }
    encoding.writeVarUint(e, 1)
    encoding.writeAny(e, item.value as never)
  }
  encoding.writeVarUint(e, 0)
  return encoding.toUint8Array(e)
}

function board(): { doc: Y.Doc; roots: BoardRoots; entry: Y.ID; meta: Y.ID } {
  const doc = new Y.Doc()
  doc.clientID = 1
  const roots = new BoardRoots(doc)
  recordsArray(doc).push([{ key: 'page:page', val: {} }])
  metaMap(doc).set('title', 'x')
  const first = recordsArray(doc)._start!.id
  return { doc, roots, entry: first, meta: (metaMap(doc)._map.get('title') as Y.Item).id }
}

const entry = (n: number) => ({ key: `shape:${n}`, val: { n } })

describe('inspectUpdate', () => {
  it('follows a long chain of origins inside one update without recursion', () => {
    const { roots, entry: first } = board()
    const items: CraftedItem[] = Array.from({ length: 20_000 }, (_, i) => ({ clock: i, origin: i === 0 ? [first.client, first.clock] : [7, i - 1], value: entry(i) }))
    const effect = inspectUpdate(roots, Y.decodeUpdate(craft(7, items)))
    expect(effect.invalid).toBeUndefined()
    expect(effect.unresolved).toBe(false)
    expect(effect.records).toHaveLength(20_000)
  })

  it("remembers where a sender's pending items lie: an update on the end of a long pending chain does not walk it again", () => {
    const { roots, entry: first } = board()
    const length = 5_000
    const chain = craft(
      5,
      Array.from({ length }, (_, i) => ({ clock: i, origin: (i === 0 ? [first.client, first.clock] : [5, i - 1]), value: entry(1_000 + i) })),
    )
    const lookup = new StructLookup(() => [Y.decodeUpdate(chain)])
    let finds = 0
    const pending = {
      find: (client: number, clock: number) => {
        finds++
        return lookup.find(client, clock)
      },
      places: new WeakMap(),
    }
    const onTheEnd = (client: number) => Y.decodeUpdate(craft(client, [{ clock: 0, origin: [5, length - 1], value: entry(client) }]))
    expect(inspectUpdate(roots, onTheEnd(6), pending).records.map((r) => r.key)).toEqual(['shape:6'])
    expect(finds).toBeGreaterThanOrEqual(length)
    finds = 0
    expect(inspectUpdate(roots, onTheEnd(7), pending).records.map((r) => r.key)).toEqual(['shape:7'])
    expect(finds).toBe(1)
  })

  it('refuses an item whose neighbours sit in different places', () => {
    const { roots, entry: first, meta } = board()
    const effect = inspectUpdate(roots, Y.decodeUpdate(craft(7, [{ clock: 0, origin: [first.client, first.clock], rightOrigin: [meta.client, meta.clock], value: entry(1) }])))
    expect(effect.invalid).toBe('The change is not consistent')
  })

  it('refuses a parent that is not a root type', () => {
    const { roots, entry: first } = board()
    const effect = inspectUpdate(roots, Y.decodeUpdate(craft(7, [{ clock: 0, parent: [first.client, first.clock], parentSub: 'x', value: 1 }])))
    expect(effect.invalid).toBe('The change nests data the board does not use')
  })

  it('refuses a map item without a key and an array item with one', () => {
    const { roots } = board()
    expect(inspectUpdate(roots, Y.decodeUpdate(craft(7, [{ clock: 0, parent: 'meta', value: 1 }]))).invalid).toBe('The change holds a malformed board setting')
    expect(inspectUpdate(roots, Y.decodeUpdate(craft(7, [{ clock: 0, parent: 'tldraw', parentSub: 'k', value: entry(1) }]))).invalid).toBe('The change writes outside the board layout')
  })

  it('marks as unresolved an origin nobody has, and a cycle of origins', () => {
    const { roots } = board()
    expect(inspectUpdate(roots, Y.decodeUpdate(craft(7, [{ clock: 0, origin: [99, 5], value: entry(1) }]))).unresolved).toBe(true)
    const cycle = craft(7, [
      { clock: 0, origin: [7, 1], value: entry(1) },
      { clock: 1, origin: [7, 0], value: entry(2) },
    ])
    const effect = inspectUpdate(roots, Y.decodeUpdate(cycle))
    expect(effect.unresolved).toBe(true)
    expect(effect.records).toEqual([])
  })

  it("marks as unresolved a write past a gap in its client's clocks, which Yjs would keep pending, unless the gap is in the update or the sender's pending ones", () => {
    const { roots } = board()
    // Client 7 has nothing on the board yet: its clock 3 waits for 0 to 2.
    const pastGap = craft(7, [{ clock: 3, parent: 'meta', parentSub: 'title', value: 'Tavle' }])
    const effect = inspectUpdate(roots, Y.decodeUpdate(pastGap))
    expect(effect).toMatchObject({ changes: true, unresolved: true, mapWrites: [] })
    const gapFilled = craft(7, [0, 1, 2, 3].map((clock) => ({ clock, parent: 'meta', parentSub: `k${clock}`, value: clock })))
    expect(inspectUpdate(roots, Y.decodeUpdate(gapFilled)).unresolved).toBe(false)
    const before = Y.decodeUpdate(craft(7, [0, 1, 2].map((clock) => ({ clock, parent: 'meta', parentSub: `k${clock}`, value: clock }))))
    const pending = { find: (client: number, clock: number) => before.structs.find((s) => s.id.client === client && s.id.clock === clock) }
    expect(inspectUpdate(roots, Y.decodeUpdate(pastGap), pending)).toMatchObject({ unresolved: false, mapWrites: [{ root: 'meta', key: 'title' }] })
  })

  it('refuses deletions out of clock order or overlapping, which Yjs never writes, and takes them in order', () => {
    const { doc, roots } = board()
    /** A delete-only update: ranges of client 1 as [clock, len], written as listed. */
    const deleting = (...lists: Array<Array<[number, number]>>) => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, lists.length)
      for (const ranges of lists) {
        encoding.writeVarUint(e, doc.clientID)
        encoding.writeVarUint(e, ranges.length)
        for (const [clock, len] of ranges) {
          encoding.writeVarUint(e, clock)
          encoding.writeVarUint(e, len)
        }
      }
      return Y.decodeUpdate(encoding.toUint8Array(e))
    }
    const refusal = 'The change lists its deletions out of order'
    expect(inspectUpdate(roots, deleting(Array.from({ length: 1_000 }, () => [0, 2]))).invalid).toBe(refusal)
    expect(inspectUpdate(roots, deleting([[1, 1], [0, 1]])).invalid).toBe(refusal)
    expect(inspectUpdate(roots, deleting([[0, 2], [1, 1]])).invalid).toBe(refusal)
    // The same client listed twice reads as one list: overlapping again.
    expect(inspectUpdate(roots, deleting([[0, 1]], [[0, 1]])).invalid).toBe(refusal)
    const inOrder = inspectUpdate(roots, deleting([[0, 1], [1, 1]]))
    expect(inOrder.invalid).toBeUndefined()
    expect(inOrder.deletedRecords.map((d) => d.key)).toEqual(['page:page'])
    expect(inOrder.deletedMapEntries).toEqual([{ root: 'meta', key: 'title' }])
  })

  it('finds the key of a map write from the value it overwrites, and the deletions it makes', () => {
    const { doc, roots } = board()
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    const before = Y.encodeStateVector(copy)
    metaMap(copy).set('title', 'y')
    recordsArray(copy).delete(0)
    const effect = inspectUpdate(roots, Y.decodeUpdate(Y.encodeStateAsUpdate(copy, before)))
    expect(effect.mapWrites).toEqual([{ root: 'meta', key: 'title', val: 'y', client: copy.clientID }])
    expect(effect.deletedMapEntries).toEqual([{ root: 'meta', key: 'title' }])
    expect(effect.deletedRecords.map((d) => d.key)).toEqual(['page:page'])
    // The same update again changes nothing.
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(copy, before))
    expect(inspectUpdate(roots, Y.decodeUpdate(Y.encodeStateAsUpdate(copy, before))).changes).toBe(false)
  })
})
