import { z } from 'zod'
import { MAX_BROADCAST_TEXT_LENGTH } from '../gatherings/gatheringLimits'

/**
 * A message from the gathering's facilitator to every team board, under
 * `FacilitationKey.BROADCAST`. Only the server writes it (`POST /api/gatherings/:id/broadcast`
 * applies it to each board's doc through its room); no client ever does, so the update guard
 * has no rule that admits it from a connection. Each broadcast increments `seq`, so a person
 * who dismissed one banner sees the next. `at` is the server's clock.
 */
export const BroadcastMessage = z.object({
  seq: z.number().int().nonnegative(),
  text: z.string().min(1).max(MAX_BROADCAST_TEXT_LENGTH),
  at: z.number().finite().nonnegative(),
})
export type BroadcastMessage = z.infer<typeof BroadcastMessage>

export function parseBroadcastMessage(value: unknown): BroadcastMessage | undefined {
  const result = BroadcastMessage.safeParse(value)
  return result.success ? result.data : undefined
}
