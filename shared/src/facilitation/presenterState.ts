import { z } from 'zod'
import { MAX_STATE_ID_LENGTH } from './facilitationLimits'

/**
 * "Present / follow me", under `FacilitationKey.PRESENTER`. While `presenceUserId` is set,
 * every other client follows that person's camera (their presence user id, as carried in
 * awareness) until its person chooses to stop. `since` tells one presentation from the
 * next, so a person who stopped following is not pulled back in until a new one starts.
 */
export const PresenterState = z.object({
  presenceUserId: z.string().min(1).max(MAX_STATE_ID_LENGTH).nullable(),
  since: z.number().finite().nonnegative(),
})
export type PresenterState = z.infer<typeof PresenterState>

export function parsePresenterState(value: unknown): PresenterState | undefined {
  const result = PresenterState.safeParse(value)
  return result.success ? result.data : undefined
}
