import type { Editor, TLContent, TLShapeId } from 'tldraw'
import { findFreeSpot } from '@whiteboard/shared/templates/placeTemplate'
import { currentPageBoxes } from './insertTemplate'

/** Far enough right of everything that the content, placed there first to be measured, falls into no frame. */
const MEASURE_OFFSET = 100_000

/** How long the camera glides to the placed content, as after a template insert. */
const CAMERA_ANIMATION_MS = 400

/**
 * Puts copied content (a team template, a `.tldr` file's shapes) on the current page beside what
 * is there, where a built-in template would land (`findFreeSpot`), and moves the camera to it.
 * tldraw's own paste does the work: new ids for everything, records migrated from the content's
 * schema, inline images uploaded to the board's image store. One `editor.run`: one undo step and
 * one store change, which the Yjs binding sends as one update. Locked shapes (a template's
 * scaffolding) are moved too. Answers the ids of the placed top-level shapes.
 */
export function placeContentBeside(editor: Editor, content: TLContent, opts: { animate?: boolean; camera?: boolean } = {}): TLShapeId[] {
  const pageId = editor.getCurrentPageId()
  const existing = currentPageBoxes(editor)
  const before = new Set(editor.getSortedChildIdsForParent(pageId))
  const right = existing.reduce((max, b) => Math.max(max, b.x + b.w), 0)
  let placed: TLShapeId[] = []
  editor.run(
    () => {
      // Pasting into a selected frame would put the content inside it.
      editor.selectNone()
      editor.putContentOntoCurrentPage(content, { point: { x: right + MEASURE_OFFSET, y: 0 }, select: false })
      placed = editor.getSortedChildIdsForParent(pageId).filter((id) => !before.has(id))
      const bounds = editor.getShapesPageBounds(placed)
      if (!bounds) return
      const spot = findFreeSpot(existing, { w: bounds.w, h: bounds.h })
      const dx = spot.x - bounds.x
      const dy = spot.y - bounds.y
      editor.updateShapes(
        placed.map((id) => {
          const shape = editor.getShape(id)!
          return { id, type: shape.type, x: shape.x + dx, y: shape.y + dy }
        }),
      )
      editor.select(...placed)
    },
    { ignoreShapeLock: true },
  )
  if (opts.camera !== false) cameraToPlaced(editor, placed, opts)
  return placed
}

/** Moves the camera to placed shapes at 100 %, as after a template insert. */
export function cameraToPlaced(editor: Editor, placed: readonly TLShapeId[], opts: { animate?: boolean } = {}): void {
  const bounds = editor.getShapesPageBounds([...placed])
  if (bounds) editor.zoomToBounds(bounds, { targetZoom: 1, ...(opts.animate === false ? {} : { animation: { duration: CAMERA_ANIMATION_MS } }) })
}
