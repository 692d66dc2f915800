import type * as Y from 'yjs'
import type { Editor } from 'tldraw'
import type { VotingRound } from '@whiteboard/shared/facilitation/votingRound'
import { eligibleNoteIds } from './eligibleNotes'
import type { FacilitationDoc } from './FacilitationDoc'
import { writeVoteEntry } from './voterId'
import { ownVotes, toggleVote, type VoteRefusal } from './voting'

/** Why a vote was not cast: the round's own rules, or no voter id yet. */
export type CastVoteRefusal = VoteRefusal | 'no-voter'

/**
 * Puts this voter's dot on a note, or takes it back: the one path for the vote buttons on the
 * canvas and those in the text view, so both follow the same rules.
 */
export function castVote(editor: Editor, doc: Y.Doc, state: FacilitationDoc, round: VotingRound, voterId: string | undefined, noteId: string): { ok: true } | { ok: false; reason: CastVoteRefusal } {
  if (voterId === undefined) return { ok: false, reason: 'no-voter' }
  // The latest votes, not those of the last render: two quick clicks must not both see the same count.
  const current = ownVotes(state.getSnapshot().votes, voterId, round)
  const decision = toggleVote(round, current, noteId, eligibleNoteIds(editor, round.frameId).has(noteId))
  if (!decision.ok) return decision
  writeVoteEntry(doc, voterId, decision.entry)
  return { ok: true }
}
