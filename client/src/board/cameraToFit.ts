/** Room left free around the framed content, in screen pixels, for the panels over the canvas. */
export interface ScreenInsets {
  top: number
  right: number
  bottom: number
  left: number
}

interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** tldraw's zoom range; a camera outside it would be corrected by tldraw at the next gesture with a jump. */
const MIN_ZOOM = 0.1
/**
 * Never magnify: a board with one small note opens at 100 %, as a person would draw it, not
 * with a note that fills the screen.
 */
const MAX_ZOOM = 1

/**
 * The camera (tldraw's: screen = (page + camera) × zoom) that shows `bounds` whole and centred
 * in the part of a `viewport`-sized canvas the `insets` leave free. On a canvas too small for
 * the insets, the whole canvas is used.
 */
export function cameraToFit(viewport: { w: number; h: number }, bounds: Box, insets: ScreenInsets): { x: number; y: number; z: number } {
  let free = { x: insets.left, y: insets.top, w: viewport.w - insets.left - insets.right, h: viewport.h - insets.top - insets.bottom }
  if (free.w < viewport.w / 3 || free.h < viewport.h / 3) free = { x: 0, y: 0, w: viewport.w, h: viewport.h }
  const fit = Math.min(free.w / Math.max(bounds.w, 1), free.h / Math.max(bounds.h, 1))
  const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, fit))
  const centre = { x: bounds.x + bounds.w / 2, y: bounds.y + bounds.h / 2 }
  return { x: (free.x + free.w / 2) / z - centre.x, y: (free.y + free.h / 2) / z - centre.y, z }
}
