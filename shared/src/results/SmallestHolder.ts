import type { Point } from './shapeTransforms'

/** An axis-aligned box in page coordinates. */
export interface Box {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/**
 * Of the shapes that hold a point, the one a scan through them in their order would end with when
 * it keeps each strictly smaller one: the smallest, the first of equal ones. A tree of their boxes
 * leads to it past the shapes whose box misses the point, and past larger shapes once a smaller one
 * holds it, so a note on a board of thousands of frames looks at a few of them, not at all.
 */
export class SmallestHolder<T extends { area: number }> {
  private readonly bySize: BoxNode<T> | undefined
  private readonly byOrder: BoxNode<T> | undefined

  constructor(items: readonly T[], boxOf: (item: T) => Box) {
    const entries = items.map((item, order) => ({ item, order, box: boxOf(item) }))
    const sized = entries.filter((e) => !Number.isNaN(e.item.area)).sort((p, q) => compareNumbers(p.item.area, q.item.area) || p.order - q.order)
    this.bySize = boxTree(
      sized.map((e, rank) => ({ ...e, rank })),
      0,
    )
    // The scan never finds a NaN area smaller, nor anything smaller than it: such a shape wins only as the first to hold the point.
    this.byOrder = sized.length < entries.length ? boxTree(entries.map((e) => ({ ...e, rank: e.order })), 0) : undefined
  }

  find(point: Point, holds: (item: T) => boolean): T | undefined {
    // A point at infinity is outside every box, yet a shape's own test may hold it (comparisons with NaN are false): look at every shape then.
    const mayHold = Number.isFinite(point.x) && Number.isFinite(point.y) ? (b: Box) => !(point.x < b.minX || point.x > b.maxX || point.y < b.minY || point.y > b.maxY) : () => true
    if (this.byOrder) {
      const first = firstIn(this.byOrder, mayHold, holds, undefined)
      if (first && Number.isNaN(first.item!.area)) return first.item
    }
    return this.bySize ? firstIn(this.bySize, mayHold, holds, undefined)?.item : undefined
  }
}

/** A node of a tree of boxes: a leaf holds one item; an inner node's box covers its children's, and its rank is their lowest. */
export interface BoxNode<T> {
  box: Box
  rank: number
  item?: T
  children?: readonly [BoxNode<T>, BoxNode<T>]
}

export function boxTree<T>(entries: { item: T; box: Box; rank: number }[], depth: number): BoxNode<T> | undefined {
  const [only] = entries
  if (entries.length <= 1) return only && { box: only.box, rank: only.rank, item: only.item }
  // Halve across x and y in turn, so each subtree covers a compact part of the page.
  const middle = depth % 2 === 0 ? (b: Box) => finiteOrZero(b.minX + b.maxX) : (b: Box) => finiteOrZero(b.minY + b.maxY)
  entries.sort((p, q) => compareNumbers(middle(p.box), middle(q.box)))
  const half = entries.length >> 1
  const left = boxTree(entries.slice(0, half), depth + 1)!
  const right = boxTree(entries.slice(half), depth + 1)!
  const box = {
    minX: Math.min(left.box.minX, right.box.minX),
    minY: Math.min(left.box.minY, right.box.minY),
    maxX: Math.max(left.box.maxX, right.box.maxX),
    maxY: Math.max(left.box.maxY, right.box.maxY),
  }
  return { box, rank: Math.min(left.rank, right.rank), children: [left, right] }
}

/** The lowest-ranked leaf under `node` whose box may hold the target and whose item `accept`s it, or `best` if none ranks lower. */
export function firstIn<T>(node: BoxNode<T>, mayHold: (box: Box) => boolean, accept: (item: T) => boolean, best: BoxNode<T> | undefined): BoxNode<T> | undefined {
  if ((best && node.rank >= best.rank) || !mayHold(node.box)) return best
  if (!node.children) return accept(node.item!) ? node : best
  const [a, b] = node.children
  // The lower-ranked side first: once it holds the answer, the other side is passed over by rank.
  const [near, far] = a.rank <= b.rank ? [a, b] : [b, a]
  return firstIn(far, mayHold, accept, firstIn(near, mayHold, accept, best))
}

function finiteOrZero(n: number): number {
  return Number.isFinite(n) ? n : 0
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0
}
