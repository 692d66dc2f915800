import type { Box, Editor, TLShapeId } from 'tldraw'

export type ImageFormat = 'png' | 'svg'
export const EXPORT_SCALES = [1, 2, 4] as const
export type ExportScale = (typeof EXPORT_SCALES)[number]
export type ExportBackground = 'transparent' | 'white'

export interface ImageExportOptions {
  format: ImageFormat
  scale: ExportScale
  background: ExportBackground
  /** Crop to these page bounds (a frame's), instead of the union of the shapes' bounds. */
  bounds?: Box
}

export interface ExportedImage {
  blob: Blob
  /** Size in CSS pixels of the exported area times the scale: for PNG, the pixel size of the image. */
  width: number
  height: number
}

const WHITE = '#ffffff'

/**
 * Renders shapes to PNG or SVG entirely in the browser, so it works while the server is down.
 *
 * tldraw multiplies PNG exports by a pixel ratio of 2 unless told otherwise; we pin it to 1 so
 * that "scale" alone decides the size: a 400×300 frame at 2× is an 800×600 PNG. A single frame
 * exports exactly at its bounds (tldraw adds no padding around a lone frame).
 *
 * tldraw's own background is the canvas grey (#f9fafb), not white; so we always export
 * transparent and lay white under it ourselves when white is asked for.
 */
export async function exportImage(editor: Editor, ids: TLShapeId[], opts: ImageExportOptions): Promise<ExportedImage> {
  if (ids.length === 0) throw new Error('nothing to export')
  const result = await editor.toImage(ids, {
    format: opts.format,
    scale: opts.scale,
    pixelRatio: opts.format === 'png' ? 1 : undefined,
    background: false,
    // Reports are printed and pasted into documents: always the light theme.
    darkMode: false,
    ...(opts.bounds ? { bounds: opts.bounds, padding: 0 } : {}),
  })
  if (opts.background === 'transparent') return result
  const blob = opts.format === 'png' ? await pngOnWhite(result.blob) : await svgOnWhite(result.blob)
  return { ...result, blob }
}

async function pngOnWhite(png: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(png)
  try {
    const canvas = document.createElement('canvas')
    canvas.width = bitmap.width
    canvas.height = bitmap.height
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('no 2d canvas')
    ctx.fillStyle = WHITE
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.drawImage(bitmap, 0, 0)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob failed'))), 'image/png'),
    )
  } finally {
    bitmap.close()
  }
}

/**
 * A CSS background on the root <svg> is ignored by many SVG editors and converters, so the white
 * goes in as a rectangle covering the viewBox, painted before everything else.
 */
async function svgOnWhite(svg: Blob): Promise<Blob> {
  const doc = new DOMParser().parseFromString(await svg.text(), 'image/svg+xml')
  const root = doc.documentElement
  const [x = '0', y = '0', w = '100%', h = '100%'] = (root.getAttribute('viewBox') ?? '').split(/[\s,]+/).filter(Boolean)
  const rect = doc.createElementNS('http://www.w3.org/2000/svg', 'rect')
  for (const [name, value] of Object.entries({ x, y, width: w, height: h, fill: WHITE })) rect.setAttribute(name, value)
  const defs = root.querySelector(':scope > defs')
  root.insertBefore(rect, defs ? defs.nextSibling : root.firstChild)
  return new Blob([new XMLSerializer().serializeToString(doc)], { type: 'image/svg+xml' })
}
