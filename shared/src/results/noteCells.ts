import { readTemplateMeta } from '../templates/templateMeta'
import { plainText } from './plainText'
import { ShapeTransforms, type PlacedShape, type Point } from './shapeTransforms'
import { boxTree, firstIn, SmallestHolder, type Box } from './SmallestHolder'

/**
 * Which template cell each note of a board sits in, computed from the board's records alone, so
 * the server's notes export, the browser's report and the text view of the board all group notes
 * alike.
 *
 * A *note* is every sticky note, and every text or geo shape with text that is not template
 * scaffolding. Its place is decided by its centre:
 * - its *frame* is the innermost frame the centre lies in (edges included, as dot voting counts a
 *   note in a frame);
 * - its *row* and *column* come from the frame's scaffolding, by `meta.role`: lanes, steps,
 *   rings, quadrants and areas are rows (the smallest one the centre is in wins, so a ring beats
 *   the ring around it); a stage heading is a column that reaches from its top down to the
 *   frame's bottom (the stages of a service journey), an area headed by a stage heading is a
 *   column of its own (retrospective, theory of change, KS Veikart), and a sector is a column;
 * - a centre on the border between two cells belongs to the cell below or to the right; on a
 *   ring's line it belongs to the ring outside that line.
 *
 * Cell names are read from the board, not from the template catalog: the scaffolding's own text,
 * else the text of its `<part>:header`, else of its `<part>:label`. So a board keeps its own
 * language whatever language the reader uses, and a facilitator's edited heading is the name.
 * Scaffolding without any text names no cell.
 */

export interface NoteCell {
  /** The note's shape id. */
  id: string
  /** The page it is on. */
  pageId: string
  /** The frame its centre lies in, or null outside every frame. */
  frameId: string | null
  /** The frame's title; empty outside frames. */
  frame: string
  /** The id of the template the frame came from; empty for a plain frame or outside frames. */
  template: string
  /** The name of the row cell (lane, ring, quadrant, step, area); empty if none. */
  row: string
  /** The name of the column cell (stage, sector, column area); empty if none. */
  column: string
  text: string
  /** tldraw's colour name, e.g. `yellow`. */
  color: string
  /** The tldraw shape type: `note`, `text` or `geo`. */
  type: 'note' | 'text' | 'geo'
  /** The centre in page coordinates, rounded to whole units. */
  x: number
  y: number
}

/** One frame's structure: its cell names in the order they stand in the frame (top to bottom, left to right). */
export interface FrameCells {
  id: string
  pageId: string
  title: string
  template: string
  rows: string[]
  columns: string[]
  /**
   * True when rows and columns cross, so the cells form a table (a journey's lanes × stages, a
   * stakeholder map's rings × sectors); false when they lie side by side (a retrospective's
   * columns above its next steps).
   */
  grid: boolean
}

export interface BoardCells {
  /** Every frame, pages in order, then top to bottom and left to right. */
  frames: FrameCells[]
  /** Every note, frame by frame in the order of `frames` and by cell inside a frame (rows, then columns, then position); notes outside frames last. */
  notes: NoteCell[]
}

/** Scaffolding roles whose shape is a row cell. */
const ROW_ROLES: ReadonlySet<string> = new Set(['lane', 'backstage', 'ring', 'quadrant', 'step', 'area'])

/** Parent chains longer than this are treated as broken, as ShapeTransforms does. */
const MAX_NESTING = 64

/** A tldraw sticky note's side before its scale; tldraw draws notes this size. */
const NOTE_SIDE = 200

/**
 * Height assumed for a text shape's first line, by its size style: the records do not hold a
 * text shape's height (the browser measures it), and a note's first line is where people aim.
 */
const TEXT_LINE_HEIGHT: Readonly<Record<string, number>> = { s: 24, m: 32, l: 48, xl: 60 }

interface ShapeRecord extends PlacedShape {
  type: string
  index: string
  props: Record<string, unknown>
  meta: unknown
}

interface Region {
  id: string
  label: string
  kind: 'row' | 'column'
  /** A stage heading's column reaches down to the frame's bottom edge. */
  band: boolean
  geo: string
  w: number
  h: number
  area: number
  /** Top-left in page coordinates, for ordering. */
  origin: Point
  /** Bounding box in page coordinates (a stage's band down to the frame's bottom). */
  bounds: Box
}

interface FrameInfo {
  shape: ShapeRecord
  cells: FrameCells
  regions: Region[]
  area: number
}

/** Holds every point: for shapes whose page box cannot be trusted to hold all the points they contain. */
const EVERYWHERE: Box = { minX: -Infinity, minY: -Infinity, maxX: Infinity, maxY: Infinity }

export function noteCells(records: Iterable<unknown>): BoardCells {
  const shapes = new Map<string, ShapeRecord>()
  const pageOrder = new Map<string, string>()
  for (const record of records) {
    if (isShape(record)) shapes.set(record.id, record)
    else if (isPage(record)) pageOrder.set(record.id, record.index)
  }
  const transforms = new ShapeTransforms(shapes)
  const scaffolding = scaffoldingByFrame(shapes)

  const frames: FrameInfo[] = []
  for (const shape of shapes.values()) {
    if (shape.type !== 'frame') continue
    const placement = transforms.placement(shape.id)
    if (!placement) continue
    const meta = readTemplateMeta(shape.meta)
    const regions = frameRegions(shape, scaffolding.get(shape.id) ?? [], transforms)
    frames.push({
      shape,
      regions,
      area: size(shape).w * size(shape).h,
      cells: {
        id: shape.id,
        pageId: placement.pageId,
        title: oneLine(typeof shape.props.name === 'string' ? shape.props.name : ''),
        template: meta?.role === 'frame' ? meta.template : '',
        rows: orderedLabels(regions, 'row'),
        columns: orderedLabels(regions, 'column'),
        grid: rowsCrossColumns(regions),
      },
    })
  }
  const pageRank = (pageId: string) => pageOrder.get(pageId) ?? '\uffff'
  const frameTopLeft = new Map(frames.map((f) => [f.shape.id, transforms.toPage(f.shape.id, { x: 0, y: 0 }) ?? { x: 0, y: 0 }]))
  frames.sort((p, q) => {
    const a = frameTopLeft.get(p.shape.id)!
    const b = frameTopLeft.get(q.shape.id)!
    return compareText(pageRank(p.cells.pageId), pageRank(q.cells.pageId)) || a.y - b.y || a.x - b.x || compareText(p.shape.id, q.shape.id)
  })
  const frameIndex = new Map(frames.map((f, i) => [f, i]))
  const framesOfPage = new Map<string, FrameInfo[]>()
  for (const frame of frames) {
    const onPage = framesOfPage.get(frame.cells.pageId)
    if (onPage) onPage.push(frame)
    else framesOfPage.set(frame.cells.pageId, [frame])
  }
  // Built once per page and per frame, and only where notes are, so each note looks at the few shapes near its centre.
  const frameFinders = new Map<string, SmallestHolder<FrameInfo>>()
  const cellFinders = new Map<FrameInfo, { rows: CellFinder; columns: CellFinder }>()

  const notes: (NoteCell & { order: number[] })[] = []
  for (const shape of shapes.values()) {
    if (!isNoteLike(shape)) continue
    const placement = transforms.placement(shape.id)
    if (!placement) continue
    const { w, h } = noteSize(shape)
    const centre = transforms.toPage(shape.id, { x: w / 2, y: h / 2 })!
    let frameFinder = frameFinders.get(placement.pageId)
    if (!frameFinder) {
      frameFinder = new SmallestHolder(framesOfPage.get(placement.pageId) ?? [], (f) => searchBox(transforms, f.shape.id, size(f.shape), false))
      frameFinders.set(placement.pageId, frameFinder)
    }
    const frame = frameFinder.find(centre, (f) => f.shape.id !== shape.id && frameHolds(f, transforms, centre))
    let cellFinder = frame ? cellFinders.get(frame) : undefined
    if (frame && !cellFinder) {
      cellFinder = { rows: cellFinderOf(frame.regions, 'row', frame.cells.rows, transforms), columns: cellFinderOf(frame.regions, 'column', frame.cells.columns, transforms) }
      cellFinders.set(frame, cellFinder)
    }
    const row = cellFinder?.rows.find(centre)
    const column = cellFinder?.columns.find(centre)
    notes.push({
      id: shape.id,
      pageId: placement.pageId,
      frameId: frame ? frame.shape.id : null,
      frame: frame ? frame.cells.title : '',
      template: frame ? frame.cells.template : '',
      row: row?.label ?? '',
      column: column?.label ?? '',
      text: shapeText(shape),
      color: typeof shape.props.color === 'string' ? shape.props.color : '',
      type: shape.type as NoteCell['type'],
      x: Math.round(centre.x),
      y: Math.round(centre.y),
      order: [
        frame ? 0 : 1,
        frame ? frameIndex.get(frame)! : 0,
        cellFinder ? cellFinder.rows.rankOf(row?.label) : 0,
        cellFinder ? cellFinder.columns.rankOf(column?.label) : 0,
        centre.y,
        centre.x,
      ],
    })
  }
  notes.sort((p, q) => {
    if (p.frameId === null && q.frameId === null) {
      const byPage = compareText(pageRank(p.pageId), pageRank(q.pageId))
      if (byPage) return byPage
    }
    for (let i = 0; i < p.order.length; i++) {
      const d = p.order[i]! - q.order[i]!
      if (d) return d
    }
    return compareText(p.id, q.id)
  })
  return { frames: frames.map((f) => f.cells), notes: notes.map(({ order: _order, ...note }) => note) }
}

/**
 * Each frame's template scaffolding (shapes with a part, at any depth inside it), in board order.
 * One walk up from each shape, so the cost grows with the board, not with frames × shapes.
 */
function scaffoldingByFrame(shapes: ReadonlyMap<string, ShapeRecord>): Map<string, ShapeRecord[]> {
  const byFrame = new Map<string, ShapeRecord[]>()
  for (const shape of shapes.values()) {
    const meta = readTemplateMeta(shape.meta)
    if (!meta?.scaffolding || meta.part === undefined) continue
    let parentId = shape.parentId
    for (let i = 0; i < MAX_NESTING && !parentId.startsWith('page:'); i++) {
      const parent = shapes.get(parentId)
      if (!parent) break
      if (parent.type === 'frame') {
        const inFrame = byFrame.get(parentId) ?? []
        // A cyclic parent chain passes the same frame again; the shape is in it once.
        if (inFrame[inFrame.length - 1] !== shape) inFrame.push(shape)
        byFrame.set(parentId, inFrame)
      }
      parentId = parent.parentId
    }
  }
  return byFrame
}

function frameRegions(frame: ShapeRecord, scaffolding: readonly ShapeRecord[], transforms: ShapeTransforms): Region[] {
  const byPart = new Map<string, ShapeRecord>()
  for (const shape of scaffolding) byPart.set(readTemplateMeta(shape.meta)!.part!, shape)
  const labelOf = (shape: ShapeRecord, part: string) =>
    shapeText(shape) || textOfPart(byPart, `${part}:header`) || textOfPart(byPart, `${part}:label`)

  const regions: Region[] = []
  for (const shape of scaffolding) {
    if (shape.type !== 'geo') continue
    const meta = readTemplateMeta(shape.meta)!
    const part = meta.part!
    let kind: Region['kind'] | undefined
    let band = false
    const header = byPart.get(`${part}:header`)
    if (meta.role === 'stage' && !part.endsWith(':header')) {
      kind = 'column'
      band = true
    } else if (meta.role === 'sector') kind = 'column'
    else if (meta.role === 'area' && header && readTemplateMeta(header.meta)?.role === 'stage') kind = 'column'
    else if (ROW_ROLES.has(meta.role)) kind = 'row'
    if (!kind) continue
    const label = oneLine(labelOf(shape, part))
    if (!label) continue
    const { w, h } = size(shape)
    const geo = typeof shape.props.geo === 'string' ? shape.props.geo : 'rectangle'
    const bounds = pageBounds(transforms, shape.id, w, h)
    if (band) bounds.maxY = Math.max(bounds.maxY, pageBounds(transforms, frame.id, size(frame).w, size(frame).h).maxY)
    regions.push({
      id: shape.id,
      label,
      kind,
      band,
      geo,
      w,
      h,
      area: geo === 'ellipse' || geo === 'oval' ? (Math.PI / 4) * w * h : geo === 'diamond' ? (w * h) / 2 : w * h,
      origin: transforms.toPage(shape.id, { x: 0, y: 0 }) ?? { x: 0, y: 0 },
      bounds,
    })
  }
  return regions
}

function pageBounds(transforms: ShapeTransforms, id: string, w: number, h: number): Box {
  const corners = [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: 0, y: h },
    { x: w, y: h },
  ].map((p) => transforms.toPage(id, p) ?? p)
  return {
    minX: Math.min(...corners.map((p) => p.x)),
    minY: Math.min(...corners.map((p) => p.y)),
    maxX: Math.max(...corners.map((p) => p.x)),
    maxY: Math.max(...corners.map((p) => p.y)),
  }
}

/** Whether two boxes share some area (touching edges do not count). */
function overlap(a: Region['bounds'], b: Region['bounds']): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY
}

function textOfPart(byPart: ReadonlyMap<string, ShapeRecord>, part: string): string {
  const shape = byPart.get(part)
  return shape ? shapeText(shape) : ''
}

function orderedLabels(regions: readonly Region[], kind: Region['kind']): string[] {
  const sorted = regions.filter((r) => r.kind === kind).sort((a, b) => a.origin.y - b.origin.y || a.origin.x - b.origin.x)
  return [...new Set(sorted.map((r) => r.label))]
}

/** Whether some row and some column share area. */
function rowsCrossColumns(regions: readonly Region[]): boolean {
  // A column with a NaN edge shares area with nothing, and in the tree its box would hide its neighbours'.
  const columns = regions.filter((r) => r.kind === 'column' && !Object.values(r.bounds).some(Number.isNaN))
  const tree = boxTree(columns.map((item, rank) => ({ item, box: item.bounds, rank })), 0)
  return tree !== undefined && regions.some((r) => r.kind === 'row' && firstIn(tree, (b) => overlap(b, r.bounds), () => true, undefined) !== undefined)
}

function frameHolds(frame: FrameInfo, transforms: ShapeTransforms, centre: Point): boolean {
  const p = transforms.toLocal(frame.shape.id, centre)
  const { w, h } = size(frame.shape)
  return !(!p || p.x < 0 || p.y < 0 || p.x > w || p.y > h)
}

/** A frame's row or column cells: which one holds a point, and the place of a cell name in the frame's order. */
interface CellFinder {
  find(centre: Point): Region | undefined
  rankOf(label: string | undefined): number
}

function cellFinderOf(regions: readonly Region[], kind: Region['kind'], labels: readonly string[], transforms: ShapeTransforms): CellFinder {
  const holder = new SmallestHolder(
    regions.filter((r) => r.kind === kind),
    (r) => searchBox(transforms, r.id, r, r.band),
  )
  const ranks = new Map(labels.map((label, i) => [label, i]))
  return {
    find: (centre) =>
      holder.find(centre, (region) => {
        const p = transforms.toLocal(region.id, centre)
        return p !== undefined && contains(region, p)
      }),
    // Notes in no cell come after every named cell.
    rankOf: (label) => (label === undefined ? labels.length : (ranks.get(label) ?? -1)),
  }
}

/**
 * A page box holding every point that the shape's own test (frameHolds, contains) can hold,
 * padded for rounding, so passing over shapes whose box misses a point never changes an answer.
 * Shapes whose numbers overflow get a box over the whole page: their own test is then no
 * longer bounded by their corners.
 */
function searchBox(transforms: ShapeTransforms, id: string, { w, h }: { w: number; h: number }, band: boolean): Box {
  const t = transforms.placement(id)?.transform
  // Without a placement the shape's own test holds nothing, so any box will do.
  if (!t) return EVERYWHERE
  const local = band ? [{ x: 0, y: 0 }, { x: w, y: 0 }] : [{ x: 0, y: 0 }, { x: w, y: 0 }, { x: 0, y: h }, { x: w, y: h }]
  const corners = local.map((p) => transforms.toPage(id, p)!)
  const numbers = [t.a, t.b, t.c, t.d, t.e, t.f, w, h, ...corners.flatMap((p) => [p.x, p.y])]
  if (!numbers.every(Number.isFinite)) return EVERYWHERE
  const pad = 1e-9 * (1 + Math.max(...numbers.map(Math.abs)))
  const xs = corners.map((p) => p.x)
  const ys = corners.map((p) => p.y)
  const box = { minX: Math.min(...xs) - pad, minY: Math.min(...ys) - pad, maxX: Math.max(...xs) + pad, maxY: Math.max(...ys) + pad }
  if (band) {
    // A stage's band goes on from its heading's top edge without end, along the heading's own y axis.
    if (t.c > 0) box.maxX = Infinity
    else if (t.c < 0) box.minX = -Infinity
    if (t.d > 0) box.maxY = Infinity
    else if (t.d < 0) box.minY = -Infinity
  }
  return box
}

function contains(region: Region, p: Point): boolean {
  const { w, h } = region
  if (region.band) return p.x >= 0 && p.x < w && p.y >= 0
  if (region.geo === 'ellipse' || region.geo === 'oval') {
    const dx = (p.x - w / 2) / (w / 2)
    const dy = (p.y - h / 2) / (h / 2)
    return dx * dx + dy * dy < 1
  }
  if (region.geo === 'diamond') return Math.abs(p.x - w / 2) / (w / 2) + Math.abs(p.y - h / 2) / (h / 2) < 1
  return p.x >= 0 && p.x < w && p.y >= 0 && p.y < h
}

function isNoteLike(shape: ShapeRecord): boolean {
  if (shape.type === 'note') return true
  if (shape.type !== 'text' && shape.type !== 'geo') return false
  if (readTemplateMeta(shape.meta)?.scaffolding) return false
  return shapeText(shape) !== ''
}

function shapeText(shape: ShapeRecord): string {
  return plainText(shape.props.richText)
}

/** A cell or frame name on one line: headings such as "Fase 1 / Forankring" are written on two. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function size(shape: ShapeRecord): { w: number; h: number } {
  const w = num(shape.props.w)
  const h = num(shape.props.h) + num(shape.props.growY)
  return { w, h }
}

function noteSize(shape: ShapeRecord): { w: number; h: number } {
  if (shape.type === 'note') {
    const scale = num(shape.props.scale) || 1
    return { w: NOTE_SIDE * scale, h: (NOTE_SIDE + num(shape.props.growY)) * scale }
  }
  if (shape.type === 'text') {
    const scale = num(shape.props.scale) || 1
    const line = TEXT_LINE_HEIGHT[String(shape.props.size)] ?? TEXT_LINE_HEIGHT.m!
    return { w: num(shape.props.w) * scale, h: line * scale }
  }
  return size(shape)
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function isShape(record: unknown): record is ShapeRecord {
  if (record === null || typeof record !== 'object') return false
  const r = record as Record<string, unknown>
  return (
    r.typeName === 'shape' &&
    typeof r.id === 'string' &&
    typeof r.type === 'string' &&
    typeof r.parentId === 'string' &&
    typeof r.x === 'number' &&
    typeof r.y === 'number' &&
    typeof r.index === 'string' &&
    r.props !== null &&
    typeof r.props === 'object'
  )
}

function isPage(record: unknown): record is { id: string; index: string } {
  if (record === null || typeof record !== 'object') return false
  const r = record as Record<string, unknown>
  return r.typeName === 'page' && typeof r.id === 'string' && typeof r.index === 'string'
}
