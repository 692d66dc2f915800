import type { Editor, TLShape } from 'tldraw'
import { isScaffolding } from '@whiteboard/shared/templates/templateMeta'
import { nearestFreeBox, type PageBox } from './nearestFreeBox'

/**
 * An image someone adds (uploaded, pasted, dropped) lands in the free space nearest to where
 * tldraw put it, not over the notes, texts and pictures already there: tldraw drops it in the
 * middle of the view, which on a template is on top of its notes. A template's scaffolding and
 * frames count as free: a picture may go into a template's cell. Only this person's own new
 * images move, at once, in the same change; images from others and from history are left
 * where they are. Returns the undo.
 */
export function imagesInFreeSpace(editor: Editor): () => void {
  return editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || shape.type !== 'image' || shape.parentId !== editor.getCurrentPageId()) return
    const bounds = editor.getShapePageBounds(shape)
    if (!bounds) return
    const occupied: PageBox[] = []
    for (const other of editor.getCurrentPageShapes()) {
      if (other.id === shape.id || !takesSpace(other)) continue
      const b = editor.getShapePageBounds(other)
      if (b) occupied.push({ x: b.x, y: b.y, w: b.w, h: b.h })
    }
    const spot = nearestFreeBox({ x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h }, occupied)
    if (!spot || (spot.x === bounds.x && spot.y === bounds.y)) return
    editor.updateShape({ id: shape.id, type: shape.type, x: shape.x + spot.x - bounds.x, y: shape.y + spot.y - bounds.y })
  })
}

/** Content people put on the board; frames and template scaffolding are the ground it goes on. */
function takesSpace(shape: TLShape): boolean {
  return shape.type !== 'frame' && shape.type !== 'group' && !isScaffolding(shape)
}
