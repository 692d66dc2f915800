import { toRichText, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import { isTemplateFrame } from './scaffoldingLock'
import { tidyLayout, type TidyNote } from './tidyLayout'

/** What "Tidy notes" acts on: the notes inside one selected frame, or the selected notes. */
export interface TidyTarget {
  frameId: TLShapeId | undefined
  noteIds: TLShapeId[]
}

/** Marks the headings Tidy notes writes, so tidying the same frame again replaces them. */
const HEADING_META_KEY = 'tidyHeading'

/** Space between a frame's edge and the grid inside it (page units). */
const FRAME_PADDING = 40

/**
 * Tldraw's colour styles in its own order (the style panel's): the groups come in this order.
 * "black" comes first: it is the default sticky note, drawn yellow.
 */
export const NOTE_COLOR_ORDER = ['black', 'grey', 'light-violet', 'violet', 'blue', 'light-blue', 'yellow', 'orange', 'green', 'light-green', 'light-red', 'red', 'white'] as const

/** At least this many notes make something to tidy. */
const MIN_NOTES = 2

function movable(shape: TLShape | undefined): shape is TLShape {
  return shape !== undefined && shape.type === 'note' && !shape.isLocked
}

/**
 * The notes of one selected frame (not a template's: its notes sit in cells that mean
 * something), or the selected notes; undefined when that is fewer than two unlocked notes.
 */
export function tidyTarget(editor: Editor): TidyTarget | undefined {
  const selected = editor.getSelectedShapes()
  const only = selected.length === 1 ? selected[0] : undefined
  if (only?.type === 'frame') {
    if (isTemplateFrame(only)) return undefined
    const noteIds = editor
      .getSortedChildIdsForParent(only.id)
      .filter((id) => movable(editor.getShape(id)))
    return noteIds.length >= MIN_NOTES ? { frameId: only.id, noteIds } : undefined
  }
  const noteIds = selected.filter(movable).map((s) => s.id)
  return noteIds.length >= MIN_NOTES ? { frameId: undefined, noteIds } : undefined
}

/**
 * Puts the target's notes into a grid grouped by colour, a heading above each group, in one
 * undoable change: a frame's notes fill its width from its top-left corner (the frame grows
 * down if they need more room, and earlier headings of its own are replaced); selected notes
 * start where the selection's top-left corner was.
 */
export function tidyNotes(editor: Editor, target: TidyTarget, heading: (color: string, count: number) => string): void {
  const notes: TidyNote[] = []
  for (const id of target.noteIds) {
    const shape = editor.getShape(id)
    const bounds = shape && editor.getShapePageBounds(shape)
    if (!shape || !bounds) continue
    notes.push({ id, color: (shape.props as { color?: string }).color ?? 'black', x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h })
  }
  if (notes.length === 0) return
  const frame = target.frameId ? editor.getShape(target.frameId) : undefined
  const frameBounds = frame && editor.getShapePageBounds(frame)
  const origin = frameBounds
    ? { x: frameBounds.x + FRAME_PADDING, y: frameBounds.y + FRAME_PADDING }
    : { x: Math.min(...notes.map((n) => n.x)), y: Math.min(...notes.map((n) => n.y)) }
  const plan = tidyLayout(notes, {
    origin,
    ...(frameBounds ? { maxWidth: frameBounds.w - 2 * FRAME_PADDING } : {}),
    colorOrder: NOTE_COLOR_ORDER,
  })
  const parentId = frame ? frame.id : editor.getCurrentPageId()
  const inParent = (point: { x: number; y: number }) => (frame ? editor.getPointInShapeSpace(frame, point) : point)

  editor.markHistoryStoppingPoint('tidy notes')
  editor.run(() => {
    if (frame) {
      const old = editor.getSortedChildIdsForParent(frame.id).filter((id) => editor.getShape(id)?.meta[HEADING_META_KEY] === true)
      if (old.length > 0) editor.deleteShapes(old)
    }
    editor.updateShapes(
      plan.notes.map(({ id, x, y }) => {
        const local = editor.getPointInParentSpace(id as TLShapeId, { x, y })
        return { id: id as TLShapeId, type: 'note' as const, x: local.x, y: local.y }
      }),
    )
    editor.createShapes(
      plan.headings.map(({ color, count, x, y }) => {
        const at = inParent({ x, y })
        return {
          type: 'text',
          parentId,
          x: at.x,
          y: at.y,
          meta: { [HEADING_META_KEY]: true },
          props: { richText: toRichText(heading(color, count)), size: 'm', color: 'black', autoSize: true },
        }
      }),
    )
    if (frame && frameBounds) {
      const needed = plan.height + 2 * FRAME_PADDING
      const h = (frame.props as { h?: number }).h ?? frameBounds.h
      if (needed > h) editor.updateShape({ id: frame.id, type: 'frame', props: { h: needed } })
    }
  })
}
