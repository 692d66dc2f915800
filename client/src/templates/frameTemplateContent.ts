import { getIndicesAbove, type Editor, type IndexKey, type TLFrameShape, type TLShape, type TLShapeId } from 'tldraw'
import type { TeamTemplateContent } from '@whiteboard/shared/api/teamTemplatesApi'

/**
 * A frame and everything in it as a team template holds it: what tldraw's copy takes
 * (`getContentFromCurrentPage`), with the board's images fetched and put inline
 * (`resolveAssetsInContent`), because a template outlives the board it came from and is
 * inserted on boards whose image store does not hold them. Null when the frame is gone.
 *
 * "In it" is what a person sees in it: its children, and shapes on the page whose centre lies
 * inside it. A method template's frame is locked, and tldraw puts notes dropped on a locked frame
 * on the page, not into the frame; those become the frame's children in the template.
 */
export async function frameTemplateContent(editor: Editor, frameId: TLShapeId): Promise<TeamTemplateContent | null> {
  const frame = editor.getShape<TLFrameShape>(frameId)
  if (frame?.type !== 'frame') return null
  const onTop = frame.rotation === 0 ? shapesOverFrame(editor, frame) : []
  const copied = editor.getContentFromCurrentPage([frameId, ...onTop.map((s) => s.id)])
  if (!copied) return null
  const content = await editor.resolveAssetsInContent(copied)
  if (!content) return null
  const highest = editor.getSortedChildIdsForParent(frameId).reduce<IndexKey | undefined>((max, id) => {
    const index = editor.getShape(id)?.index
    return index !== undefined && (max === undefined || index > max) ? index : max
  }, undefined)
  const indexes = getIndicesAbove(highest ?? null, onTop.length)
  const adopted = new Map(onTop.map((s, i) => [s.id, indexes[i]!]))
  const shapes = content.shapes.map((shape): TLShape => {
    const index = adopted.get(shape.id)
    // Into the frame, in its coordinates (the page's, moved by the frame's corner; the frame is not rotated).
    return index === undefined ? shape : { ...shape, parentId: frameId, index, x: shape.x - frame.x, y: shape.y - frame.y }
  })
  // The schema is the server's to state (it judges the records by its own); users are presence, never stored.
  return { shapes, bindings: content.bindings ?? [], assets: content.assets, rootShapeIds: [frameId] }
}

/** Top-level shapes on the page, other than frames, whose centre lies inside the frame. */
function shapesOverFrame(editor: Editor, frame: TLFrameShape): TLShape[] {
  const area = editor.getShapePageBounds(frame)
  if (!area) return []
  return editor
    .getSortedChildIdsForParent(editor.getCurrentPageId())
    .map((id) => editor.getShape(id))
    .filter((shape): shape is TLShape => {
      if (!shape || shape.id === frame.id || shape.type === 'frame') return false
      const b = editor.getShapePageBounds(shape)
      return b !== undefined && area.containsPoint(b.center)
    })
}

/** The frames directly on the current page, for the save dialog's choice (a template's frame is locked, so it cannot be selected on the canvas). */
export function pageFrames(editor: Editor): TLFrameShape[] {
  return editor
    .getSortedChildIdsForParent(editor.getCurrentPageId())
    .map((id) => editor.getShape(id))
    .filter((shape): shape is TLFrameShape => shape?.type === 'frame')
}
