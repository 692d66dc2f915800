import { z } from 'zod'
import { MAX_STATE_ID_LENGTH, MAX_VOTES_PER_PERSON } from './facilitationLimits'

/**
 * A dot-voting round, under `FacilitationKey.VOTING`.
 * - `frameId`: vote on the sticky notes inside this frame (by bounds: a note counts if its
 *   centre lies inside the frame), or on every note when `null`.
 * - `visibility`: `hidden` shows people only their own votes until the reveal; `live`
 *   shows the running totals to everyone.
 * - `status`: `open` takes votes; `closed` takes none and still hides hidden totals;
 *   `revealed` shows totals on the notes and the ranked list.
 * Votes themselves live in `doc.getMap('votes')`, tagged with `roundId`, so starting a
 * new round needs nobody's votes deleted.
 */
export const VotingRound = z.object({
  roundId: z.string().min(1).max(MAX_STATE_ID_LENGTH),
  votesPerPerson: z.number().int().min(1).max(MAX_VOTES_PER_PERSON),
  frameId: z.string().min(1).max(MAX_STATE_ID_LENGTH).nullable(),
  visibility: z.enum(['hidden', 'live']),
  status: z.enum(['open', 'closed', 'revealed']),
  startedAt: z.number().finite().nonnegative(),
})
export type VotingRound = z.infer<typeof VotingRound>
export type VotingVisibility = VotingRound['visibility']
export type VotingStatus = VotingRound['status']

export function parseVotingRound(value: unknown): VotingRound | undefined {
  const result = VotingRound.safeParse(value)
  return result.success ? result.data : undefined
}
