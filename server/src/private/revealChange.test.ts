import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { facilitationMap, recordsArray } from '@whiteboard/shared'
import { noteRecord } from '@whiteboard/shared/test/noteRecord'
import { revealChange } from './revealChange'

function board(): { doc: Y.Doc; kv: YKeyValue<unknown> } {
  const doc = new Y.Doc()
  const kv = new YKeyValue<unknown>(recordsArray(doc))
  kv.set('page:b', { id: 'page:b', typeName: 'page', name: 'B', index: 'a2', meta: {} })
  kv.set('page:a', { id: 'page:a', typeName: 'page', name: 'A', index: 'a1', meta: {} })
  kv.set('shape:frame', { ...noteRecord({ id: 'shape:frame', cx: 0, cy: 0 }), type: 'frame' })
  facilitationMap(doc).set('privateMode', { on: true, since: 1 })
  return { doc, kv }
}

describe('revealChange', () => {
  it("puts each item on the board at its author's position, keeps a parent that is there, and ends private mode", () => {
    const { doc, kv } = board()
    const inFrame = noteRecord({ id: 'shape:in', cx: 10, cy: 20, parentId: 'shape:frame' })
    const items = new Map<string, unknown>([['shape:in', inFrame]])
    expect(revealChange(doc, items, 5)).toBe(1)
    expect(kv.get('shape:in')).toEqual(inFrame)
    expect(facilitationMap(doc).get('privateMode')).toEqual({ on: false, since: 5 })
  })

  it("moves an item whose frame is gone onto the board's first page, and one inside another revealed item stays there", () => {
    const { doc, kv } = board()
    const orphan = noteRecord({ id: 'shape:orphan', cx: 10, cy: 20, parentId: 'shape:deleted' })
    const child = noteRecord({ id: 'shape:child', cx: 1, cy: 1, parentId: 'shape:orphan' })
    revealChange(doc, new Map<string, unknown>([['shape:orphan', orphan], ['shape:child', child]]), 5)
    expect((kv.get('shape:orphan') as { parentId: string }).parentId).toBe('page:a')
    expect((kv.get('shape:child') as { parentId: string }).parentId).toBe('shape:orphan')
  })

  it('leaves private mode alone when it is off already', () => {
    const { doc } = board()
    facilitationMap(doc).set('privateMode', { on: false, since: 2 })
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    revealChange(doc, new Map(), 9)
    expect(updates).toEqual([])
  })
})
