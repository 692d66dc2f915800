import type { TLPageId } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import type { VotingRound } from '../facilitation/votingRound'
import { buildTemplate } from '../templates/build'
import { noteRecord } from '../test/noteRecord'
import { noteRows } from './noteRows'

const PAGE = 'page:page' as TLPageId
const PAGE_RECORD = { id: PAGE, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} }
let n = 0
const records = [
  PAGE_RECORD,
  ...buildTemplate('impact-effort', 'nb', { x: 0, y: 0 }, { pageId: PAGE, createId: () => `t${++n}` }),
  noteRecord({ id: 'shape:a', cx: 500, cy: 300, text: 'Rask' }),
  noteRecord({ id: 'shape:b', cx: -3000, cy: 0, text: 'Utenfor', color: 'blue' }),
]
const round = (over: Partial<VotingRound>): VotingRound => ({ roundId: 'r1', votesPerPerson: 3, frameId: null, visibility: 'hidden', status: 'revealed', startedAt: 0, ...over })
const votes = new Map<string, unknown>([
  ['v1', { roundId: 'r1', noteIds: ['shape:a', 'shape:b'] }],
  ['v2', { roundId: 'r1', noteIds: ['shape:a', 'shape:a', 'shape:gone'] }],
  ['v3', { roundId: 'r0', noteIds: ['shape:b'] }],
  ['v4', 'not an entry'],
])

describe('noteRows', () => {
  it('gives each note its cell, text, colour, centre and dots', () => {
    expect(noteRows(records, votes, round({}))).toEqual([
      { frame: 'Gevinst–innsats-matrise', template: 'impact-effort', row: 'Raske gevinster', column: '', text: 'Rask', color: 'yellow', votes: 2, x: 500, y: 300 },
      { frame: '', template: '', row: '', column: '', text: 'Utenfor', color: 'blue', votes: 1, x: -3000, y: 0 },
    ])
  })

  it('counts no dots where the board counts none: on a starter prompt still unanswered (a crafted vote)', () => {
    const journey = [PAGE_RECORD, ...buildTemplate('service-journey', 'nb', { x: 0, y: 0 }, { pageId: PAGE, createId: () => `j${++n}` })]
    const prompt = journey.find((r) => 'type' in r && r.type === 'note') as { id: string }
    const crafted = new Map<string, unknown>([['v1', { roundId: 'r1', noteIds: [prompt.id] }]])
    expect(noteRows(journey, crafted, round({})).filter((r) => r.votes !== 0)).toEqual([])
  })

  it('counts a live round while it runs, and a revealed one', () => {
    expect(noteRows(records, votes, round({ visibility: 'live', status: 'open' })).map((r) => r.votes)).toEqual([2, 1])
    expect(noteRows(records, votes, round({ visibility: 'live', status: 'closed' })).map((r) => r.votes)).toEqual([2, 1])
  })

  it('gives no dots while a hidden round is not revealed, nor without a round', () => {
    expect(noteRows(records, votes, round({ status: 'open' })).map((r) => r.votes)).toEqual([null, null])
    expect(noteRows(records, votes, round({ status: 'closed' })).map((r) => r.votes)).toEqual([null, null])
    expect(noteRows(records, votes, undefined).map((r) => r.votes)).toEqual([null, null])
  })
})
