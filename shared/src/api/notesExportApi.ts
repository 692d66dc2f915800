import type { BoardLang } from '../board/docLayout'

/**
 * The notes export: `GET /api/boards/:id/export/notes.csv` and `…/notes.json` (token in
 * `Authorization: Bearer` or `?token=`; viewers may read), and the CSV and XLSX of the board's
 * export menu, which build the same rows in the browser.
 */

/** The columns, in this order, of every notes export. */
export const NOTE_COLUMNS = ['frame', 'template', 'row', 'column', 'text', 'color', 'votes', 'x', 'y'] as const
export type NoteColumn = (typeof NOTE_COLUMNS)[number]

/** One note (see shared/src/results/noteCells.ts for what counts as a note and how its cell is found). */
export interface NoteRow {
  /** The title of the frame the note is in; empty outside frames. */
  frame: string
  /** The id of the template that frame came from; empty for a plain frame. */
  template: string
  /** The template cell: lane, ring, quadrant, step or area; empty if none. */
  row: string
  /** The template cell: stage, sector or column; empty if none. */
  column: string
  text: string
  /** tldraw's colour name. */
  color: string
  /** Dots in the voting round whose totals are shown (revealed, or live); null when no round's totals are shown. */
  votes: number | null
  /** The note's centre in page coordinates. */
  x: number
  y: number
}

/** `GET /api/boards/:id/export/notes.json`. */
export interface NotesExportResponse {
  title: string
  lang: BoardLang
  notes: NoteRow[]
}

export type NotesExportFormat = 'csv' | 'json'

/** The path of a board's notes export. */
export function notesExportPath(boardId: string, format: NotesExportFormat): string {
  return `/api/boards/${encodeURIComponent(boardId)}/export/notes.${format}`
}
