import { createShapeId, toRichText, type Editor, type TLPageId, type TLShapeId } from 'tldraw'
import { isScaffolding } from '@whiteboard/shared/templates/templateMeta'
import { noteCells } from '@whiteboard/shared/results/noteCells'
import { findFreeSpot, type Box, type Point } from './findFreeSpot'

/** Which cell: the same triple the notes export groups by. */
export interface CellTarget {
  frameId: string
  row: string
  column: string
}

/** A tldraw sticky note's side at scale 1. */
const NOTE_SIDE = 200

/**
 * Asks the board's own cell function (the one the notes export uses) which of `points` lie in
 * `target`: each point becomes a probe shape of no size, and one pass over the board answers for
 * all of them. So a note placed here is counted in this cell by every reader of the board.
 */
function pointsInCell(editor: Editor, target: CellTarget, pageId: string, points: readonly Point[]): boolean[] {
  const probeText = toRichText('·')
  const probes = points.map((p, i) => ({
    typeName: 'shape',
    // Not an id tldraw makes (those are random), so a probe never stands for a real shape.
    id: `shape:__cell-probe-${i}`,
    type: 'geo',
    parentId: pageId,
    index: 'a1',
    x: p.x,
    y: p.y,
    rotation: 0,
    props: { w: 0, h: 0, geo: 'rectangle', richText: probeText },
    meta: {},
  }))
  const cells = noteCells([...editor.store.allRecords(), ...probes])
  const hit = new Set(cells.notes.filter((n) => n.frameId === target.frameId && n.row === target.row && n.column === target.column).map((n) => n.id))
  return probes.map((p) => hit.has(p.id))
}

/** Where a note of `size` can go in `target`, in page coordinates, away from other shapes; `ignore` is the note being moved. */
function spotInCell(editor: Editor, target: CellTarget, size: { w: number; h: number }, ignore?: TLShapeId): Point | undefined {
  const frameId = target.frameId as TLShapeId
  const frame = editor.getShape(frameId)
  const area = editor.getShapePageBounds(frameId)
  const pageId = frame && editor.getAncestorPageId(frame)
  if (!frame || !area || !pageId) return undefined
  const occupied: Box[] = []
  for (const id of editor.getPageShapeIds(pageId)) {
    if (id === ignore) continue
    const shape = editor.getShape(id)
    if (!shape || shape.type === 'frame' || isScaffolding(shape)) continue
    const b = editor.getShapePageBounds(id)
    if (b && b.maxX >= area.minX && b.minX <= area.maxX && b.maxY >= area.minY && b.minY <= area.maxY) occupied.push({ x: b.minX, y: b.minY, w: b.w, h: b.h })
  }
  return findFreeSpot({
    area: { x: area.minX, y: area.minY, w: area.w, h: area.h },
    size,
    occupied,
    inCell: (points) => pointsInCell(editor, target, pageId, points),
  })
}

/**
 * Adds a sticky note with `text` to a template cell, in free space inside the cell. It goes on
 * the page, not into the frame, as a note placed on a template with the mouse does: a template's
 * frame is locked, and tldraw lets nobody change the children of a locked shape. The cell is
 * found by the note's centre, so it counts in the cell all the same. Returns its id, or undefined
 * when the cell is gone.
 */
export function addNoteToCell(editor: Editor, target: CellTarget, text: string): TLShapeId | undefined {
  const spot = spotInCell(editor, target, { w: NOTE_SIDE, h: NOTE_SIDE })
  const pageId = pageOf(editor, target)
  if (!spot || !pageId) return undefined
  const id = createShapeId()
  editor.createShape({ id, type: 'note', parentId: pageId, x: spot.x, y: spot.y, props: { richText: toRichText(text) } })
  return id
}

/** Moves a note to free space in another cell (onto the page, see addNoteToCell). False when it cannot. */
export function moveNoteToCell(editor: Editor, noteId: TLShapeId, target: CellTarget): boolean {
  const bounds = editor.getShapePageBounds(noteId)
  const pageId = pageOf(editor, target)
  if (!bounds || !pageId) return false
  const spot = spotInCell(editor, target, { w: bounds.w, h: bounds.h }, noteId)
  if (!spot) return false
  editor.run(() => {
    if (editor.getShape(noteId)?.parentId !== pageId) editor.reparentShapes([noteId], pageId)
    const shape = editor.getShape(noteId)!
    editor.updateShape({ id: noteId, type: shape.type, x: spot.x, y: spot.y })
  })
  return true
}

function pageOf(editor: Editor, target: CellTarget): TLPageId | undefined {
  const frame = editor.getShape(target.frameId as TLShapeId)
  return frame ? editor.getAncestorPageId(frame) : undefined
}
