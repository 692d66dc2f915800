import { z } from 'zod'

/**
 * Private mode (silent brainstorming), under `FacilitationKey.PRIVATE_MODE`. While `on`, each
 * participant's new sticky notes, text and drawings go into that person's private doc on the
 * server (`/sync/<boardId>/private`) instead of the board, so nobody else's browser receives
 * them until the facilitator reveals them. `since` (the facilitator's clock) tells one private round from the next; nothing is timed by it.
 * A facilitator writes it; the server's guard keeps everyone else out of the facilitation map.
 */
export const PrivateModeState = z.object({
  on: z.boolean(),
  since: z.number().finite().nonnegative(),
})
export type PrivateModeState = z.infer<typeof PrivateModeState>

export function parsePrivateModeState(value: unknown): PrivateModeState | undefined {
  const result = PrivateModeState.safeParse(value)
  return result.success ? result.data : undefined
}
