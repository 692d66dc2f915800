import type { Editor } from 'tldraw'
import { withLabelWordsSplit } from '@whiteboard/shared/board/longWords'

/**
 * A word past MAX_WORD_CHARS that someone types or pastes into a label gets a space where it
 * passes the limit, before the change leaves the browser: the server refuses a label with such a
 * word (it hangs browsers laying it out) and would close this person's connection for the whole
 * change. Changes from peers are the server's to judge. Returns the undo.
 */
export function splitLongWords(editor: Editor): () => void {
  const disposers = [
    editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => (source === 'user' ? withLabelWordsSplit(shape) : shape)),
    editor.sideEffects.registerBeforeChangeHandler('shape', (_prev, next, source) => (source === 'user' ? withLabelWordsSplit(next) : next)),
  ]
  return () => disposers.forEach((dispose) => dispose())
}
