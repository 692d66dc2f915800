import { describe, expect, it } from 'vitest'
import { noteCells } from '@whiteboard/shared/results/noteCells'
import { cellKey, reportModel } from './reportModel'
import { reportBoard } from './reportFixture'

const DATE = new Date(2026, 11, 4)

describe('reportModel', () => {
  const model = reportModel(noteCells(reportBoard()), new Map([['shape:queue', 3], ['shape:form', 3], ['shape:quick', 1], ['shape:apply', 0]]), 'Kommune X', DATE)

  it('makes a journey a grid of lanes × stages, with a column for notes in a lane but no stage', () => {
    const journey = model.frames[0]!
    expect(journey).toMatchObject({ title: 'Tjenestereise', template: 'service-journey', layout: 'grid' })
    expect(journey.rows).toContain('Smertepunkter')
    // The starter notes stand in "Bruker og scenario", a row without stages.
    expect(journey.columns).toEqual(['Før', 'Under', 'Etter', ''])
    expect(journey.grid.get(cellKey('Smertepunkter', 'Under'))!.map((n) => n.text)).toEqual(['Lang kø | igjen', 'Skjemaet\nforsvant'])
    expect(journey.grid.get(cellKey('Handlinger (hva brukeren gjør)', 'Før'))!.map((n) => n.text)).toEqual(['Søker om plass'])
  })

  it('makes an empty journey a table too', () => {
    const empty = reportModel(noteCells(reportBoard().filter((r) => !String((r as { id: string }).id).match(/queue|form|apply|quick|loose/))), null, '', DATE)
    expect(empty.frames[0]).toMatchObject({ layout: 'grid', columns: ['Før', 'Under', 'Etter', ''] })
  })

  it('makes a quadrant matrix one section per quadrant, in the frame’s order', () => {
    const matrix = model.frames[1]!
    expect(matrix.layout).toBe('sections')
    expect(matrix.sections.map((s) => [s.name, s.notes.map((n) => n.text)])).toEqual([
      ['Raske gevinster', ['Ring brukeren']],
      ['Store satsinger', []],
      ['Småtteri', []],
      ['Tidstyver', []],
    ])
  })

  it('ranks the dots per frame, equal dots sharing a rank, notes without dots left out', () => {
    expect(model.frames[0]!.ranked).toEqual([
      { rank: 1, text: 'Lang kø | igjen', votes: 3 },
      { rank: 1, text: 'Skjemaet\nforsvant', votes: 3 },
    ])
    expect(model.frames[1]!.ranked).toEqual([{ rank: 1, text: 'Ring brukeren', votes: 1 }])
  })

  it('keeps notes outside the frames apart, and ranks nothing without shown totals', () => {
    expect(model.outside.map((n) => n.text)).toEqual(['# Ikke en overskrift'])
    const noVotes = reportModel(noteCells(reportBoard()), null, 'Kommune X', DATE)
    expect(noVotes.votesShown).toBe(false)
    expect(noVotes.frames.every((f) => f.ranked.length === 0)).toBe(true)
  })
})
