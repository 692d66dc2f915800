import { describe, expect, it } from 'vitest'
import { boundsOf, pageShapeBoxes } from './pageShapeBoxes'

const page = (id: string, index: string) => ({ id, typeName: 'page', index, name: id, meta: {} })
const shape = (id: string, type: string, parentId: string, x: number, y: number, props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  id,
  typeName: 'shape',
  type,
  parentId,
  x,
  y,
  rotation: 0,
  index: 'a1',
  props,
  ...extra,
})

describe('pageShapeBoxes', () => {
  it('draws the first page only, with children of frames in page coordinates', () => {
    const { pageId, boxes } = pageShapeBoxes([
      page('page:b', 'a2'),
      page('page:a', 'a1'),
      shape('shape:frame', 'frame', 'page:a', 100, 50, { w: 800, h: 600 }),
      shape('shape:note', 'note', 'shape:frame', 10, 20, { color: 'green', growY: 40 }),
      shape('shape:elsewhere', 'geo', 'page:b', 0, 0, { w: 10, h: 10 }),
    ])
    expect(pageId).toBe('page:a')
    expect(boxes.map((b) => [b.id, b.kind, b.x, b.y, b.w, b.h, b.color])).toEqual([
      ['shape:frame', 'frame', 100, 50, 800, 600, 'grey'],
      ['shape:note', 'note', 110, 70, 200, 240, 'green'],
    ])
  })

  it('rotates children with their parent, and gives geo shapes their style', () => {
    const { boxes } = pageShapeBoxes([
      page('page:a', 'a1'),
      shape('shape:frame', 'frame', 'page:a', 0, 0, { w: 100, h: 100 }, { rotation: Math.PI / 2 }),
      shape('shape:geo', 'geo', 'shape:frame', 10, 0, { w: 20, h: 30, geo: 'ellipse', fill: 'solid', color: 'blue' }),
    ])
    const geo = boxes.find((b) => b.id === 'shape:geo')!
    expect(geo.x).toBeCloseTo(0)
    expect(geo.y).toBeCloseTo(10)
    expect(geo).toMatchObject({ kind: 'geo', geo: 'ellipse', filled: true, color: 'blue', w: 20, h: 30 })
  })

  it('skips what is not a shape, survives a parent cycle, and gives unreadable sizes a fallback', () => {
    const { boxes } = pageShapeBoxes([
      page('page:a', 'a1'),
      null,
      'junk',
      { id: 'shape:x', typeName: 'shape' },
      shape('shape:draw', 'draw', 'page:a', 5, 5, { segments: 'AAAA' }),
      shape('shape:c1', 'geo', 'shape:c2', 0, 0),
      shape('shape:c2', 'geo', 'shape:c1', 0, 0),
      shape('shape:arrow', 'arrow', 'page:a', 10, 10, { start: { x: 0, y: 0 }, end: { x: 50, y: -20 } }),
    ])
    expect(boxes.map((b) => b.id)).toEqual(['shape:draw', 'shape:arrow'])
    expect(boxes[1]).toMatchObject({ kind: 'line', from: { x: 10, y: 10 }, to: { x: 60, y: -10 } })
    expect(boundsOf(boxes)).toEqual({ x: 5, y: -10, w: 55, h: 55 })
  })

  it('has nothing to draw for a board without pages', () => {
    expect(pageShapeBoxes([])).toEqual({ pageId: undefined, boxes: [] })
    expect(boundsOf([])).toBeUndefined()
  })
})
