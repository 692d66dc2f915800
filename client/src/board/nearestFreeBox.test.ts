import { describe, expect, it } from 'vitest'
import { FREE_MARGIN, nearestFreeBox, type PageBox } from './nearestFreeBox'

const overlaps = (a: PageBox, b: PageBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

describe('nearestFreeBox', () => {
  it('keeps a box that overlaps nothing where it is', () => {
    expect(nearestFreeBox({ x: 0, y: 0, w: 100, h: 100 }, [{ x: 500, y: 500, w: 200, h: 200 }])).toEqual({ x: 0, y: 0 })
  })

  it('moves a box off the notes it would cover, to the nearest free place, with a margin', () => {
    const notes = [0, 220, 440].map((x) => ({ x, y: 0, w: 200, h: 200 }))
    const wanted = { x: 200, y: 40, w: 320, h: 200 }
    const spot = nearestFreeBox(wanted, notes)!
    const placed = { ...wanted, ...spot }
    for (const n of notes) expect(overlaps(placed, { x: n.x - FREE_MARGIN, y: n.y - FREE_MARGIN, w: n.w + 2 * FREE_MARGIN, h: n.h + 2 * FREE_MARGIN })).toBe(false)
    // Straight below the row of notes is nearest: 200 + margin - 40, rounded up to the grid.
    expect(spot).toEqual({ x: 200, y: 240 })
  })

  it('gives up on a board full as far as it looks', () => {
    expect(nearestFreeBox({ x: 0, y: 0, w: 10, h: 10 }, [{ x: -100_000, y: -100_000, w: 200_000, h: 200_000 }])).toBeUndefined()
  })
})
