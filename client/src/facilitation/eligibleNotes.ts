import type { Editor, TLShape } from 'tldraw'
import { canBeVotedOn } from '@whiteboard/shared/facilitation/voteEligibility'
import { inPaintOrder, shapesOfKindOnPage } from '../board/fewShapes'

/** An axis-aligned box in page coordinates. */
export interface PageBox {
  x: number
  y: number
  w: number
  h: number
}

export interface NoteBox {
  id: string
  bounds: PageBox
}

/**
 * The notes whose centre lies inside `frame` (edges included). Decided by geometry, not by
 * parentage: template frames are locked, and tldraw puts notes dropped on a locked frame on
 * the page rather than in the frame, so "the notes in this frame" are the ones on it.
 */
export function notesInFrame(notes: readonly NoteBox[], frame: PageBox): string[] {
  return notes
    .filter(({ bounds: b }) => {
      const cx = b.x + b.w / 2
      const cy = b.y + b.h / 2
      return cx >= frame.x && cx <= frame.x + frame.w && cy >= frame.y && cy <= frame.y + frame.h
    })
    .map((n) => n.id)
}

/** Every sticky note on the current page that can be voted on (not a template's prompt: canBeVotedOn), with its page bounds. */
export function pageNotes(editor: Editor): NoteBox[] {
  const out: NoteBox[] = []
  for (const shape of shapesOfKindOnPage(editor, 'notes')) {
    if (!canBeVotedOn(shape)) continue
    const b = editor.getShapePageBounds(shape)
    if (b) out.push({ id: shape.id, bounds: { x: b.x, y: b.y, w: b.w, h: b.h } })
  }
  return out
}

/**
 * The notes of the current page that take part in a round: all that can be voted on, or those inside
 * frame `frameId`. A frame that is gone (deleted, or on another page) leaves none.
 */
export function eligibleNoteIds(editor: Editor, frameId: string | null): Set<string> {
  const notes = pageNotes(editor)
  if (frameId === null) return new Set(notes.map((n) => n.id))
  const frame = editor.getShape(frameId as TLShape['id'])
  if (!frame || frame.type !== 'frame' || editor.getAncestorPageId(frame) !== editor.getCurrentPageId()) return new Set()
  const b = editor.getShapePageBounds(frame)
  if (!b) return new Set()
  return new Set(notesInFrame(notes, { x: b.x, y: b.y, w: b.w, h: b.h }))
}

/** The frames of the current page a round can be limited to, with their names. */
export function pageFrames(editor: Editor): { id: string; name: string }[] {
  return inPaintOrder(editor, shapesOfKindOnPage(editor, 'frames')).map((frame) => ({ id: frame.id, name: frame.props.name }))
}
