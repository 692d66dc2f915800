import type { Editor, TLShapeId } from 'tldraw'
import { findFreeSpot } from '@whiteboard/shared/templates/placeTemplate'
import { currentPageBoxes } from '../templates/insertTemplate'
import { MAX_TLDR_FILE_BYTES, readTldrFile, type TldrRefusal } from './readTldrFile'

/** Far enough right of everything that the content, placed there first to be measured, falls into no frame. */
const MEASURE_OFFSET = 100_000

/** How long the camera glides to the imported content, as after a template insert. */
const CAMERA_ANIMATION_MS = 400

export type TldrImportResult = { ok: true; shapes: number } | { ok: false; refusal: TldrRefusal }

/**
 * Imports a `.tldr` file into the current page beside what is there, as a template lands: new
 * ids for everything (so nothing clashes with the board's own), images uploaded to the board's
 * image store, one undo step, and one store change, which the Yjs binding sends as one update.
 * A refused file changes nothing.
 */
export async function importTldr(editor: Editor, file: Blob, boardId: string): Promise<TldrImportResult> {
  if (file.size > MAX_TLDR_FILE_BYTES) return { ok: false, refusal: { kind: 'tooLarge' } }
  const read = readTldrFile(await file.text(), editor.store.schema, boardId)
  if (!read.ok) return read
  const existing = currentPageBoxes(editor)
  const right = existing.reduce((max, b) => Math.max(max, b.x + b.w), 0)
  let placed: TLShapeId[] = []
  editor.run(() => {
    // Pasting into a selected frame would put the content inside it.
    editor.selectNone()
    editor.putContentOntoCurrentPage(read.content, { point: { x: right + MEASURE_OFFSET, y: 0 }, select: true })
    placed = [...editor.getSelectedShapeIds()]
    const bounds = editor.getSelectionPageBounds()
    if (!bounds) return
    const spot = findFreeSpot(existing, { w: bounds.w, h: bounds.h })
    const dx = spot.x - bounds.x
    const dy = spot.y - bounds.y
    editor.updateShapes(placed.map((id) => {
      const shape = editor.getShape(id)!
      return { id, type: shape.type, x: shape.x + dx, y: shape.y + dy }
    }))
  })
  const bounds = editor.getSelectionPageBounds()
  if (bounds) editor.zoomToBounds(bounds, { targetZoom: 1, animation: { duration: CAMERA_ANIMATION_MS } })
  return { ok: true, shapes: placed.length }
}
