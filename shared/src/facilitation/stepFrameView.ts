import { readTemplateMeta } from '../templates/templateMeta'
import { MAX_PAGE_COORDINATE } from './facilitationLimits'
import type { StepFrame } from './runSheet'

/** Deepest parent chain followed; tldraw nests frames a few levels at most. Guards against cycles from bad peers. */
const MAX_NESTING = 32

export interface FrameView {
  /** The frame's shape id on this board. */
  shapeId: string
  pageId: string
  /** The frame's box in page coordinates (rotation ignored). */
  bounds: { x: number; y: number; w: number; h: number }
}

interface RawShape {
  id: string
  type: string
  parentId: string
  x: number
  y: number
  index: string
  w: number | undefined
  h: number | undefined
  template: string | undefined
}

/**
 * Where a step's frame is on this board, read from the board's raw records (the server reads
 * the doc, the client its store): the frame with the step's shape id if this board has it,
 * else the first frame (in page order) made from the step's template. A board made from the
 * same template as the one the step was written on thus shows its own copy. Undefined when the
 * board has no such frame: the step then moves nobody.
 */
export function stepFrameView(records: Iterable<unknown>, frame: StepFrame): FrameView | undefined {
  const shapes = new Map<string, RawShape>()
  const pageIndex = new Map<string, string>()
  for (const record of records) {
    if (record === null || typeof record !== 'object') continue
    const r = record as Record<string, unknown>
    if (typeof r.id !== 'string') continue
    if (r.typeName === 'page') pageIndex.set(r.id, typeof r.index === 'string' ? r.index : '')
    const shape = asShape(r)
    if (shape) shapes.set(shape.id, shape)
  }
  const located = [...shapes.values()]
    .filter((s) => s.type === 'frame' && s.w !== undefined && s.h !== undefined)
    .map((s) => ({ shape: s, place: placeOf(s, shapes) }))
    .filter((f): f is { shape: RawShape; place: Place } => f.place !== undefined && pageIndex.has(f.place.pageId))
  const byId = frame.shapeId === null ? undefined : located.find((f) => f.shape.id === frame.shapeId)
  const chosen =
    byId ??
    (frame.template === null
      ? undefined
      : located
          .filter((f) => f.shape.template === frame.template)
          .sort((a, b) => compare(pageIndex.get(a.place.pageId)!, pageIndex.get(b.place.pageId)!) || compare(a.place.order, b.place.order))[0])
  if (!chosen) return undefined
  const { shape, place } = chosen
  return { shapeId: shape.id, pageId: place.pageId, bounds: { x: place.x, y: place.y, w: shape.w!, h: shape.h! } }
}

interface Place {
  pageId: string
  x: number
  y: number
  /** The index keys from the page down, joined: page order of nested shapes. */
  order: string
}

function placeOf(shape: RawShape, shapes: Map<string, RawShape>): Place | undefined {
  let x = shape.x
  let y = shape.y
  let order = shape.index
  let parentId = shape.parentId
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    const parent = shapes.get(parentId)
    if (!parent) {
      if (!parentId.startsWith('page:')) return undefined
      if (Math.abs(x) > MAX_PAGE_COORDINATE || Math.abs(y) > MAX_PAGE_COORDINATE) return undefined
      return { pageId: parentId, x, y, order }
    }
    x += parent.x
    y += parent.y
    order = `${parent.index} ${order}`
    parentId = parent.parentId
  }
  return undefined
}

function asShape(r: Record<string, unknown>): RawShape | undefined {
  if (r.typeName !== 'shape' || typeof r.id !== 'string' || typeof r.type !== 'string' || typeof r.parentId !== 'string') return undefined
  if (!isNum(r.x) || !isNum(r.y)) return undefined
  const props = r.props !== null && typeof r.props === 'object' ? (r.props as Record<string, unknown>) : {}
  const meta = readTemplateMeta(r.meta)
  return {
    id: r.id,
    type: r.type,
    parentId: r.parentId,
    x: r.x,
    y: r.y,
    index: typeof r.index === 'string' ? r.index : '',
    w: isNum(props.w) && props.w > 0 && props.w <= MAX_PAGE_COORDINATE ? props.w : undefined,
    h: isNum(props.h) && props.h > 0 && props.h <= MAX_PAGE_COORDINATE ? props.h : undefined,
    template: meta?.role === 'frame' ? meta.template : undefined,
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function isNum(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}
