import { PresenceHand, PresenceReaction, type PresenceHand as Hand } from '@whiteboard/shared/presence/gestures'
import { TokenBucket } from './TokenBucket'

/**
 * Reactions one connection may send per second, and in a burst. A reaction floats over every
 * screen on the board: a few a second is lively applause, a stream of them hides the board.
 * Extra ones are not relayed (the rest of the presence state is); the person's next state
 * brings the reaction once a token is back.
 */
export const REACTIONS_PER_SECOND = 2
export const REACTION_BURST = 5

export type GestureVerdict =
  /** The state may be kept as it is now (a hand's time may have been stamped). */
  | { ok: true; reactionHeld: boolean }
  | { ok: false; reason: string }

/**
 * The server's rules for the gestures in presence states (shared/src/presence/gestures.ts):
 * - `reaction` and `hand` are absent, `null` or of their shape, else the sender is refused
 *   (honest clients never send another);
 * - a new reaction (another `seq` than the state held now) takes a token from the sender's
 *   bucket; without one the held reaction stays in the state, so it is not relayed;
 * - a hand's `raisedAt` is the server's time when that raise (`id`) first came, kept while it
 *   stays up, whatever the client wrote.
 */
export class PresenceGestures {
  private readonly buckets = new WeakMap<object, TokenBucket>()

  constructor(private readonly clock: () => number = Date.now) {}

  /** Checks `state` against the `previous` state of the same id and fixes it up in place. */
  judge(sender: object, state: Record<string, unknown>, previous: Record<string, unknown> | undefined): GestureVerdict {
    let reactionHeld = false
    if (state.reaction !== undefined && state.reaction !== null) {
      const reaction = PresenceReaction.safeParse(state.reaction)
      if (!reaction.success) return { ok: false, reason: 'Presence state: the reaction is not valid' }
      const held = PresenceReaction.safeParse(previous?.reaction)
      if (!held.success || held.data.seq !== reaction.data.seq) {
        const now = this.clock()
        let bucket = this.buckets.get(sender)
        if (!bucket) this.buckets.set(sender, (bucket = new TokenBucket(REACTIONS_PER_SECOND, REACTION_BURST, now)))
        if (!bucket.take(1, now)) {
          reactionHeld = true
          if (held.success) state.reaction = held.data
          else delete state.reaction
        }
      }
    }
    if (state.hand !== undefined && state.hand !== null) {
      const hand = PresenceHand.safeParse(state.hand)
      if (!hand.success) return { ok: false, reason: 'Presence state: the raised hand is not valid' }
      const held = PresenceHand.safeParse(previous?.hand)
      const raisedAt = held.success && held.data.id === hand.data.id ? held.data.raisedAt : this.clock()
      state.hand = { id: hand.data.id, raisedAt } satisfies Hand
    }
    return { ok: true, reactionHeld }
  }
}
