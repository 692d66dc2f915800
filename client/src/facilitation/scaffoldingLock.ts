import type { Editor, TLShapeId } from 'tldraw'
import { isScaffolding } from '@whiteboard/shared/templates/templateMeta'

/**
 * What the facilitator's lock button acts on: the selection when there is one, else every
 * piece of template scaffolding on the current page. `locked` is true when all of them are
 * locked, so the button offers to unlock them; otherwise it offers to lock.
 */
export interface LockTarget {
  kind: 'selection' | 'scaffolding'
  ids: TLShapeId[]
  locked: boolean
}

export function lockTarget(editor: Editor): LockTarget | undefined {
  const selected = editor.getSelectedShapes()
  const shapes = selected.length > 0 ? selected : editor.getCurrentPageShapes().filter(isScaffolding)
  if (shapes.length === 0) return undefined
  return { kind: selected.length > 0 ? 'selection' : 'scaffolding', ids: shapes.map((s) => s.id), locked: shapes.every((s) => s.isLocked) }
}

/** Locks the target, or unlocks it if all of it is locked: one undoable step, synced as one change. */
export function toggleTargetLock(editor: Editor, target: LockTarget): void {
  const present = target.ids.filter((id) => editor.getShape(id) !== undefined)
  if (present.length > 0) editor.toggleLock(present)
}

/**
 * For participants: tldraw lets anyone toggle a shape's lock (menu, Shift+L), but only a
 * facilitator may unlock template scaffolding. This refuses the change in the editor
 * before it reaches the store, whatever UI path it came from; changes from peers pass.
 * The server is to enforce the same rule on updates (issue 6).
 */
export function guardScaffoldingLocks(editor: Editor): () => void {
  return editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    if (source === 'user' && prev.isLocked && !next.isLocked && isScaffolding(prev)) return prev
    return next
  })
}
