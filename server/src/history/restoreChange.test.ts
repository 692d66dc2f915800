import { describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { MetaKey, metaMap, recordsArray } from '@whiteboard/shared'
import { ownSchemaSerialized } from '@whiteboard/shared/board/storedSchema'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'
import { createBoardDoc } from '../boards/createBoardDoc'
import { restoreChange } from './restoreChange'

describe('restoreChange', () => {
  it("restores a snapshot taken under a hostile schema with every record, and keeps the server's schema", () => {
    const doc = createBoardDoc({ title: 'Tavle', lang: 'nb' })
    const attack = { schemaVersion: 2, sequences: Object.fromEntries(Object.keys(ownSchemaSerialized().sequences).map((key) => [key, 0])) }
    const kv = new YKeyValue<unknown>(recordsArray(doc))
    const records = new Map<string, unknown>([...kv.map].map(([key, entry]) => [key, entry.val]))
    records.set('shape:a', rectangleRecord({ id: 'shape:a', label: 'beholdes' }))

    restoreChange(doc, { records, meta: new Map<string, unknown>([[MetaKey.SCHEMA, attack]]) })

    expect(metaMap(doc).get(MetaKey.SCHEMA)).toEqual(ownSchemaSerialized())
    expect(kv.get('shape:a')).toEqual(rectangleRecord({ id: 'shape:a', label: 'beholdes' }))
    kv.destroy()
  })

  it('migrates the records of a snapshot an older server took', () => {
    const doc = createBoardDoc({ title: 'Tavle', lang: 'nb' })
    const own = ownSchemaSerialized()
    const kv = new YKeyValue<unknown>(recordsArray(doc))
    const records = new Map<string, unknown>([...kv.map].map(([key, entry]) => [key, entry.val]))
    const rect = rectangleRecord({ id: 'shape:n' }) as unknown as Record<string, unknown>
    const oldNote = { ...rect, type: 'note', props: { color: 'black', labelColor: 'black', size: 'm', font: 'draw', fontSizeAdjustment: 0, align: 'middle', verticalAlign: 'middle', growY: 0, url: '', scale: 1, text: 'gammel lapp' } }
    records.set('shape:n', oldNote)

    restoreChange(doc, { records, meta: new Map<string, unknown>([[MetaKey.SCHEMA, { ...own, sequences: { ...own.sequences, 'com.tldraw.shape.note': 8 } }]]) })

    expect(JSON.stringify((kv.get('shape:n') as { props: unknown }).props)).toContain('gammel lapp')
    expect((kv.get('shape:n') as { props: { text?: unknown } }).props.text).toBeUndefined()
    expect(metaMap(doc).get(MetaKey.SCHEMA)).toEqual(own)
    kv.destroy()
  })
})
