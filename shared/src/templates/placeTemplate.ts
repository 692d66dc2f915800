import type { Size, Vec } from './types'

/** An axis-aligned box in page coordinates (tldraw's `Box` fits this shape). */
export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** Space kept between a new template and existing content; also clears the frame's heading. */
export const DEFAULT_TEMPLATE_GAP = 160

/**
 * Where to put a new template of `size` so that it overlaps none of `existing`: to the right
 * of everything already on the page, top-aligned with it, `gap` apart. On an empty page
 * the template goes to the origin.
 *
 * Placing beside the union rather than hunting for holes keeps repeated inserts (one
 * journey map per team) in a tidy row and makes the no-overlap promise hold by
 * construction: every existing box ends left of `union.maxX < x`.
 */
export function findFreeSpot(existing: readonly Box[], size: Size, gap: number = DEFAULT_TEMPLATE_GAP): Vec {
  const boxes = existing.filter(isFiniteBox)
  const safeGap = Number.isFinite(gap) && gap > 0 ? gap : 0
  if (boxes.length === 0 || !Number.isFinite(size.w) || !Number.isFinite(size.h)) return { x: 0, y: 0 }
  let maxX = -Infinity
  let minY = Infinity
  for (const b of boxes) {
    maxX = Math.max(maxX, b.x + Math.max(0, b.w))
    minY = Math.min(minY, b.y)
  }
  // Whole pixels, rounded away from the content so rounding can never create an overlap;
  // `+ 1` keeps a zero gap from touching the rightmost edge.
  return { x: Math.ceil(maxX + safeGap) + (safeGap === 0 ? 1 : 0), y: Math.floor(minY) }
}

function isFiniteBox(b: Box): boolean {
  return Number.isFinite(b.x) && Number.isFinite(b.y) && Number.isFinite(b.w) && Number.isFinite(b.h)
}

/** True if the interiors of `a` and `b` intersect (touching edges do not count). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}
