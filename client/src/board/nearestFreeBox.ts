/** An axis-aligned box in page coordinates. */
export interface PageBox {
  x: number
  y: number
  w: number
  h: number
}

/** Space kept between the placed box and what is already there. */
export const FREE_MARGIN = 16

/**
 * Rings of candidate positions searched around the wanted place, one grid step apart. 60 rings
 * of 40-unit steps reach 2,400 units away, a few screens at 100 %, in at most ~14,600 tries:
 * a board crowded beyond that keeps the box where it was asked for.
 */
const MAX_RINGS = 60
const STEP = 40

/**
 * The top-left corner nearest to `wanted` where a box of its size overlaps none of `occupied`
 * (with FREE_MARGIN around each): `wanted` itself when it is free. Searched ring by ring on a
 * grid, the nearest (by distance) of the first ring that has a free place; `undefined` when none
 * is within reach.
 */
export function nearestFreeBox(wanted: PageBox, occupied: readonly PageBox[]): { x: number; y: number } | undefined {
  const free = (x: number, y: number) =>
    occupied.every((o) => x + wanted.w + FREE_MARGIN <= o.x || o.x + o.w + FREE_MARGIN <= x || y + wanted.h + FREE_MARGIN <= o.y || o.y + o.h + FREE_MARGIN <= y)
  if (free(wanted.x, wanted.y)) return { x: wanted.x, y: wanted.y }
  for (let ring = 1; ring <= MAX_RINGS; ring++) {
    let best: { x: number; y: number; d: number } | undefined
    for (let i = -ring; i <= ring; i++) {
      for (const [dx, dy] of [[i, -ring], [i, ring], [-ring, i], [ring, i]] as const) {
        const x = wanted.x + dx * STEP
        const y = wanted.y + dy * STEP
        const d = dx * dx + dy * dy
        if ((!best || d < best.d) && free(x, y)) best = { x, y, d }
      }
    }
    if (best) return { x: best.x, y: best.y }
  }
  return undefined
}
