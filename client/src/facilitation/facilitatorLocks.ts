import type { Editor, TLShape, TLShapeId } from 'tldraw'
import { FACILITATOR_LOCK_META_KEY, hasFacilitatorLockMark, isFacilitatorLocked } from '@whiteboard/shared/board/facilitatorLock'
import { shapesOfKindOnPage } from '../board/fewShapes'

function withMark(shape: TLShape, marked: boolean): TLShape {
  const { [FACILITATOR_LOCK_META_KEY]: _old, ...rest } = shape.meta
  return { ...shape, meta: marked ? { ...rest, [FACILITATOR_LOCK_META_KEY]: true } : rest }
}

/**
 * For facilitators: whatever UI path locks a shape (our button, tldraw's menu, Shift+L), the
 * lock becomes a facilitator lock, which the server keeps from everyone else; unlocking drops
 * the mark.
 */
export function markFacilitatorLocks(editor: Editor): () => void {
  return editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    if (source !== 'user' || prev.isLocked === next.isLocked) return next
    return hasFacilitatorLockMark(next) === next.isLocked ? next : withMark(next, next.isLocked)
  })
}

/**
 * For participants: the server refuses any change to a shape under a facilitator's lock
 * (unlocking by tldraw's "Unlock all" included), and would close the connection. This stops
 * such changes in the editor before they reach the store, whatever UI path they came from, and
 * keeps the mark off what a participant creates or locks (a pasted copy of a locked note).
 * Changes from peers pass.
 */
export function guardFacilitatorLocks(editor: Editor): () => void {
  const disposers = [
    editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
      if (source !== 'user') return next
      if (isFacilitatorLocked(prev)) return prev
      return hasFacilitatorLockMark(next) ? withMark(next, false) : next
    }),
    editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => (source === 'user' && hasFacilitatorLockMark(shape) ? withMark(shape, false) : shape)),
    editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => (source === 'user' && isFacilitatorLocked(shape) ? false : undefined)),
  ]
  return () => disposers.forEach((dispose) => dispose())
}

/** The shapes on the current page under a facilitator's lock. */
export function facilitatorLockedShapes(editor: Editor): TLShapeId[] {
  return shapesOfKindOnPage(editor, 'locked')
    .filter(isFacilitatorLocked)
    .map((s) => s.id)
}

/** Lifts every facilitator lock on the current page: one undoable step, synced as one change. */
export function unlockFacilitatorLocks(editor: Editor): void {
  const ids = facilitatorLockedShapes(editor)
  if (ids.length === 0) return
  editor.markHistoryStoppingPoint('unlock facilitator locks')
  editor.updateShapes(ids.map((id) => ({ id, type: editor.getShape(id)!.type, isLocked: false })))
}
