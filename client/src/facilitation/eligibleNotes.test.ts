import { describe, expect, it } from 'vitest'
import { notesInFrame, type NoteBox } from './eligibleNotes'

const frame = { x: 1000, y: 0, w: 800, h: 600 }
const note = (id: string, x: number, y: number, w = 200, h = 200): NoteBox => ({ id, bounds: { x, y, w, h } })

describe('notesInFrame', () => {
  it('takes the notes whose centre lies inside the frame, by page bounds', () => {
    const notes = [
      note('inside', 1100, 100),
      // Mostly outside, centre inside (1000 + 10 - 100 + 100 = 1010): counts.
      note('centre-in', 910, 100),
      // Mostly inside, centre outside (990 - 100 + 100 = 990 < 1000): does not.
      note('centre-out', 890, 100),
      note('far', 0, 0),
      note('below', 1100, 700),
    ]
    expect(notesInFrame(notes, frame)).toEqual(['inside', 'centre-in'])
  })

  it('includes a centre exactly on the edge and notes of any size', () => {
    expect(notesInFrame([note('edge', 700, -100, 600, 200), note('big', 1000, 0, 800, 600)], frame)).toEqual(['edge', 'big'])
  })

  it('finds nothing in an empty frame', () => {
    expect(notesInFrame([note('far', -5000, -5000)], frame)).toEqual([])
  })
})
