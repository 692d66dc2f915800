import { describe, expect, it } from 'vitest'
import type { TLRecord, TLShapeId } from 'tldraw'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'
import { withoutArrowToArrow } from './arrowToArrow'

function arrow(id: string): TLRecord {
  return { ...rectangleRecord({ id }), type: 'arrow' } as unknown as TLRecord
}

function binding(id: string, fromId: string, toId: string): TLRecord {
  return { id, typeName: 'binding', type: 'arrow', fromId, toId, meta: {}, props: {} } as unknown as TLRecord
}

describe('withoutArrowToArrow', () => {
  it('leaves out arrow bindings to an arrow, in the batch or in the store, and keeps bindings to other shapes', () => {
    const box = rectangleRecord({ id: 'shape:box' }) as TLRecord
    const toBox = binding('binding:1', 'shape:a1', 'shape:box')
    const toArrow = binding('binding:2', 'shape:a1', 'shape:a2')
    const toItself = binding('binding:3', 'shape:a1', 'shape:a1')
    const batch = [arrow('shape:a1'), arrow('shape:a2'), box, toBox, toArrow, toItself]
    expect(withoutArrowToArrow(batch, () => undefined)).toEqual({ kept: batch.slice(0, 4), refused: [toArrow, toItself] })
    const store = new Map<string, TLRecord>([['shape:a2', arrow('shape:a2')]])
    expect(withoutArrowToArrow([toArrow], (id: TLShapeId) => store.get(id)).refused).toEqual([toArrow])
    expect(withoutArrowToArrow([toBox], () => undefined).kept).toEqual([toBox])
  })
})
