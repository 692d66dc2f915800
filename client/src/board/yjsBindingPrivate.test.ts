import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { createShapeId, createTLStore, DocumentRecordType, GeoShapeUtil, PageRecordType, TLDOCUMENT_ID, type Editor, type IndexKey, type TLShape } from 'tldraw'
import { MetaKey, metaMap, recordsArray } from '@whiteboard/shared'
import { YjsBinding } from './yjsBinding'

const PAGE_ID = PageRecordType.createId('seeded')

function seededBoard(): Y.Doc {
  const doc = new Y.Doc()
  const records = new YKeyValue<unknown>(recordsArray(doc))
  doc.transact(() => {
    metaMap(doc).set(MetaKey.SCHEMA, createTLStore().schema.serialize())
    records.set('document:document', DocumentRecordType.create({ id: TLDOCUMENT_ID }))
    records.set(PAGE_ID, PageRecordType.create({ id: PAGE_ID, name: 'Side 1', index: 'a1' as IndexKey }))
  })
  return doc
}

function geo(id: string, x = 0): TLShape {
  return createTLStore().schema.types.shape.create({
    id: createShapeId(id),
    type: 'geo',
    parentId: PAGE_ID,
    index: 'a1' as IndexKey,
    x,
    props: new GeoShapeUtil({} as Editor).getDefaultProps(),
  }) as TLShape
}

const keysOf = (doc: Y.Doc) => recordsArray(doc).toArray().map((e) => e.key)
const xOf = (doc: Y.Doc, id: string) => (new YKeyValue<unknown>(recordsArray(doc)).get(createShapeId(id)) as { x: number } | undefined)?.x

const bindings: YjsBinding[] = []
afterEach(() => {
  for (const b of bindings.splice(0)) b.dispose()
})

function privateClient(privateMode: { on: boolean }) {
  const doc = seededBoard()
  const privateDoc = new Y.Doc()
  const store = createTLStore()
  let told: ReadonlySet<string> = new Set()
  let flush = () => {}
  const binding = new YjsBinding({
    store,
    doc,
    canEdit: true,
    privateDoc,
    addsArePrivate: () => privateMode.on,
    onPrivateKeys: (keys) => (told = new Set(keys)),
    scheduleFlush: (f) => {
      flush = f
      return () => {}
    },
  })
  bindings.push(binding)
  binding.start()
  return { doc, privateDoc, store, binding, told: () => told, flush: () => flush() }
}

describe('YjsBinding with a private doc (private mode)', () => {
  it('puts new shapes into the private doc while private mode is on, never into the board, and keeps their edits and deletion there', () => {
    const mode = { on: true }
    const c = privateClient(mode)
    const boardUpdates: Uint8Array[] = []
    c.doc.on('update', (u: Uint8Array) => boardUpdates.push(u))

    c.store.put([geo('secret', 10)])
    c.store._flushHistory()
    expect(keysOf(c.privateDoc)).toEqual([createShapeId('secret')])
    expect(keysOf(c.doc)).not.toContain(createShapeId('secret'))
    expect(boardUpdates).toEqual([])
    expect([...c.told()]).toEqual([createShapeId('secret')])

    // Private mode ends: the item stays private when it is moved, and new items go to the board.
    mode.on = false
    c.store.update(createShapeId('secret'), (s) => ({ ...s, x: 99 }))
    c.store.put([geo('open')])
    c.store._flushHistory()
    expect(xOf(c.privateDoc, 'secret')).toBe(99)
    expect(keysOf(c.doc)).toContain(createShapeId('open'))
    expect(keysOf(c.doc)).not.toContain(createShapeId('secret'))

    c.store.remove([createShapeId('secret')])
    c.store._flushHistory()
    expect(keysOf(c.privateDoc)).toEqual([])
    expect([...c.told()]).toEqual([])
  })

  it("shows the private doc's records, and a revealed item moves from the private doc to the board without a gap", () => {
    const c = privateClient({ on: true })
    const privateKv = new YKeyValue<unknown>(recordsArray(c.privateDoc))
    privateKv.set(createShapeId('mine'), geo('mine', 5))
    c.flush()
    expect(c.store.get(createShapeId('mine'))?.x).toBe(5)
    expect([...c.told()]).toEqual([createShapeId('mine')])

    // The server's reveal: onto the board first, then out of the private doc.
    new YKeyValue<unknown>(recordsArray(c.doc)).set(createShapeId('mine'), geo('mine', 5))
    c.flush()
    expect(c.told().size).toBe(0)
    privateKv.delete(createShapeId('mine'))
    c.flush()
    expect(c.store.get(createShapeId('mine'))?.x).toBe(5)
    // Now it is the board's: an edit goes there.
    c.store.update(createShapeId('mine'), (s) => ({ ...s, x: 7 }))
    c.store._flushHistory()
    expect(xOf(c.doc, 'mine')).toBe(7)
    expect(keysOf(c.privateDoc)).toEqual([])
  })
})
