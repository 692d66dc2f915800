import { describe, expect, it } from 'vitest'
import type { BoardCells, NoteCell } from '@whiteboard/shared/results/noteCells'
import { boardOutline, cellName } from './boardOutline'

function note(id: string, frameId: string | null, row: string, column: string): NoteCell {
  return { id, pageId: 'page:page', frameId, frame: frameId ? 'Frame' : '', template: '', row, column, text: id, color: 'yellow', type: 'note', x: 0, y: 0 }
}

const cells: BoardCells = {
  frames: [
    { id: 'shape:journey', pageId: 'page:page', title: 'Journey', template: 'service-journey', rows: ['Actions', 'Pain points'], columns: ['Before', 'During'], grid: true },
    { id: 'shape:retro', pageId: 'page:page', title: 'Retro', template: 'retrospective', rows: ['Next steps'], columns: ['Went well', 'To improve'], grid: false },
  ],
  notes: [
    note('a', 'shape:journey', 'Pain points', 'During'),
    note('b', 'shape:journey', 'Pain points', 'During'),
    note('c', 'shape:journey', 'Actions', ''),
    note('d', 'shape:journey', '', ''),
    note('e', 'shape:retro', '', 'To improve'),
    note('f', null, '', ''),
  ],
}

describe('boardOutline', () => {
  const outline = boardOutline(cells)

  it('lists a table frame as rows × columns, each named row first, with its notes', () => {
    const journey = outline.frames[0]!
    expect(journey.title).toBe('Journey')
    expect(journey.cells.slice(0, 4).map((c) => c.name)).toEqual(['Actions, Before', 'Actions, During', 'Pain points, Before', 'Pain points, During'])
    expect(journey.cells[3]!.notes.map((n) => n.id)).toEqual(['a', 'b'])
    expect(journey.cells[0]!.notes).toEqual([])
  })

  it('lists notes in part of a table, then those in no cell, after the cells; neither is a target', () => {
    const journey = outline.frames[0]!
    expect(journey.cells.slice(4).map((c) => [c.name, c.notes.map((n) => n.id), c.target])).toEqual([
      ['Actions', ['c'], false],
      ['', ['d'], false],
    ])
  })

  it('lists a frame whose areas lie side by side as one cell per area', () => {
    const retro = outline.frames[1]!
    expect(retro.cells.map((c) => c.name)).toEqual(['Next steps', 'Went well', 'To improve'])
    expect(retro.cells[2]!.notes.map((n) => n.id)).toEqual(['e'])
  })

  it('puts notes outside frames under other notes, and offers every named cell as a target in board order', () => {
    expect(outline.other.map((n) => n.id)).toEqual(['f'])
    expect(outline.targets.map((c) => c.name)).toEqual(['Actions, Before', 'Actions, During', 'Pain points, Before', 'Pain points, During', 'Next steps', 'Went well', 'To improve'])
  })

  it('names a cell by what it has', () => {
    expect(cellName('Pain points', 'During')).toBe('Pain points, During')
    expect(cellName('', 'During')).toBe('During')
  })
})
