import { z } from 'zod'
import { MAX_BROADCAST_TEXT_LENGTH } from '../gatherings/gatheringLimits'

/**
 * How long a broadcast shows after it was sent, on the server's clock. A message is about the
 * moment ("back in plenary in five minutes"); someone who opens the board a quarter of an hour
 * later must not read it as news. Five minutes reaches everyone who is on the board or coming
 * back from a break, and the facilitator can send it again.
 */
export const BROADCAST_SHOWN_MS = 5 * 60_000

/**
 * A message from the gathering's facilitator to every team board, under
 * `FacilitationKey.BROADCAST`. Only the server writes it (`POST /api/gatherings/:id/broadcast`
 * applies it to each board's doc through its room; `DELETE` withdraws it); no client ever does,
 * so the update guard has no rule that admits it from a connection. Each broadcast increments
 * `seq`, so a person who dismissed one banner sees the next. `at` is the server's clock.
 * `withdrawn`: the facilitator took it back; it shows nowhere any more.
 */
export const BroadcastMessage = z.object({
  seq: z.number().int().nonnegative(),
  text: z.string().min(1).max(MAX_BROADCAST_TEXT_LENGTH),
  at: z.number().finite().nonnegative(),
  withdrawn: z.boolean().optional(),
})
export type BroadcastMessage = z.infer<typeof BroadcastMessage>

export function parseBroadcastMessage(value: unknown): BroadcastMessage | undefined {
  const result = BroadcastMessage.safeParse(value)
  return result.success ? result.data : undefined
}

/** Until when (server clock) `message` shows: BROADCAST_SHOWN_MS after it was sent; undefined once withdrawn. */
export function broadcastShownUntil(message: BroadcastMessage): number | undefined {
  return message.withdrawn ? undefined : message.at + BROADCAST_SHOWN_MS
}
