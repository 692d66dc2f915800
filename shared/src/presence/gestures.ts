import { z } from 'zod'

/**
 * Reactions and raised hands travel in each person's presence (Yjs awareness), never in the
 * board: `reaction` and `hand` beside `user` and `presence` in the awareness state. The server
 * checks both, rate-limits reactions and stamps when a hand went up
 * (server/src/sync/presenceGestures.ts); peers check them again and ignore what does not parse.
 */

/** The reactions on offer: a handful that read at a glance, so a room's answer is easy to see. */
export const REACTION_EMOJIS = ['👍', '❤️', '😂', '🎉', '🤔', '👏'] as const
export type ReactionEmoji = (typeof REACTION_EMOJIS)[number]

/** Longest hand id: a random id of the raise, 16 characters from the client; room for other clients. */
export const MAX_HAND_ID_LENGTH = 32

/** A person's last reaction: `seq` grows by one with each, so a peer shows each one once. */
export const PresenceReaction = z.strictObject({
  emoji: z.enum(REACTION_EMOJIS),
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
})
export type PresenceReaction = z.infer<typeof PresenceReaction>

const HAND_ID = z.string().regex(/^[A-Za-z0-9_-]+$/).min(1).max(MAX_HAND_ID_LENGTH)

/**
 * A raised hand: `id` is one raise, chosen by the client; `raisedAt` is when it went up on the
 * server's clock, written by the server (a client's own number is overwritten), so the order of
 * hands cannot be jumped.
 */
export const PresenceHand = z.strictObject({
  id: HAND_ID,
  raisedAt: z.number().finite().nonnegative(),
})
export type PresenceHand = z.infer<typeof PresenceHand>

export function parseReaction(value: unknown): PresenceReaction | undefined {
  const result = PresenceReaction.safeParse(value)
  return result.success ? result.data : undefined
}

export function parseHand(value: unknown): PresenceHand | undefined {
  const result = PresenceHand.safeParse(value)
  return result.success ? result.data : undefined
}

/**
 * Hands the facilitator lowered, the newest last, so their owners take them down and every
 * peer stops showing them. Enough for a big room lowering every hand a few times over; older
 * raises have long been lowered by their owners.
 */
export const MAX_LOWERED_HANDS = 100

/** Under `FacilitationKey.LOWERED_HANDS`: written by facilitators only, like all facilitation state. */
export const LoweredHands = z.strictObject({
  ids: z.array(HAND_ID).max(MAX_LOWERED_HANDS),
})
export type LoweredHands = z.infer<typeof LoweredHands>

export function parseLoweredHands(value: unknown): LoweredHands | undefined {
  const result = LoweredHands.safeParse(value)
  return result.success ? result.data : undefined
}
