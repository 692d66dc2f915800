import { computed, RESET_VALUE, type Editor, type RecordsDiff, type TLRecord, type TLRenderingShape, type TLShapeId } from 'tldraw'

/**
 * tldraw's canvas mounts one React component per entry of `editor.getRenderingShapes()`, and
 * re-derives that list, with a new object for every entry, whenever any shape changes. This
 * narrows and steadies the list the canvas draws from:
 * - a shape enters it only once it has been in view (or selected, or edited), then stays, so
 *   opening a large board zoomed in mounts the shapes on screen, not the whole board, and
 *   panning back and forth never remounts anything;
 * - an entry whose shape changed only in place (a remote move) keeps its old object, and if no
 *   entry changed the canvas gets the very same list and React has nothing to reconcile. The
 *   moved shape still moves: tldraw positions each shape from the store, not from the list.
 *   When every shape change since the last list was such a change in place, and what else
 *   the list depends on is as it was, tldraw's list is not even asked for: it is rebuilt over
 *   every shape of the page on any change (1.5 ms per remote move on a 2,000-shape board).
 * Exports, hit-testing and selection read the store, never this list. Idempotent per editor.
 */
export function leanRenderingShapes(editor: Editor): void {
  if (patched.has(editor)) return
  patched.add(editor)
  const full = editor.getRenderingShapes.bind(editor)
  let previous: TLRenderingShape[] = []
  let previousById = new Map<TLShapeId, TLRenderingShape>()
  const shapeHistory = editor.store.query.filterHistory('shape')
  let previousInputs: RenderingInputs | null = null
  const lean = computed<TLRenderingShape[]>('lean rendering shapes', (_prev, lastComputedEpoch) => {
    const inputs: RenderingInputs = { culled: editor.getCulledShapes(), erasing: editor.getErasingShapeIds(), pageId: editor.getCurrentPageId() }
    const diff = shapeHistory.getDiffSince(lastComputedEpoch)
    // No inputs before: the first list.
    const unchanged = previousInputs !== null && sameInputs(previousInputs, inputs)
    previousInputs = inputs
    if (unchanged && diff !== RESET_VALUE && diff.every(changesInPlace)) return previous
    const all = full()
    const culled = inputs.culled
    const next: TLRenderingShape[] = []
    const nextById = new Map<TLShapeId, TLRenderingShape>()
    let changed = false
    for (const entry of all) {
      const before = previousById.get(entry.id)
      if (culled.has(entry.id) && !before) continue
      const kept = before && sameEntry(before, entry) ? before : entry
      if (previous[next.length] !== kept) changed = true
      next.push(kept)
      nextById.set(entry.id, kept)
    }
    if (!changed && next.length === previous.length) return previous
    previous = next
    previousById = nextById
    return next
  })
  editor.getRenderingShapes = () => lean.get()
}

const patched = new WeakSet<Editor>()

/** What tldraw's list depends on besides the shapes themselves. */
interface RenderingInputs {
  culled: ReadonlySet<TLShapeId>
  erasing: readonly TLShapeId[]
  pageId: string
}

function sameInputs(a: RenderingInputs, b: RenderingInputs): boolean {
  return a.culled === b.culled && a.erasing === b.erasing && a.pageId === b.pageId
}

/** Whether a store change only moved or turned shapes in place: nothing added or removed, and no entry would differ (sameEntry). */
function changesInPlace(diff: RecordsDiff<TLRecord>): boolean {
  for (const _ in diff.added) return false
  for (const _ in diff.removed) return false
  for (const [from, to] of Object.values(diff.updated)) {
    if (from.typeName !== 'shape' || to.typeName !== 'shape') return false
    if (from.parentId !== to.parentId || from.index !== to.index || from.opacity !== to.opacity) return false
    if (from.type !== to.type || from.props !== to.props || from.meta !== to.meta) return false
  }
  return true
}

/** What tldraw's shape component reads from an entry; position and size it reads from the store. */
function sameEntry(a: TLRenderingShape, b: TLRenderingShape): boolean {
  return (
    a.index === b.index &&
    a.backgroundIndex === b.backgroundIndex &&
    a.opacity === b.opacity &&
    a.util === b.util &&
    a.shape.props === b.shape.props &&
    a.shape.meta === b.shape.meta &&
    a.shape.type === b.shape.type
  )
}
