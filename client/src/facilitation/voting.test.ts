import { describe, expect, it } from 'vitest'
import type { VotingRound } from '@whiteboard/shared/facilitation/votingRound'
import { countedNoteIds, endRound, newVotingRound, ownVotes, rankResults, resultsAsText, revealRound, toggleVote, totalsVisible, voteTotals, voterCount } from './voting'

const round: VotingRound = newVotingRound({ votesPerPerson: 3, frameId: null, visibility: 'hidden', now: 1_000, roundId: 'r1' })
const notes = new Set(['shape:a', 'shape:b', 'shape:c', 'shape:d'])
const isNote = (id: string) => notes.has(id)

/** Plays one voter's clicks through `toggleVote`, as the UI does, and returns the refusals. */
function clickAll(votes: Map<string, unknown>, voter: string, clicks: string[]): string[] {
  const refusals: string[] = []
  for (const noteId of clicks) {
    const decision = toggleVote(round, ownVotes(votes, voter, round), noteId, isNote(noteId))
    if (decision.ok) votes.set(voter, decision.entry)
    else refusals.push(decision.reason)
  }
  return refusals
}

describe('dot voting', () => {
  it('counts three votes each from three people and refuses a fourth', () => {
    const votes = new Map<string, unknown>()
    expect(clickAll(votes, 'voter11', ['shape:a', 'shape:b', 'shape:c'])).toEqual([])
    expect(clickAll(votes, 'voter22', ['shape:a', 'shape:b', 'shape:d'])).toEqual([])
    expect(clickAll(votes, 'voter33', ['shape:a', 'shape:c', 'shape:d', 'shape:b'])).toEqual(['no-votes-left'])
    expect(ownVotes(votes, 'voter33', round)).toEqual(['shape:a', 'shape:c', 'shape:d'])
    expect(Object.fromEntries(voteTotals(votes, round, isNote))).toEqual({ 'shape:a': 3, 'shape:b': 2, 'shape:c': 2, 'shape:d': 2 })
    expect(voterCount(votes, round)).toBe(3)
  })

  it('takes a vote back on a second click, which frees it for another note', () => {
    const votes = new Map<string, unknown>()
    clickAll(votes, 'voter11', ['shape:a', 'shape:b', 'shape:c', 'shape:b', 'shape:d'])
    expect(ownVotes(votes, 'voter11', round)).toEqual(['shape:a', 'shape:c', 'shape:d'])
  })

  it('refuses votes when the round is not open or the note is not in it', () => {
    expect(toggleVote(endRound(round), [], 'shape:a', true)).toEqual({ ok: false, reason: 'not-open' })
    expect(toggleVote(revealRound(round), ['shape:a'], 'shape:a', true)).toEqual({ ok: false, reason: 'not-open' })
    expect(toggleVote(round, [], 'shape:z', false)).toEqual({ ok: false, reason: 'not-eligible' })
    // Taking a vote back from a note that has left the round (moved out of the frame) is allowed.
    expect(toggleVote(round, ['shape:z'], 'shape:z', false)).toMatchObject({ ok: true, placed: false })
  })

  it('counts entries as untrusted: other rounds, repeats, dots beyond the limit, garbage and deleted notes do not count', () => {
    const votes = new Map<string, unknown>([
      ['1', { roundId: 'old', noteIds: ['shape:a', 'shape:b'] }],
      ['2', { roundId: 'r1', noteIds: ['shape:a', 'shape:a', 'shape:a', 'shape:b'] }],
      ['3', { roundId: 'r1', noteIds: ['shape:c', 'shape:d', 'shape:b', 'shape:a', 'shape:a'] }],
      ['4', { roundId: 'r1', noteIds: 'shape:a' }],
      ['5', 'nonsense'],
      ['6', { roundId: 'r1', noteIds: ['shape:deleted'] }],
    ])
    expect(countedNoteIds({ roundId: 'r1', noteIds: ['shape:a', 'shape:a', 'shape:b'] }, round)).toEqual(['shape:a', 'shape:b'])
    expect(Object.fromEntries(voteTotals(votes, round, isNote))).toEqual({ 'shape:a': 1, 'shape:b': 2, 'shape:c': 1, 'shape:d': 1 })
  })

  it('shows totals live only in a live round, and to everyone after the reveal', () => {
    expect(totalsVisible(round)).toBe(false)
    expect(totalsVisible({ ...round, visibility: 'live' })).toBe(true)
    expect(totalsVisible(endRound({ ...round, visibility: 'live' }))).toBe(false)
    expect(totalsVisible(revealRound(endRound(round)))).toBe(true)
  })

  it('ranks the results, ties sharing a rank and listed alike everywhere, and copies them as text', () => {
    const texts: Record<string, string> = { 'shape:a': 'Ventetid', 'shape:b': 'Parkering', 'shape:c': '', 'shape:d': 'Skjema\npå nett' }
    const ranked = rankResults(
      new Map([
        ['shape:a', 2],
        ['shape:b', 5],
        ['shape:c', 2],
        ['shape:d', 0],
      ]),
      (id) => texts[id] ?? '',
    )
    expect(ranked.map((r) => [r.rank, r.noteId, r.votes])).toEqual([
      [1, 'shape:b', 5],
      [2, 'shape:c', 2],
      [2, 'shape:a', 2],
    ])
    const text = resultsAsText(ranked, 'Resultater', '(tom lapp)', (n) => `${n} stemmer`)
    expect(text).toBe('Resultater\n1. Parkering (5 stemmer)\n2. (tom lapp) (2 stemmer)\n2. Ventetid (2 stemmer)')
  })

  it('gives every new round its own id, so earlier votes need no clearing', () => {
    const a = newVotingRound({ votesPerPerson: 3, frameId: null, visibility: 'live', now: 1 })
    const b = newVotingRound({ votesPerPerson: 3, frameId: null, visibility: 'live', now: 1 })
    expect(a.roundId).not.toBe(b.roundId)
    expect(a.roundId).toMatch(/^[0-9a-f]{18}$/)
  })
})
