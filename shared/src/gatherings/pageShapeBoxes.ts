/**
 * A rough picture of a board's first page from its raw tldraw records, without an editor:
 * one box per visible shape in page coordinates, with the shape's kind and colour. The
 * gathering overview draws thumbnails from it, and the server sizes a summon to the content.
 *
 * Records come from peers, so every field is read defensively: a record that does not look
 * like a shape is skipped, and a size that cannot be read falls back to `FALLBACK_SIZE`.
 * Rotation of a shape's own box is ignored; parents' rotations move children correctly.
 */

export type ShapeBoxKind = 'frame' | 'note' | 'geo' | 'text' | 'image' | 'line' | 'other'

export interface ShapeBox {
  id: string
  kind: ShapeBoxKind
  x: number
  y: number
  w: number
  h: number
  /** tldraw colour style name (`black`, `yellow`, …); `black` when absent. */
  color: string
  /** For geo shapes: tldraw's `geo` style (`rectangle`, `ellipse`, …). */
  geo?: string
  /** For geo shapes: whether the fill is not `none`. */
  filled?: boolean
  /** For lines and arrows: start and end in page coordinates. */
  from?: { x: number; y: number }
  to?: { x: number; y: number }
}

/** Side of a tldraw sticky note at scale 1. */
const NOTE_SIDE = 200
/** Size given to shapes whose extent cannot be read (free drawing, unknown types). */
const FALLBACK_SIZE = 40
/** Height of a one-line text shape at scale 1, near tldraw's medium size. */
const TEXT_LINE_HEIGHT = 32
/** Deepest parent chain followed; tldraw nests frames and groups a few levels at most. Guards against cycles from bad peers. */
const MAX_NESTING = 32

interface RawShape {
  id: string
  type: string
  parentId: string
  x: number
  y: number
  rotation: number
  index: string
  props: Record<string, unknown>
}

export interface PageShapes {
  /** Id of the first page (lowest index), or undefined when the board has none. */
  pageId: string | undefined
  /** Boxes in paint order (tldraw's index order, parents before children). */
  boxes: ShapeBox[]
}

/** The boxes of the first page of a board, given all its records (any order). */
export function pageShapeBoxes(records: Iterable<unknown>): PageShapes {
  const shapes = new Map<string, RawShape>()
  const pages: { id: string; index: string }[] = []
  for (const record of records) {
    if (record === null || typeof record !== 'object') continue
    const r = record as Record<string, unknown>
    if (typeof r.id !== 'string') continue
    if (r.typeName === 'page' && r.id.startsWith('page:')) pages.push({ id: r.id, index: typeof r.index === 'string' ? r.index : '' })
    const shape = asShape(r)
    if (shape) shapes.set(shape.id, shape)
  }
  pages.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))
  const pageId = pages[0]?.id
  if (!pageId) return { pageId, boxes: [] }

  const children = new Map<string, RawShape[]>()
  for (const shape of shapes.values()) {
    const list = children.get(shape.parentId)
    if (list) list.push(shape)
    else children.set(shape.parentId, [shape])
  }
  const boxes: ShapeBox[] = []
  const visit = (parentId: string, origin: { x: number; y: number; rotation: number }, depth: number) => {
    if (depth > MAX_NESTING) return
    const list = children.get(parentId)
    if (!list) return
    list.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))
    for (const shape of list) {
      const cos = Math.cos(origin.rotation)
      const sin = Math.sin(origin.rotation)
      const at = { x: origin.x + shape.x * cos - shape.y * sin, y: origin.y + shape.x * sin + shape.y * cos, rotation: origin.rotation + shape.rotation }
      const box = toBox(shape, at)
      if (box) boxes.push(box)
      visit(shape.id, at, depth + 1)
    }
  }
  visit(pageId, { x: 0, y: 0, rotation: 0 }, 0)
  return { pageId, boxes }
}

/** The smallest rectangle around every box, or undefined for an empty page. */
export function boundsOf(boxes: readonly ShapeBox[]): { x: number; y: number; w: number; h: number } | undefined {
  if (boxes.length === 0) return undefined
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const b of boxes) {
    minX = Math.min(minX, b.x)
    minY = Math.min(minY, b.y)
    maxX = Math.max(maxX, b.x + b.w)
    maxY = Math.max(maxY, b.y + b.h)
  }
  return { x: minX, y: minY, w: Math.max(1, maxX - minX), h: Math.max(1, maxY - minY) }
}

function asShape(r: Record<string, unknown>): RawShape | undefined {
  if (r.typeName !== 'shape' || typeof r.id !== 'string' || !r.id.startsWith('shape:')) return undefined
  if (typeof r.type !== 'string' || typeof r.parentId !== 'string') return undefined
  if (!isNum(r.x) || !isNum(r.y)) return undefined
  const props = r.props !== null && typeof r.props === 'object' ? (r.props as Record<string, unknown>) : {}
  return {
    id: r.id,
    type: r.type,
    parentId: r.parentId,
    x: r.x,
    y: r.y,
    rotation: isNum(r.rotation) ? r.rotation : 0,
    index: typeof r.index === 'string' ? r.index : '',
    props,
  }
}

function toBox(shape: RawShape, at: { x: number; y: number; rotation: number }): ShapeBox | undefined {
  const p = shape.props
  const color = typeof p.color === 'string' ? p.color : 'black'
  const scale = isNum(p.scale) && p.scale > 0 ? p.scale : 1
  const base = { id: shape.id, x: at.x, y: at.y, color }
  const w = isNum(p.w) && p.w > 0 ? p.w : FALLBACK_SIZE
  const h = isNum(p.h) && p.h > 0 ? p.h : FALLBACK_SIZE
  switch (shape.type) {
    case 'group':
      // A group has no picture of its own; its children are drawn.
      return undefined
    case 'frame':
      return { ...base, kind: 'frame', w, h, color: typeof p.color === 'string' ? p.color : 'grey' }
    case 'note': {
      const growY = isNum(p.growY) && p.growY > 0 ? p.growY : 0
      return { ...base, kind: 'note', w: NOTE_SIDE * scale, h: (NOTE_SIDE + growY) * scale, color: typeof p.color === 'string' ? p.color : 'yellow' }
    }
    case 'geo':
      return { ...base, kind: 'geo', w: w * scale, h: (h + (isNum(p.growY) ? Math.max(0, p.growY) : 0)) * scale, geo: typeof p.geo === 'string' ? p.geo : 'rectangle', filled: typeof p.fill === 'string' && p.fill !== 'none' }
    case 'text':
      return { ...base, kind: 'text', w: (isNum(p.w) && p.w > 0 ? p.w : FALLBACK_SIZE * 2) * scale, h: TEXT_LINE_HEIGHT * scale }
    case 'image':
    case 'video':
    case 'bookmark':
    case 'embed':
      return { ...base, kind: 'image', w, h }
    case 'arrow': {
      const start = vec(p.start)
      const end = vec(p.end)
      if (!start || !end) return { ...base, kind: 'other', w: FALLBACK_SIZE, h: FALLBACK_SIZE }
      return lineBox(base, at, [start, end])
    }
    case 'line': {
      const raw = p.points !== null && typeof p.points === 'object' ? Object.values(p.points as Record<string, unknown>) : []
      // Line points are keyed by id and ordered by their fractional `index`.
      raw.sort((a, b) => (indexOf(a) < indexOf(b) ? -1 : indexOf(a) > indexOf(b) ? 1 : 0))
      const points = raw.map(vec).filter((v) => v !== undefined)
      if (points.length < 2) return { ...base, kind: 'other', w: FALLBACK_SIZE, h: FALLBACK_SIZE }
      return lineBox(base, at, [points[0]!, points[points.length - 1]!])
    }
    default:
      return { ...base, kind: 'other', w: FALLBACK_SIZE, h: FALLBACK_SIZE }
  }
}

function lineBox(base: { id: string; color: string }, at: { x: number; y: number }, [a, b]: [{ x: number; y: number }, { x: number; y: number }]): ShapeBox {
  const from = { x: at.x + a.x, y: at.y + a.y }
  const to = { x: at.x + b.x, y: at.y + b.y }
  const x = Math.min(from.x, to.x)
  const y = Math.min(from.y, to.y)
  return { ...base, kind: 'line', x, y, w: Math.max(1, Math.abs(to.x - from.x)), h: Math.max(1, Math.abs(to.y - from.y)), from, to }
}

function vec(value: unknown): { x: number; y: number } | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const v = value as { x?: unknown; y?: unknown }
  return isNum(v.x) && isNum(v.y) ? { x: v.x, y: v.y } : undefined
}

function indexOf(value: unknown): string {
  const index = value !== null && typeof value === 'object' ? (value as { index?: unknown }).index : undefined
  return typeof index === 'string' ? index : ''
}

function isNum(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}
