import type { BoardCells, NoteCell } from '@whiteboard/shared/results/noteCells'

/** One template cell (or a frame's notes outside its cells) as the text view lists it. */
export interface OutlineCell {
  key: string
  frameId: string | null
  row: string
  column: string
  /** "Pain points, During"; empty for the notes of a frame that are in none of its cells. */
  name: string
  notes: NoteCell[]
  /** A named cell a note can be added to or moved to. */
  target: boolean
}

export interface OutlineFrame {
  id: string
  title: string
  cells: OutlineCell[]
}

export interface BoardOutline {
  frames: OutlineFrame[]
  /** Notes outside every frame. */
  other: NoteCell[]
  /** Every cell a note can go to, in board order. */
  targets: OutlineCell[]
}

export function cellKey(frameId: string | null, row: string, column: string): string {
  return JSON.stringify([frameId, row, column])
}

/** A cell's name as people read it: row first, then column ("Pain points, During"). */
export function cellName(row: string, column: string): string {
  return [row, column].filter(Boolean).join(', ')
}

/**
 * The board as the text view shows it, from the same cell function as the notes export: each
 * frame with its cells in the frame's order (a table's rows × columns, or its areas side by
 * side), each cell with its notes, then the frame's notes outside its cells, and last the
 * notes outside frames.
 */
export function boardOutline(cells: BoardCells): BoardOutline {
  const byKey = new Map<string, NoteCell[]>()
  const other: NoteCell[] = []
  for (const note of cells.notes) {
    if (note.frameId === null) {
      other.push(note)
      continue
    }
    const key = cellKey(note.frameId, note.row, note.column)
    const list = byKey.get(key)
    if (list) list.push(note)
    else byKey.set(key, [note])
  }

  const frames: OutlineFrame[] = []
  const targets: OutlineCell[] = []
  for (const frame of cells.frames) {
    const named: Array<[string, string]> = frame.grid
      ? frame.rows.flatMap((row) => frame.columns.map((column): [string, string] => [row, column]))
      : [...frame.rows.map((row): [string, string] => [row, '']), ...frame.columns.map((column): [string, string] => ['', column])]
    const listed = new Set<string>()
    const outline: OutlineCell[] = []
    for (const [row, column] of named) {
      const key = cellKey(frame.id, row, column)
      if (listed.has(key)) continue
      listed.add(key)
      const cell: OutlineCell = { key, frameId: frame.id, row, column, name: cellName(row, column), notes: byKey.get(key) ?? [], target: true }
      outline.push(cell)
      targets.push(cell)
    }
    // Notes in part of a table only (a lane's heading, left of the stages), or in no cell at all.
    const rest = [...byKey.entries()].filter(([key, notes]) => notes[0]!.frameId === frame.id && !listed.has(key))
    for (const [key, notes] of rest) {
      const { row, column } = notes[0]!
      outline.push({ key, frameId: frame.id, row, column, name: cellName(row, column), notes, target: false })
    }
    // The frame's notes outside its cells come last.
    outline.sort((a, b) => Number(a.name === '') - Number(b.name === ''))
    frames.push({ id: frame.id, title: frame.title, cells: outline })
  }
  return { frames, other, targets }
}
