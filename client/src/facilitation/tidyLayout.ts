/**
 * "Tidy notes": where each sticky note goes when the notes of a frame or a selection are put
 * into a grid grouped by colour, with a heading above each group. Pure geometry on page
 * coordinates, so it is tested without an editor (tidyNotes.ts applies it).
 */

/** A note as the layout needs it: its colour and its bounds on the page now. */
export interface TidyNote {
  id: string
  color: string
  x: number
  y: number
  w: number
  h: number
}

export interface TidyOptions {
  /** Top-left corner of the grid on the page. */
  origin: { x: number; y: number }
  /** Width the grid may take (a frame's inside); without it the grid is about as wide as it is tall. */
  maxWidth?: number
  /** The order of the groups: colours in this list first, in its order; others after, by name. */
  colorOrder: readonly string[]
}

export interface TidyPlan {
  notes: { id: string; x: number; y: number }[]
  /** One heading per colour group, at the top-left of its group. */
  headings: { color: string; count: number; x: number; y: number }[]
  /** The size of the whole grid, headings included. */
  width: number
  height: number
}

/** Space between notes, and between a group's last row and the next heading (page units). */
export const TIDY_GAP = 24
/** Height kept above each group for its heading. */
export const TIDY_HEADING_HEIGHT = 56
/** Most columns in a grid without a width to fill, so a big pile does not become one long row. */
export const TIDY_MAX_COLUMNS = 8

export function tidyLayout(notes: readonly TidyNote[], { origin, maxWidth, colorOrder }: TidyOptions): TidyPlan {
  if (notes.length === 0) return { notes: [], headings: [], width: 0, height: 0 }
  const cellW = Math.max(...notes.map((n) => n.w))
  const cellH = Math.max(...notes.map((n) => n.h))
  const columns =
    maxWidth !== undefined
      ? Math.max(1, Math.floor((maxWidth + TIDY_GAP) / (cellW + TIDY_GAP)))
      : Math.min(TIDY_MAX_COLUMNS, Math.max(1, Math.ceil(Math.sqrt(notes.length))))

  const groups = new Map<string, TidyNote[]>()
  for (const note of notes) {
    const group = groups.get(note.color)
    if (group) group.push(note)
    else groups.set(note.color, [note])
  }
  const rank = (color: string) => {
    const i = colorOrder.indexOf(color)
    return i === -1 ? colorOrder.length : i
  }
  const colors = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))

  const plan: TidyPlan = { notes: [], headings: [], width: 0, height: 0 }
  let y = origin.y
  let widest = 0
  for (const color of colors) {
    // Reading order within a group: as the notes lay before, top to bottom, then left to right.
    const group = groups.get(color)!.sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id))
    plan.headings.push({ color, count: group.length, x: origin.x, y })
    y += TIDY_HEADING_HEIGHT
    group.forEach((note, i) => {
      const column = i % columns
      const row = Math.floor(i / columns)
      plan.notes.push({ id: note.id, x: origin.x + column * (cellW + TIDY_GAP), y: y + row * (cellH + TIDY_GAP) })
    })
    const rows = Math.ceil(group.length / columns)
    const used = Math.min(group.length, columns)
    widest = Math.max(widest, used * cellW + (used - 1) * TIDY_GAP)
    y += rows * cellH + (rows - 1) * TIDY_GAP + TIDY_GAP
  }
  plan.width = widest
  plan.height = y - TIDY_GAP - origin.y
  return plan
}
