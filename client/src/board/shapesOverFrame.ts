import type { Editor, TLShapeId } from 'tldraw'

/**
 * Page-level shapes that sit over a frame, decided by their centre lying inside the frame.
 *
 * Template frames are locked, and tldraw never makes a locked frame the parent of new shapes:
 * the notes people add over a template stay children of the page. Whatever treats "the content
 * of a frame" (export of a frame, voting in a frame) must therefore go by position, not parentage.
 */
export function shapesOverFrame(editor: Editor, frameId: TLShapeId): TLShapeId[] {
  const frameBounds = editor.getShapePageBounds(frameId)
  const frame = editor.getShape(frameId)
  if (!frameBounds || !frame) return []
  const over: TLShapeId[] = []
  for (const id of editor.getSortedChildIdsForParent(frame.parentId)) {
    if (id === frameId) continue
    const shape = editor.getShape(id)
    if (!shape || shape.type === 'frame') continue
    const bounds = editor.getShapePageBounds(id)
    if (bounds && frameBounds.containsPoint(bounds.center)) over.push(id)
  }
  return over
}
