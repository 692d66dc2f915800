import { describe, expect, it, vi } from 'vitest'
import { createShapeId, createTLStore, DocumentRecordType, GeoShapeUtil, PageRecordType, TLDOCUMENT_ID, type Editor, type IndexKey } from 'tldraw'
import { versionStore } from './versionStore'

const PAGE_ID = PageRecordType.createId('seeded')

function records(): unknown[] {
  const schemaStore = createTLStore()
  const geo = (name: string, x: number) =>
    schemaStore.schema.types.shape.create({
      id: createShapeId(name),
      type: 'geo',
      parentId: PAGE_ID,
      index: 'a1' as IndexKey,
      x,
      props: new GeoShapeUtil({} as Editor).getDefaultProps(),
    })
  return [
    DocumentRecordType.create({ id: TLDOCUMENT_ID }),
    PageRecordType.create({ id: PAGE_ID, name: 'Side 1', index: 'a1' as IndexKey }),
    geo('a', 0),
    geo('b', 300),
  ]
}

describe('versionStore', () => {
  it("holds the snapshot's records in a store of its own", () => {
    const schema = createTLStore().schema.serialize()
    const store = versionStore(records(), schema)
    expect(store.has(createShapeId('a'))).toBe(true)
    expect(store.has(createShapeId('b'))).toBe(true)
    expect(store.has(PAGE_ID)).toBe(true)
  })

  it('skips a record that does not validate and keeps the rest', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const broken = { ...(records()[2] as object), id: createShapeId('broken'), props: { geo: 'not-a-geo' } }
    const store = versionStore([...records(), broken], null)
    expect(store.has(createShapeId('a'))).toBe(true)
    expect(store.has(createShapeId('broken'))).toBe(false)
  })
})
