import { describe, expect, it, vi } from 'vitest'
import { createShapeId, createTLStore, DocumentRecordType, GeoShapeUtil, PageRecordType, TLDOCUMENT_ID, toRichText, type Editor, type IndexKey, type TLGeoShape } from 'tldraw'
import { MAX_WORD_CHARS } from '@whiteboard/shared'
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

  it('shows a label from before words had a limit with its long word split', () => {
    const labelled = records().map((r) => ((r as { id: string }).id === createShapeId('a') ? { ...(r as TLGeoShape), props: { ...(r as TLGeoShape).props, richText: toRichText('M'.repeat(MAX_WORD_CHARS + 1)) } } : r))
    const store = versionStore(labelled, createTLStore().schema.serialize())
    expect((store.get(createShapeId('a')) as TLGeoShape).props.richText).toEqual(toRichText(`${'M'.repeat(MAX_WORD_CHARS)} M`))
  })

  it('shows every record of a version whose stored schema claims every sequence at version 0', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const current = createTLStore().schema.serialize()
    const attack = { schemaVersion: 2, sequences: Object.fromEntries(Object.keys(current.sequences).map((key) => [key, 0])) }
    const store = versionStore(records(), attack)
    expect(store.has(createShapeId('a'))).toBe(true)
    expect(store.has(createShapeId('b'))).toBe(true)
  })

  it("refuses images that are not the board's own", () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const boardId = 'AAAAAAAAAAAAAAAAAAAAAA'
    const asset = (id: string, src: string) => ({ id, typeName: 'asset', type: 'image', props: { w: 1, h: 1, name: 'x.png', isAnimated: false, mimeType: 'image/png', src, fileSize: 1 }, meta: {} })
    const store = versionStore([...records(), asset('asset:own', `/api/boards/${boardId}/assets/CCCCCCCCCCCCCCCCCCCCCC`), asset('asset:evil', 'https://evil.example/x.png')], createTLStore().schema.serialize(), { boardId })
    expect(store.has('asset:own' as never)).toBe(true)
    expect(store.has('asset:evil' as never)).toBe(false)
  })
})
