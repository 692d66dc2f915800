import { describe, expect, it } from 'vitest'
import type { TLRecord, TLShapeId } from 'tldraw'
import { frameRecord } from '@whiteboard/shared/test/frameRecord'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'
import { withoutParentCycles } from './parentCycles'

/** A frame `n` whose parent is `parentId`. */
function frame(n: number, parentId: string): TLRecord {
  return frameRecord({ id: `shape:f${n}`, index: `a${n}`, parentId })
}

const none = () => undefined

describe('withoutParentCycles', () => {
  it('leaves out the shapes that would close a cycle of parents, in the batch or with what the store holds, and keeps the rest', () => {
    const note = { ...rectangleRecord({ id: 'shape:n1' }), parentId: 'shape:f1' } as TLRecord
    const nested = [frame(1, 'page:page'), frame(2, 'shape:f1'), note]
    expect(withoutParentCycles(nested, none)).toEqual({ kept: nested, cyclic: [] })

    // Two frames, each the other's parent, arriving together: the first to close the cycle is left out.
    const pair = [frame(1, 'shape:f2'), frame(2, 'shape:f1'), note]
    const outcome = withoutParentCycles(pair, none)
    expect(outcome.cyclic.map((s) => s.id)).toEqual(['shape:f1'])
    expect(outcome.kept).toEqual([pair[1], note])

    // f1 held by the store under the page: f2 may sit in it, but f1 may not then move into f2.
    const store = new Map<string, TLRecord>([['shape:f1', frame(1, 'page:page')], ['shape:f2', frame(2, 'shape:f1')]])
    const current = (id: TLShapeId) => store.get(id)
    expect(withoutParentCycles([frame(1, 'shape:f2')], current).cyclic.map((s) => s.id)).toEqual(['shape:f1'])
    // A longer loop, through three frames.
    const loop = [frame(1, 'shape:f3'), frame(2, 'shape:f1'), frame(3, 'shape:f2')]
    expect(withoutParentCycles(loop, none).kept).toHaveLength(2)
    // Records that are not shapes pass as they are.
    const page = { id: 'page:two', typeName: 'page', name: 'To', index: 'a2', meta: {} } as TLRecord
    expect(withoutParentCycles([page], none).kept).toEqual([page])
  })
})
