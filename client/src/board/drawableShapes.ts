import type { Editor, TLShape } from 'tldraw'
import { withLabelWordsSplit } from '@whiteboard/shared/board/longWords'
import { MAX_SHAPE_SIZE } from '@whiteboard/shared/board/recordGuard'

/** `value` with every number in it held within ±MAX_SHAPE_SIZE, or `value` itself if none is past it. */
function withinSize<T>(value: T): T {
  if (typeof value === 'number') return (Math.abs(value) > MAX_SHAPE_SIZE ? Math.sign(value) * MAX_SHAPE_SIZE : value) as T
  if (value === null || typeof value !== 'object') return value
  let changed = false
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>
  for (const key of Object.keys(copy)) {
    const inner = withinSize(copy[key])
    if (inner !== copy[key]) {
      copy[key] = inner
      changed = true
    }
  }
  return changed ? (copy as T) : value
}

function drawable(shape: TLShape): TLShape {
  const props = withinSize(shape.props)
  return withLabelWordsSplit(props === shape.props ? shape : ({ ...shape, props } as TLShape))
}

/**
 * What someone draws, types or pastes is kept within what the server takes as drawable, before
 * it leaves the browser: a word past MAX_WORD_CHARS gets a space where it passes the limit, and a
 * size past MAX_SHAPE_SIZE (a frame dragged ever wider at low zoom) stops there. The server
 * refuses both, because they hang browsers laying them out, and would close this person's
 * connection for the whole change. Changes from peers are the server's to judge. Returns the undo.
 */
export function keepShapesDrawable(editor: Editor): () => void {
  const disposers = [
    editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => (source === 'user' ? drawable(shape) : shape)),
    editor.sideEffects.registerBeforeChangeHandler('shape', (_prev, next, source) => (source === 'user' ? drawable(next) : next)),
  ]
  return () => disposers.forEach((dispose) => dispose())
}
