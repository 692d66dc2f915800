/**
 * Where shapes sit on their page, computed from the records alone (no editor): a shape's `x`,
 * `y` and `rotation` are relative to its parent (a page, a frame or a group), so its page
 * transform is its parent's transform followed by its own. The server has no tldraw editor, and
 * the client's export must give the same answer as the server's, so both use this.
 */

/** A 2D affine transform: page = (a·x + c·y + e, b·x + d·y + f). */
export interface Affine {
  a: number
  b: number
  c: number
  d: number
  e: number
  f: number
}

export interface Point {
  x: number
  y: number
}

/** What the transforms need of a shape record. */
export interface PlacedShape {
  id: string
  parentId: string
  x: number
  y: number
  rotation: number
}

/**
 * Parent chains longer than this are treated as broken: tldraw boards nest frames and groups a
 * few levels deep, and a cycle in hostile records must not loop forever.
 */
const MAX_NESTING = 64

export class ShapeTransforms {
  private readonly cache = new Map<string, { transform: Affine; pageId: string } | null>()

  constructor(private readonly shapes: ReadonlyMap<string, PlacedShape>) {}

  /** The shape's page transform and the page it is on; undefined if its parent chain is broken or cyclic. */
  placement(id: string): { transform: Affine; pageId: string } | undefined {
    return this.resolve(id, 0) ?? undefined
  }

  /** A point in the shape's own coordinates, in page coordinates. */
  toPage(id: string, local: Point): Point | undefined {
    const p = this.placement(id)
    return p ? apply(p.transform, local) : undefined
  }

  /** A page point in the shape's own coordinates (for containment tests against its w × h). */
  toLocal(id: string, page: Point): Point | undefined {
    const p = this.placement(id)
    if (!p) return undefined
    const inv = invert(p.transform)
    return inv ? apply(inv, page) : undefined
  }

  private resolve(id: string, depth: number): { transform: Affine; pageId: string } | null {
    const cached = this.cache.get(id)
    if (cached !== undefined) return cached
    const shape = this.shapes.get(id)
    if (!shape || depth > MAX_NESTING) return null
    // Mark before recursing, so a cycle resolves to "broken" instead of recursing again.
    this.cache.set(id, null)
    const own = local(shape)
    let result: { transform: Affine; pageId: string } | null = null
    if (shape.parentId.startsWith('page:')) result = { transform: own, pageId: shape.parentId }
    else {
      const parent = this.resolve(shape.parentId, depth + 1)
      if (parent) result = { transform: multiply(parent.transform, own), pageId: parent.pageId }
    }
    this.cache.set(id, result)
    return result
  }
}

function local(shape: PlacedShape): Affine {
  const r = Number.isFinite(shape.rotation) ? shape.rotation : 0
  const cos = Math.cos(r)
  const sin = Math.sin(r)
  return { a: cos, b: sin, c: -sin, d: cos, e: finite(shape.x), f: finite(shape.y) }
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0
}

function multiply(m: Affine, n: Affine): Affine {
  return {
    a: m.a * n.a + m.c * n.b,
    b: m.b * n.a + m.d * n.b,
    c: m.a * n.c + m.c * n.d,
    d: m.b * n.c + m.d * n.d,
    e: m.a * n.e + m.c * n.f + m.e,
    f: m.b * n.e + m.d * n.f + m.f,
  }
}

function apply(m: Affine, p: Point): Point {
  return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f }
}

function invert(m: Affine): Affine | undefined {
  const det = m.a * m.d - m.b * m.c
  if (det === 0 || !Number.isFinite(det)) return undefined
  return {
    a: m.d / det,
    b: -m.b / det,
    c: -m.c / det,
    d: m.a / det,
    e: (m.c * m.f - m.d * m.e) / det,
    f: (m.b * m.e - m.a * m.f) / det,
  }
}
