/** An axis-aligned box in page coordinates. */
export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export interface Point {
  x: number
  y: number
}

/**
 * Most candidate spots tried for one note. A large frame is searched on a coarser grid rather
 * than with more spots, so that adding a note stays quick on a big board.
 */
export const MAX_CANDIDATES = 4_000

/** Space kept free around a new note, so that it does not touch its neighbours. */
export const NOTE_MARGIN = 12

/**
 * Corners of a spot are tested this far inside the note: a note whose edge lies on a cell's
 * border still counts as inside that cell.
 */
const CORNER_INSET = 8

export interface FreeSpotQuery {
  /** Where to look: the frame the cell is in. */
  area: Box
  /** The new note's size. */
  size: { w: number; h: number }
  /** Boxes of the shapes already there (notes, texts, images); a spot must not overlap any of them. */
  occupied: readonly Box[]
  /**
   * For each point, whether it lies in the target cell. Asked once, for all points at once, so
   * that the cell function runs once per search.
   */
  inCell: (points: readonly Point[]) => readonly boolean[]
}

/**
 * The top-left corner of a free place for a note inside one template cell: the first, in
 * reading order (top to bottom, then left to right), where the note overlaps no other shape
 * and lies wholly in the cell. If no such place exists, the first free place whose centre is in
 * the cell (the note sticks out, but counts in the cell); if the cell is full, the first spot
 * whose centre is in the cell, over other notes; undefined if no point of the area is in the cell.
 */
export function findFreeSpot({ area, size, occupied, inCell }: FreeSpotQuery): Point | undefined {
  // A grid step that keeps the number of candidates within MAX_CANDIDATES, and no finer than 10 units.
  const step = Math.max(10, Math.ceil(Math.sqrt((Math.max(1, area.w) * Math.max(1, area.h)) / MAX_CANDIDATES)))
  const candidates: Point[] = []
  for (let y = area.y; y + size.h / 2 <= area.y + area.h; y += step) {
    for (let x = area.x; x + size.w / 2 <= area.x + area.w; x += step) candidates.push({ x, y })
  }
  if (candidates.length === 0) return undefined

  const probes: Point[] = []
  for (const c of candidates) {
    probes.push(
      { x: c.x + size.w / 2, y: c.y + size.h / 2 },
      { x: c.x + CORNER_INSET, y: c.y + CORNER_INSET },
      { x: c.x + size.w - CORNER_INSET, y: c.y + CORNER_INSET },
      { x: c.x + CORNER_INSET, y: c.y + size.h - CORNER_INSET },
      { x: c.x + size.w - CORNER_INSET, y: c.y + size.h - CORNER_INSET },
    )
  }
  const inside = inCell(probes)

  let centreOnly: Point | undefined
  let crowded: Point | undefined
  candidates.forEach((c, i) => {
    if (!inside[i * 5]) return
    crowded ??= c
    if (!isFree(c, size, occupied)) return
    centreOnly ??= c
  })
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!
    const whole = [0, 1, 2, 3, 4].every((k) => inside[i * 5 + k])
    if (whole && isFree(c, size, occupied)) return c
  }
  return centreOnly ?? crowded
}

function isFree(at: Point, size: { w: number; h: number }, occupied: readonly Box[]): boolean {
  const m = NOTE_MARGIN
  return occupied.every((o) => at.x + size.w + m <= o.x || o.x + o.w + m <= at.x || at.y + size.h + m <= o.y || o.y + o.h + m <= at.y)
}
