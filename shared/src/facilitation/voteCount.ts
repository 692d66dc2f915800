import { parseVoteEntry, type VoteEntry } from './voteEntry'
import type { VotingRound } from './votingRound'

/**
 * Counting dots, shared by the board (totals on the notes, the results list) and the notes
 * export, so both give the same numbers. Every entry is read as untrusted: entries of other
 * rounds, repeated notes and dots beyond the round's limit are ignored, so a misbehaving client
 * cannot outvote the rest.
 */

/** The dots of one entry that count in `round`: its own round, each note once, at most the limit, in the order placed. */
export function countedNoteIds(entry: VoteEntry | undefined, round: VotingRound): string[] {
  if (!entry || entry.roundId !== round.roundId) return []
  return [...new Set(entry.noteIds)].slice(0, round.votesPerPerson)
}

/** Dots per note in `round`, counting only notes for which `isNote` holds (a deleted note has none). */
export function voteTotals(votes: ReadonlyMap<string, unknown>, round: VotingRound, isNote: (id: string) => boolean): Map<string, number> {
  const totals = new Map<string, number>()
  for (const value of votes.values()) {
    for (const noteId of countedNoteIds(parseVoteEntry(value), round)) {
      if (isNote(noteId)) totals.set(noteId, (totals.get(noteId) ?? 0) + 1)
    }
  }
  return totals
}
