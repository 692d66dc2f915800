import { describe, expect, it } from 'vitest'
import { createShapeId, createTLStore, DocumentRecordType, PageRecordType, TLDOCUMENT_ID, type IndexKey, type TLFrameShape, type TLShape, type TLShapeId, type TLStore } from 'tldraw'
import { frameRecord } from '@whiteboard/shared/test/frameRecord'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'
import { inPaintOrder, paintsAbove, shapesOfKind } from './fewShapes'

const PAGE = PageRecordType.createId('p1')

function frame(id: TLShapeId, index: string, parentId: string = PAGE): TLFrameShape {
  return frameRecord({ id, index, parentId })
}

/** A board of 200 rectangles and two frames. */
function board(): { store: TLStore; rectangles: TLShapeId[]; frames: TLShapeId[] } {
  const store = createTLStore()
  store.put([DocumentRecordType.create({ id: TLDOCUMENT_ID }), PageRecordType.create({ id: PAGE, name: 'Side 1', index: 'a1' as IndexKey })])
  const rectangles = Array.from({ length: 200 }, (_, i) => createShapeId(`r${i}`))
  store.put(rectangles.map((id, i) => rectangleRecord({ id, x: i * 10, parentId: PAGE }) as TLShape))
  const frames = [createShapeId('f1'), createShapeId('f2')]
  store.put([frame(frames[0]!, 'a2'), frame(frames[1]!, 'a3')])
  return { store, rectangles, frames }
}

const ids = (shapes: readonly TLShape[]) => shapes.map((s) => s.id).sort()

describe('shapesOfKind', () => {
  it('lists the frames, and keeps the very same list while only other shapes change', () => {
    const { store, rectangles, frames } = board()
    const before = shapesOfKind(store, 'frames')
    expect(ids(before)).toEqual([...frames].sort())
    for (const id of rectangles.slice(0, 50)) store.update(id, (r) => ({ ...r, x: r.x + 7 }))
    store.remove([rectangles[60]!])
    expect(shapesOfKind(store, 'frames')).toBe(before)
  })

  it('changes with a frame: renamed, added, removed', () => {
    const { store, frames } = board()
    const before = shapesOfKind(store, 'frames')
    store.update(frames[0]!, (f) => ({ ...(f as TLFrameShape), props: { ...(f as TLFrameShape).props, name: 'Ideer' } }))
    const renamed = shapesOfKind(store, 'frames')
    expect(renamed).not.toBe(before)
    expect(renamed.some((f) => f.props.name === 'Ideer')).toBe(true)
    store.put([frame(createShapeId('f3'), 'a4')])
    expect(shapesOfKind(store, 'frames')).toHaveLength(3)
    store.remove([frames[1]!])
    expect(shapesOfKind(store, 'frames')).toHaveLength(2)
  })

  it('lists locked shapes, whatever their type, until they are unlocked', () => {
    const { store, rectangles, frames } = board()
    expect(shapesOfKind(store, 'locked')).toEqual([])
    store.update(rectangles[3]!, (r) => ({ ...r, isLocked: true }))
    store.update(frames[0]!, (f) => ({ ...f, isLocked: true }))
    expect(ids(shapesOfKind(store, 'locked'))).toEqual([rectangles[3], frames[0]].sort())
    store.update(rectangles[3]!, (r) => ({ ...r, isLocked: false }))
    expect(ids(shapesOfKind(store, 'locked'))).toEqual([frames[0]])
  })
})

describe('inPaintOrder and paintsAbove', () => {
  it('orders as tldraw paints: siblings by index, a parent before what it holds', () => {
    const store = createTLStore()
    store.put([DocumentRecordType.create({ id: TLDOCUMENT_ID }), PageRecordType.create({ id: PAGE, name: 'Side 1', index: 'a1' as IndexKey })])
    const [outer, inner, innermost, first, last] = ['outer', 'inner', 'innermost', 'first', 'last'].map<TLShapeId>((n) => createShapeId(n))
    store.put([
      frame(outer!, 'a3'),
      frame(inner!, 'a1', outer),
      frame(innermost!, 'a5', inner),
      frame(first!, 'a2'),
      frame(last!, 'a4'),
    ])
    const editor = { getShape: (id: TLShapeId) => store.get(id) }
    const shapes = [last, innermost, outer, first, inner].map((id) => store.get(id!) as TLShape)
    expect(inPaintOrder(editor, shapes).map((s) => s.id)).toEqual([first, outer, inner, innermost, last])
    const shape = (id: TLShapeId | undefined) => store.get(id!) as TLShape
    expect(paintsAbove(editor, shape(innermost), shape(outer))).toBe(true)
    expect(paintsAbove(editor, shape(innermost), shape(last))).toBe(false)
    expect(paintsAbove(editor, shape(first), shape(inner))).toBe(false)
    expect(paintsAbove(editor, shape(last), shape(first))).toBe(true)
  })
})
