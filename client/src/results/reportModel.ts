import type { BoardCells, NoteCell } from '@whiteboard/shared/results/noteCells'

/**
 * What a report says, before it is written as Word or Markdown: per frame, its notes grouped by
 * the template's cells, and the dots ranked. Only the notes' text and dots: a report never names
 * the people who wrote or voted.
 */

export interface ReportNote {
  id: string
  text: string
}

export interface RankedNote {
  rank: number
  text: string
  votes: number
}

/**
 * How a frame's notes are grouped:
 * - `grid`: a table of rows × columns (a journey's lanes × stages, a stakeholder map's rings ×
 *   sectors), when the frame's rows and columns cross or some note lies in both;
 * - `sections`: one list per cell (quadrants, a retrospective's columns);
 * - `list`: one list, for a frame without cells.
 */
export type ReportLayout = 'grid' | 'sections' | 'list'

export interface ReportSection {
  name: string
  notes: ReportNote[]
}

export interface ReportFrame {
  id: string
  title: string
  template: string
  layout: ReportLayout
  /** Grid only: the row names, top to bottom. */
  rows: string[]
  /** Grid only: the column names, left to right; `''` last when some notes are in a row but no column. */
  columns: string[]
  /** Grid only: notes by `cellKey(row, column)`. */
  grid: Map<string, ReportNote[]>
  /** Sections, in the order the cells stand in the frame. */
  sections: ReportSection[]
  /** Notes in no cell (all of them for `list`). */
  other: ReportNote[]
  /** Notes with dots, most first; empty when no round's totals are shown. */
  ranked: RankedNote[]
}

export interface ReportModel {
  title: string
  date: Date
  frames: ReportFrame[]
  /** Notes outside every frame. */
  outside: ReportNote[]
  outsideRanked: RankedNote[]
  /** Whether dots were counted at all (a round's totals are shown). */
  votesShown: boolean
}

export function cellKey(row: string, column: string): string {
  return JSON.stringify([row, column])
}

/** Groups the board's notes (`noteCells`) for a report; `totals` are the shown dots per note id, or null. */
export function reportModel(cells: BoardCells, totals: ReadonlyMap<string, number> | null, title: string, date: Date): ReportModel {
  const byFrame = new Map<string, NoteCell[]>()
  const outside: NoteCell[] = []
  for (const note of cells.notes) {
    if (note.frameId === null) outside.push(note)
    else byFrame.set(note.frameId, [...(byFrame.get(note.frameId) ?? []), note])
  }
  const frames = cells.frames.map((frame): ReportFrame => {
    const notes = byFrame.get(frame.id) ?? []
    const base = { id: frame.id, title: frame.title, template: frame.template, ranked: ranked(notes, totals), rows: [], columns: [], grid: new Map<string, ReportNote[]>(), sections: [], other: [] }
    if (frame.grid || notes.some((n) => n.row && n.column)) {
      const grid = new Map<string, ReportNote[]>()
      const other: ReportNote[] = []
      let rowOnly = false
      for (const note of notes) {
        if (!note.row) {
          other.push(reportNote(note))
          continue
        }
        if (!note.column) rowOnly = true
        const key = cellKey(note.row, note.column)
        grid.set(key, [...(grid.get(key) ?? []), reportNote(note)])
      }
      return { ...base, layout: 'grid', rows: frame.rows, columns: rowOnly ? [...frame.columns, ''] : frame.columns, grid, other }
    }
    if (frame.rows.length > 0 || frame.columns.length > 0) {
      // Columns first: where a frame has both, the columns are its body and the row a strip below (next steps, assumptions).
      const names = [...frame.columns, ...frame.rows.filter((r) => !frame.columns.includes(r))]
      const sections = names.map((name) => ({ name, notes: notes.filter((n) => (n.column || n.row) === name).map(reportNote) }))
      return { ...base, layout: 'sections', sections, other: notes.filter((n) => !n.row && !n.column).map(reportNote) }
    }
    return { ...base, layout: 'list', other: notes.map(reportNote) }
  })
  return { title, date, frames, outside: outside.map(reportNote), outsideRanked: ranked(outside, totals), votesShown: totals !== null }
}

function reportNote(note: NoteCell): ReportNote {
  return { id: note.id, text: note.text }
}

/** Notes with at least one dot, most first; ties by text, so every export lists them alike. Equal dots share a rank. */
function ranked(notes: readonly NoteCell[], totals: ReadonlyMap<string, number> | null): RankedNote[] {
  if (!totals) return []
  const rows = notes
    .map((n) => ({ text: n.text, votes: totals.get(n.id) ?? 0 }))
    .filter((r) => r.votes > 0)
    .sort((a, b) => b.votes - a.votes || a.text.localeCompare(b.text))
  let rank = 0
  let previous = Number.NaN
  return rows.map((row, i) => {
    if (row.votes !== previous) rank = i + 1
    previous = row.votes
    return { rank, ...row }
  })
}
