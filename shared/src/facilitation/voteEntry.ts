import { z } from 'zod'
import { MAX_STATE_ID_LENGTH, MAX_VOTES_PER_PERSON } from './facilitationLimits'

/**
 * One voter's votes, in `doc.getMap('votes')` (DOC_VOTES) under the voter's id: a random id the
 * server issues with a signed voter token (`POST /api/boards/:id/voter`). A browser keeps one
 * per board, and every connection presents its token at connect, so the server knows the one
 * key each connection may write and refuses any other. A voter replaces its whole entry on
 * every change.
 *
 * `noteIds` are the notes this voter put a dot on in round `roundId`, one dot per note.
 */
export const VoteEntry = z.object({
  roundId: z.string().min(1).max(MAX_STATE_ID_LENGTH),
  noteIds: z.array(z.string().min(1).max(MAX_STATE_ID_LENGTH)).max(MAX_VOTES_PER_PERSON),
})
export type VoteEntry = z.infer<typeof VoteEntry>

export function parseVoteEntry(value: unknown): VoteEntry | undefined {
  const result = VoteEntry.safeParse(value)
  return result.success ? result.data : undefined
}

/** Random bytes in a voter id: 96 bits, so nobody guesses another person's id nor two people draw the same. */
export const VOTER_ID_BYTES = 12

/** Characters of a voter id: the base64url form of its bytes, without padding. */
const VOTER_ID_CHARS = Math.ceil((VOTER_ID_BYTES * 8) / 6)

const VOTER_ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${VOTER_ID_CHARS}}$`)

/** True if `value` has the form of a voter id (whether the server issued it is its token's business). */
export function isVoterId(value: string): boolean {
  return VOTER_ID_PATTERN.test(value)
}

/** The key a voter writes its entry under. */
export function voteKey(voterId: string): string {
  return voterId
}

/** True if `key` is a well-formed key of the votes map: a voter id. */
export function isVoteKey(key: string): boolean {
  return isVoterId(key)
}
