import { countedNoteIds } from '@whiteboard/shared/facilitation/voteCount'
import { parseVoteEntry, voteKey, type VoteEntry } from '@whiteboard/shared/facilitation/voteEntry'
import type { VotingRound, VotingVisibility } from '@whiteboard/shared/facilitation/votingRound'

// Counting is shared with the notes export.
export { countedNoteIds, voteTotals } from '@whiteboard/shared/facilitation/voteCount'

/**
 * Dot voting as plain functions over the round and the votes map. Each person has at most one
 * dot per note: clicking a note's vote control puts a dot on it or takes it back. Counting
 * reads every entry as untrusted: entries of other rounds, repeated notes and dots beyond the
 * round's limit are ignored, so a misbehaving client cannot outvote the rest.
 */

export interface NewRoundOptions {
  votesPerPerson: number
  frameId: string | null
  visibility: VotingVisibility
  now: number
  /** Defaults to a random id; tests pass one. */
  roundId?: string
}

export function newVotingRound({ votesPerPerson, frameId, visibility, now, roundId = randomRoundId() }: NewRoundOptions): VotingRound {
  return { roundId, votesPerPerson, frameId, visibility, status: 'open', startedAt: now }
}

export function endRound(round: VotingRound): VotingRound {
  return round.status === 'open' ? { ...round, status: 'closed' } : round
}

export function revealRound(round: VotingRound): VotingRound {
  return { ...round, status: 'revealed' }
}

/** This voter's dots in `round`. */
export function ownVotes(votes: ReadonlyMap<string, unknown>, voterId: string, round: VotingRound): string[] {
  return countedNoteIds(parseVoteEntry(votes.get(voteKey(voterId))), round)
}

/** How many voters put at least one dot in `round`. */
export function voterCount(votes: ReadonlyMap<string, unknown>, round: VotingRound): number {
  let n = 0
  for (const value of votes.values()) if (countedNoteIds(parseVoteEntry(value), round).length > 0) n++
  return n
}

/** Whether a person may see the totals now: always after the reveal, during the round only when it is live. */
export function totalsVisible(round: VotingRound): boolean {
  return round.status === 'revealed' || (round.visibility === 'live' && round.status === 'open')
}

export type VoteRefusal = 'not-open' | 'no-votes-left' | 'not-eligible'
export type VoteDecision = { ok: true; entry: VoteEntry; placed: boolean } | { ok: false; reason: VoteRefusal }

/**
 * What clicking note `noteId`'s vote control does: takes the dot back if this voter has one
 * there, else puts one there if the round is open, the note takes part and a vote is left.
 */
export function toggleVote(round: VotingRound, current: readonly string[], noteId: string, eligible: boolean): VoteDecision {
  if (round.status !== 'open') return { ok: false, reason: 'not-open' }
  if (current.includes(noteId)) return { ok: true, placed: false, entry: { roundId: round.roundId, noteIds: current.filter((id) => id !== noteId) } }
  if (!eligible) return { ok: false, reason: 'not-eligible' }
  if (current.length >= round.votesPerPerson) return { ok: false, reason: 'no-votes-left' }
  return { ok: true, placed: true, entry: { roundId: round.roundId, noteIds: [...current, noteId] } }
}

export interface RankedResult {
  noteId: string
  text: string
  votes: number
  /** 1 for the most votes; notes with equal votes share a rank. */
  rank: number
}

/** Notes with at least one dot, most dots first; ties by text so every client lists them alike. */
export function rankResults(totals: ReadonlyMap<string, number>, noteText: (id: string) => string): RankedResult[] {
  const rows = [...totals]
    .filter(([, votes]) => votes > 0)
    .map(([noteId, votes]) => ({ noteId, text: noteText(noteId), votes }))
    .sort((a, b) => b.votes - a.votes || a.text.localeCompare(b.text) || a.noteId.localeCompare(b.noteId))
  let rank = 0
  let previous = Number.NaN
  return rows.map((row, i) => {
    if (row.votes !== previous) rank = i + 1
    previous = row.votes
    return { ...row, rank }
  })
}

/** The ranked list as plain text for the clipboard, one note per line: `1. Text (3)`. */
export function resultsAsText(ranked: readonly RankedResult[], heading: string, untitled: string, votesLabel: (n: number) => string): string {
  const lines = ranked.map((r) => `${r.rank}. ${oneLine(r.text) || untitled} (${votesLabel(r.votes)})`)
  return [heading, ...lines].join('\n')
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function randomRoundId(): string {
  const bytes = new Uint8Array(9)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
