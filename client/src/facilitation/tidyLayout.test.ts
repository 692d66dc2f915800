import { describe, expect, it } from 'vitest'
import { TIDY_GAP, TIDY_HEADING_HEIGHT, TIDY_MAX_COLUMNS, tidyLayout, type TidyNote } from './tidyLayout'

const note = (id: string, color: string, x = 0, y = 0): TidyNote => ({ id, color, x, y, w: 200, h: 200 })
const ORDER = ['yellow', 'blue', 'green']
const step = 200 + TIDY_GAP

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return Math.abs(a.x - b.x) < 200 && Math.abs(a.y - b.y) < 200
}

describe('tidyLayout', () => {
  it('groups by colour in the given order, a heading above each group, the rest of the colours after by name', () => {
    const plan = tidyLayout([note('a', 'green'), note('b', 'yellow'), note('c', 'red'), note('d', 'yellow'), note('e', 'orange')], { origin: { x: 100, y: 50 }, colorOrder: ORDER })
    expect(plan.headings.map((h) => [h.color, h.count])).toEqual([
      ['yellow', 2],
      ['green', 1],
      ['orange', 1],
      ['red', 1],
    ])
    // Each heading sits at the origin's x, above its group; each group starts under its heading.
    for (const heading of plan.headings) expect(heading.x).toBe(100)
    expect(plan.headings[0]!.y).toBe(50)
    const first = plan.notes.find((n) => n.id === 'b')!
    expect(first).toEqual({ id: 'b', x: 100, y: 50 + TIDY_HEADING_HEIGHT })
    const green = plan.notes.find((n) => n.id === 'a')!
    expect(plan.headings[1]!.y).toBeGreaterThan(first.y + 200)
    expect(green.y).toBe(plan.headings[1]!.y + TIDY_HEADING_HEIGHT)
  })

  it('keeps the reading order of a group and fills rows of a frame-wide grid without overlaps', () => {
    const notes = [note('late', 'yellow', 0, 900), note('left', 'yellow', 0, 10), note('right', 'yellow', 500, 10), note('mid', 'yellow', 0, 400), note('x', 'yellow', 0, 1200)]
    const plan = tidyLayout(notes, { origin: { x: 0, y: 0 }, maxWidth: 3 * step, colorOrder: ORDER })
    expect(plan.notes.map((n) => n.id)).toEqual(['left', 'right', 'mid', 'late', 'x'])
    // Three columns fit the width; the fourth note starts a second row.
    expect(plan.notes.map((n) => n.x)).toEqual([0, step, 2 * step, 0, step])
    expect(plan.notes[3]!.y).toBe(plan.notes[0]!.y + step)
    for (let i = 0; i < plan.notes.length; i++) for (let j = i + 1; j < plan.notes.length; j++) expect(overlaps(plan.notes[i]!, plan.notes[j]!)).toBe(false)
    expect(plan.width).toBe(3 * 200 + 2 * TIDY_GAP)
    expect(plan.height).toBe(TIDY_HEADING_HEIGHT + 2 * 200 + TIDY_GAP)
  })

  it('without a width makes a grid about as wide as tall, never wider than the cap, and at least one column', () => {
    const nine = Array.from({ length: 9 }, (_, i) => note(`n${i}`, 'blue', i, 0))
    expect(new Set(tidyLayout(nine, { origin: { x: 0, y: 0 }, colorOrder: ORDER }).notes.map((n) => n.x)).size).toBe(3)
    const many = Array.from({ length: 200 }, (_, i) => note(`n${i}`, 'blue', i, 0))
    expect(new Set(tidyLayout(many, { origin: { x: 0, y: 0 }, colorOrder: ORDER }).notes.map((n) => n.x)).size).toBe(TIDY_MAX_COLUMNS)
    const narrow = tidyLayout(nine, { origin: { x: 0, y: 0 }, maxWidth: 50, colorOrder: ORDER })
    expect(new Set(narrow.notes.map((n) => n.x))).toEqual(new Set([0]))
    expect(tidyLayout([], { origin: { x: 0, y: 0 }, colorOrder: ORDER })).toEqual({ notes: [], headings: [], width: 0, height: 0 })
  })
})
