import { describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { facilitationMap, MetaKey, metaMap, recordsArray } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
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

  it('brings back the run sheet of a version that has one, and keeps today\'s for a version without', () => {
    const doc = createBoardDoc({ title: 'Tavle', lang: 'nb' })
    const kv = new YKeyValue<unknown>(recordsArray(doc))
    const records = new Map<string, unknown>([...kv.map].map(([key, entry]) => [key, entry.val]))
    kv.destroy()
    const meta = new Map<string, unknown>([[MetaKey.SCHEMA, ownSchemaSerialized()]])
    const today = { steps: [{ id: 'b', title: 'I dag', instruction: '', minutes: 0, frame: null }] }
    const then = { steps: [{ id: 'a', title: 'Da', instruction: 'Skriv', minutes: 5, frame: null }] }
    facilitationMap(doc).set(FacilitationKey.RUN_SHEET, today)
    facilitationMap(doc).set(FacilitationKey.RUN_STEP, { seq: 3, stepId: 'b', startedAt: 1 })

    expect(restoreChange(doc, { records, meta })).toBe(0)
    expect(facilitationMap(doc).get(FacilitationKey.RUN_SHEET)).toEqual(today)
    expect(restoreChange(doc, { records, meta, runSheet: then })).toBe(1)
    expect(facilitationMap(doc).get(FacilitationKey.RUN_SHEET)).toEqual(then)
    expect(facilitationMap(doc).get(FacilitationKey.RUN_STEP)).toEqual({ seq: 3, stepId: 'b', startedAt: 1 })
  })
})
