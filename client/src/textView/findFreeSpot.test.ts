import { describe, expect, it } from 'vitest'
import { findFreeSpot, MAX_CANDIDATES, NOTE_MARGIN, type Box, type Point } from './findFreeSpot'

const NOTE = { w: 200, h: 200 }
/** A cell as a box: a point is in it when inside the box (right and bottom edges excluded). */
const inBox = (cell: Box) => (points: readonly Point[]) => points.map((p) => p.x >= cell.x && p.x < cell.x + cell.w && p.y >= cell.y && p.y < cell.y + cell.h)
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

describe('findFreeSpot', () => {
  const frame: Box = { x: 0, y: 0, w: 2000, h: 1000 }
  const cell: Box = { x: 600, y: 300, w: 800, h: 500 }

  it('puts the first note at the top left of the cell, wholly inside it', () => {
    const spot = findFreeSpot({ area: frame, size: NOTE, occupied: [], inCell: inBox(cell) })!
    expect(spot.x).toBeGreaterThanOrEqual(cell.x - 8)
    expect(spot.y).toBeGreaterThanOrEqual(cell.y - 8)
    expect(spot.x).toBeLessThan(cell.x + 20)
    expect(spot.y).toBeLessThan(cell.y + 20)
  })

  it('puts the next note beside the ones there, overlapping none, still inside the cell', () => {
    const occupied: Box[] = []
    for (let i = 0; i < 6; i++) {
      const spot = findFreeSpot({ area: frame, size: NOTE, occupied, inCell: inBox(cell) })!
      const box = { ...spot, ...NOTE }
      for (const o of occupied) expect(overlaps(box, { x: o.x - NOTE_MARGIN, y: o.y - NOTE_MARGIN, w: o.w + 2 * NOTE_MARGIN, h: o.h + 2 * NOTE_MARGIN })).toBe(false)
      expect(box.x).toBeGreaterThanOrEqual(cell.x - 8)
      expect(box.x + box.w).toBeLessThanOrEqual(cell.x + cell.w + 8)
      expect(box.y + box.h).toBeLessThanOrEqual(cell.y + cell.h + 8)
      occupied.push(box)
    }
    // Six notes of 200 fit as 3 × 2 in an 800 × 500 cell only if they go side by side first.
    expect(new Set(occupied.map((o) => o.y)).size).toBe(2)
  })

  it('avoids a note someone put in the middle of the cell', () => {
    const other: Box = { x: 620, y: 310, w: 200, h: 200 }
    const spot = findFreeSpot({ area: frame, size: NOTE, occupied: [other], inCell: inBox(cell) })!
    expect(overlaps({ ...spot, ...NOTE }, other)).toBe(false)
    expect(spot.y).toBeLessThan(cell.y + 20)
  })

  it('in a cell smaller than a note, puts the centre in the cell', () => {
    const small: Box = { x: 900, y: 450, w: 120, h: 120 }
    const spot = findFreeSpot({ area: frame, size: NOTE, occupied: [], inCell: inBox(small) })!
    const centre = { x: spot.x + 100, y: spot.y + 100 }
    expect(inBox(small)([centre])).toEqual([true])
  })

  it('in a full cell, still puts the centre in the cell (over other notes)', () => {
    const occupied = [{ x: 0, y: 0, w: 2000, h: 1000 }]
    const spot = findFreeSpot({ area: frame, size: NOTE, occupied, inCell: inBox(cell) })!
    expect(inBox(cell)([{ x: spot.x + 100, y: spot.y + 100 }])).toEqual([true])
  })

  it('gives up when no point of the area is in the cell', () => {
    expect(findFreeSpot({ area: frame, size: NOTE, occupied: [], inCell: (points) => points.map(() => false) })).toBeUndefined()
  })

  it('asks the cell function once, with a bounded number of points, on a huge frame', () => {
    let calls = 0
    let asked = 0
    findFreeSpot({
      area: { x: 0, y: 0, w: 40_000, h: 30_000 },
      size: NOTE,
      occupied: [],
      inCell: (points) => {
        calls++
        asked = points.length
        return points.map(() => false)
      },
    })
    expect(calls).toBe(1)
    expect(asked).toBeLessThanOrEqual(MAX_CANDIDATES * 5 * 1.1)
  })
})
