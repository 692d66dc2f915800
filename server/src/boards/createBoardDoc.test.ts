import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { metaMap, MetaKey, recordsArray } from '@whiteboard/shared'
import { checkRecord } from '@whiteboard/shared/board/recordGuard'
import { createBoardDoc, INITIAL_PAGE_ID } from './createBoardDoc'
import { rectangle } from '../../test/records'

describe('createBoardDoc', () => {
  it('holds the document record, one named page and the meta, all valid', () => {
    const doc = createBoardDoc({ title: 'Reisekart', lang: 'en' })
    const entries = recordsArray(doc).toArray()
    expect(entries.map((e) => e.key)).toEqual(['document:document', INITIAL_PAGE_ID])
    for (const { key, val } of entries) expect(checkRecord(key, val).ok).toBe(true)
    expect((entries[1]!.val as { name: string }).name).toBe('Page 1')
    expect(metaMap(doc).get(MetaKey.TITLE)).toBe('Reisekart')
    expect(metaMap(doc).get(MetaKey.LANG)).toBe('en')
    expect(metaMap(doc).get(MetaKey.SCHEMA)).toMatchObject({ schemaVersion: expect.any(Number), sequences: expect.any(Object) })
    expect(createBoardDoc({ title: 't', lang: 'nb' }).getArray('tldraw').toJSON()[1].val.name).toBe('Side 1')
  })

  it('adds extra records and template provenance', () => {
    const doc = createBoardDoc({ title: 't', lang: 'nb', extraRecords: [rectangle(1)], templates: ['journey-map'] })
    const kv = new YKeyValue<unknown>(recordsArray(doc))
    expect(kv.get('shape:rect1')).toEqual(rectangle(1))
    expect(metaMap(doc).get(MetaKey.TEMPLATES)).toEqual(['journey-map'])
  })

  it('refuses invalid or duplicate extra records', () => {
    const broken = { ...rectangle(1), props: { geo: 'blob' } } as unknown as ReturnType<typeof rectangle>
    expect(() => createBoardDoc({ title: 't', lang: 'nb', extraRecords: [broken] })).toThrow(/invalid initial record/)
    expect(() => createBoardDoc({ title: 't', lang: 'nb', extraRecords: [rectangle(1), rectangle(1)] })).toThrow(/duplicate/)
  })

  it('survives a round trip through an update', () => {
    const doc = createBoardDoc({ title: 't', lang: 'nb' })
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(recordsArray(copy).toJSON()).toEqual(recordsArray(doc).toJSON())
    expect(metaMap(copy).toJSON()).toEqual(metaMap(doc).toJSON())
  })
})
