import { z } from 'zod'
import { MAX_STATE_ID_LENGTH, MAX_VOTES_PER_PERSON } from './facilitationLimits'

/**
 * One voter's votes, in `doc.getMap('votes')` (DOC_VOTES) under the key
 * `String(voterClientId)`: the Yjs client id that wrote the entry. A voter replaces its
 * whole entry on every change and never writes another key, so the server can refuse any
 * votes-map write whose key differs from the client id of the item carrying it.
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

/** The key a voter writes its entry under. */
export function voteKey(voterClientId: number): string {
  return String(voterClientId)
}

/** True if `key` is a well-formed voter key: a Yjs client id (unsigned 32-bit) in decimal. */
export function isVoteKey(key: string): boolean {
  if (!/^(0|[1-9]\d{0,9})$/.test(key)) return false
  return Number(key) <= 0xffff_ffff
}
