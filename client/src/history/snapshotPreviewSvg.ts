import { tldrawColor } from '@whiteboard/shared/board/tldrawColors'

/**
 * A small static picture of a snapshot's first page, drawn from its records without an editor,
 * for the history list. Shapes are drawn as their outlines in their colours (notes filled,
 * frames outlined, arrows as lines); text is left out, since at thumbnail scale it cannot be
 * read. The records come from the server but were written by peers: every field is checked
 * and a shape that does not add up is skipped.
 *
 * Use as `<img src={'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg)}>`: an <img>
 * never runs script.
 */

/** A white stroke on the white picture would vanish; history previews draw it light grey. */
const WHITE_STROKE_ON_WHITE = '#d0d0d0'
const NOTE_SIZE = 200
/** Most shapes drawn; a thumbnail of thousands of shapes says no more than one of this many. */
const MAX_SHAPES = 2000
/** Nesting deeper than this is not a real board (frames in frames); it stops a parent cycle too. */
const MAX_DEPTH = 32

interface Shape {
  id: string
  type: string
  parentId: string
  index: string
  x: number
  y: number
  props: Record<string, unknown>
}

interface Drawn {
  box: { x: number; y: number; w: number; h: number }
  svg: string
}

export interface SnapshotPreviewOptions {
  /** Width and height of the picture; the content is fitted inside. Defaults 240 × 150. */
  width?: number
  height?: number
}

/** SVG markup of the snapshot's first page; an empty white picture when the page has no shapes. */
export function snapshotPreviewSvg(records: readonly unknown[], opts: SnapshotPreviewOptions = {}): string {
  const width = opts.width ?? 240
  const height = opts.height ?? 150
  const shapes = new Map<string, Shape>()
  const pages: { id: string; index: string }[] = []
  for (const value of records) {
    if (!isObject(value) || typeof value.id !== 'string') continue
    if (value.typeName === 'page' && typeof value.index === 'string') pages.push({ id: value.id, index: value.index })
    const shape = asShape(value)
    if (shape) shapes.set(shape.id, shape)
  }
  const page = pages.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))[0]
  const drawn: Drawn[] = []
  if (page) {
    const ordered = [...shapes.values()].sort((a, b) => depth(a, shapes) - depth(b, shapes) || (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))
    for (const shape of ordered.slice(0, MAX_SHAPES)) {
      const origin = pageOrigin(shape, shapes, page.id)
      if (!origin) continue
      const d = drawShape(shape, origin)
      if (d) drawn.push(d)
    }
  }
  const frame = `<rect width="${width}" height="${height}" fill="#ffffff"/>`
  if (drawn.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${frame}</svg>`
  const minX = Math.min(...drawn.map((d) => d.box.x))
  const minY = Math.min(...drawn.map((d) => d.box.y))
  const maxX = Math.max(...drawn.map((d) => d.box.x + d.box.w))
  const maxY = Math.max(...drawn.map((d) => d.box.y + d.box.h))
  const pad = 40
  const bw = maxX - minX + 2 * pad
  const bh = maxY - minY + 2 * pad
  const scale = Math.min(width / bw, height / bh)
  const ox = (width - bw * scale) / 2 - (minX - pad) * scale
  const oy = (height - bh * scale) / 2 - (minY - pad) * scale
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${frame}` +
    `<g transform="translate(${num(ox)} ${num(oy)}) scale(${num(scale)})">${drawn.map((d) => d.svg).join('')}</g></svg>`
  )
}

function asShape(value: Record<string, unknown>): Shape | undefined {
  if (value.typeName !== 'shape') return undefined
  const { id, type, parentId, index, x, y, props } = value
  if (typeof id !== 'string' || typeof type !== 'string' || typeof parentId !== 'string' || typeof index !== 'string') return undefined
  if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isObject(props)) return undefined
  return { id, type, parentId, index, x, y, props }
}

/** How many shapes a shape is nested in; parents are drawn first, so children sit on top. */
function depth(shape: Shape, shapes: Map<string, Shape>): number {
  let n = 0
  for (let p = shapes.get(shape.parentId); p && n < MAX_DEPTH; p = shapes.get(p.parentId)) n++
  return n
}

/** The shape's position on the page (rotation ignored), or undefined when it is not on `pageId`. */
function pageOrigin(shape: Shape, shapes: Map<string, Shape>, pageId: string): { x: number; y: number } | undefined {
  let x = shape.x
  let y = shape.y
  let parentId = shape.parentId
  for (let i = 0; i < MAX_DEPTH; i++) {
    if (parentId === pageId) return { x, y }
    const parent = shapes.get(parentId)
    if (!parent) return undefined
    x += parent.x
    y += parent.y
    parentId = parent.parentId
  }
  return undefined
}

function drawShape(shape: Shape, at: { x: number; y: number }): Drawn | undefined {
  const p = shape.props
  const tl = tldrawColor(p.color)
  const color = { note: tl.note, stroke: p.color === 'white' ? WHITE_STROKE_ON_WHITE : tl.stroke }
  const scale = isFiniteNumber(p.scale) && p.scale > 0 ? p.scale : 1
  const w = isFiniteNumber(p.w) && p.w > 0 ? p.w * (shape.type === 'geo' || shape.type === 'frame' || shape.type === 'image' ? 1 : scale) : undefined
  const h = isFiniteNumber(p.h) && p.h > 0 ? p.h : undefined
  switch (shape.type) {
    case 'note': {
      const size = NOTE_SIZE * scale
      const grow = isFiniteNumber(p.growY) && p.growY > 0 ? p.growY * scale : 0
      const box = { x: at.x, y: at.y, w: size, h: size + grow }
      return { box, svg: `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" fill="${color.note}"/>` }
    }
    case 'frame': {
      if (!w || !h) return undefined
      const box = { x: at.x, y: at.y, w, h }
      return { box, svg: `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(w)}" height="${num(h)}" fill="#ffffff" stroke="#9fa8b2" stroke-width="4"/>` }
    }
    case 'geo': {
      if (!w || !h) return undefined
      const grow = isFiniteNumber(p.growY) && p.growY > 0 ? p.growY : 0
      const box = { x: at.x, y: at.y, w, h: h + grow }
      const fill = p.fill === 'none' || p.fill === undefined ? 'none' : color.note
      const attrs = `fill="${fill}" stroke="${color.stroke}" stroke-width="6"`
      const svg =
        p.geo === 'ellipse' || p.geo === 'oval'
          ? `<ellipse cx="${num(box.x + box.w / 2)}" cy="${num(box.y + box.h / 2)}" rx="${num(box.w / 2)}" ry="${num(box.h / 2)}" ${attrs}/>`
          : `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" ${attrs}/>`
      return { box, svg }
    }
    case 'arrow':
    case 'line': {
      const points = shape.type === 'arrow' ? [p.start, p.end] : isObject(p.points) ? Object.values(p.points) : []
      const xy = points.filter((pt): pt is { x: number; y: number } => isObject(pt) && isFiniteNumber(pt.x) && isFiniteNumber(pt.y))
      if (xy.length < 2) return undefined
      const abs = xy.map((pt) => ({ x: at.x + pt.x, y: at.y + pt.y }))
      const xs = abs.map((pt) => pt.x)
      const ys = abs.map((pt) => pt.y)
      const box = { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) }
      return { box, svg: `<polyline points="${abs.map((pt) => `${num(pt.x)},${num(pt.y)}`).join(' ')}" fill="none" stroke="${color.stroke}" stroke-width="6"/>` }
    }
    default: {
      // Text, images, drawings and anything newer: a light box where they are.
      const box = { x: at.x, y: at.y, w: w ?? 120, h: h ?? 40 }
      return { box, svg: `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" fill="#e8e8e8" stroke="${color.stroke}" stroke-width="2"/>` }
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100)
}
