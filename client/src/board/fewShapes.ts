import { isPageId, type Computed, type Editor, type IndexKey, type TLFrameShape, type TLNoteShape, type TLShape, type TLShapeId, type TLStore } from 'tldraw'

/** The kinds of shape that whole-board features look for, and that a board holds few of next to its notes and rectangles, with their records' types. */
interface FewShapes {
  frames: TLFrameShape
  locked: TLShape
  notes: TLNoteShape
}

export type FewShapeKind = keyof FewShapes

type Lists = { [K in FewShapeKind]: Computed<FewShapes[K][]> }

/** What the paint order reads: the editor, or in tests a store. */
type ShapeLookup = { getShape(id: TLShapeId): TLShape | undefined }

const byStore = new WeakMap<TLStore, Lists>()

/**
 * Every shape of `kind` in the store, on any page: one query per store, which tldraw keeps up
 * to date from each change's diff and which changes only when a shape of that kind is added,
 * removed or changed. A subscriber that instead scanned the page (`getCurrentPageShapes`) made
 * tldraw rebuild that list of every shape, and ran itself, on every change to any shape: on a
 * 2,000-shape board, each remote move paid for the lock button, the unlocked-template marks and
 * the voting and run-sheet controls looking for frames and locks among 2,000 rectangles.
 */
export function shapesOfKind<K extends FewShapeKind>(store: TLStore, kind: K): FewShapes[K][] {
  let lists = byStore.get(store)
  if (!lists) {
    lists = {
      // The queries match on type, so their records are of it.
      frames: store.query.records('shape', () => ({ type: { eq: 'frame' } })) as Computed<TLFrameShape[]>,
      locked: store.query.records('shape', () => ({ isLocked: { eq: true } })),
      notes: store.query.records('shape', () => ({ type: { eq: 'note' } })) as Computed<TLNoteShape[]>,
    }
    byStore.set(store, lists)
  }
  return (lists[kind] as Computed<FewShapes[K][]>).get()
}

/** The shapes of `kind` on the current page, in no particular order (see `inPaintOrder`). */
export function shapesOfKindOnPage<K extends FewShapeKind>(editor: Editor, kind: K): FewShapes[K][] {
  const pageId = editor.getCurrentPageId()
  return shapesOfKind(editor.store, kind).filter((shape) => editor.getAncestorPageId(shape) === pageId)
}

/**
 * `shapes` in the order tldraw paints them (`getCurrentPageShapesSorted`: parents before their
 * children, siblings by index), found from each shape's own ancestors, not by sorting the page.
 */
export function inPaintOrder<S extends TLShape>(editor: ShapeLookup, shapes: readonly S[]): S[] {
  const paths = new Map(shapes.map((shape) => [shape.id, indexPath(editor, shape)]))
  return [...shapes].sort((a, b) => comparePaths(paths.get(a.id)!, paths.get(b.id)!))
}

/** Whether tldraw paints `a` above `b` (later in `inPaintOrder`). */
export function paintsAbove(editor: ShapeLookup, a: TLShape, b: TLShape): boolean {
  return comparePaths(indexPath(editor, a), indexPath(editor, b)) > 0
}

/** The indexes from the page down to `shape`: its top-level ancestor's first, its own last. */
function indexPath(editor: ShapeLookup, shape: TLShape): IndexKey[] {
  const path = [shape.index]
  let parentId = shape.parentId
  while (!isPageId(parentId)) {
    const parent = editor.getShape(parentId)
    if (!parent) break
    path.push(parent.index)
    parentId = parent.parentId
  }
  return path.reverse()
}

function comparePaths(a: IndexKey[], b: IndexKey[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
  }
  // A parent comes before what it holds.
  return a.length - b.length
}
