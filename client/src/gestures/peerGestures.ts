import { parseHand, parseReaction, type PresenceHand, type PresenceReaction } from '@whiteboard/shared/presence/gestures'
import { parsePresenceUser, type PresenceUser } from '../board/presence'

/** A raised hand as the facilitator's list shows it. */
export interface RaisedHand {
  clientId: number
  user: PresenceUser
  hand: PresenceHand
}

/**
 * The hands up in these awareness states, in the order they went up (the server's time of
 * each raise; the same time, by client id), leaving out those a facilitator lowered.
 */
export function raisedHands(states: ReadonlyMap<number, unknown>, lowered: ReadonlySet<string>): RaisedHand[] {
  const hands: RaisedHand[] = []
  for (const [clientId, state] of states) {
    if (state === null || typeof state !== 'object') continue
    const { user: rawUser, hand: rawHand } = state as { user?: unknown; hand?: unknown }
    const user = parsePresenceUser(rawUser)
    const hand = parseHand(rawHand)
    if (user && hand && !lowered.has(hand.id)) hands.push({ clientId, user, hand })
  }
  return hands.sort((a, b) => a.hand.raisedAt - b.hand.raisedAt || a.clientId - b.clientId)
}

/** A reaction to show: who sent it and where their cursor was on the page, if it was on it. */
export interface ReactionEvent {
  key: string
  clientId: number
  emoji: PresenceReaction['emoji']
  at: { x: number; y: number } | undefined
}

/**
 * Tells each new reaction in the states from the ones already shown: a reaction counts once,
 * when its `seq` changes. What a person had sent before this browser saw them (a late joiner,
 * a reconnect) is taken as seen, so old reactions do not float up again.
 */
/** The seq kept for a person seen without a reaction; real seqs are never negative. */
const NO_REACTION = -1

export class ReactionTracker {
  private readonly lastSeq = new Map<number, number>()

  update(states: ReadonlyMap<number, unknown>): ReactionEvent[] {
    const events: ReactionEvent[] = []
    for (const [clientId, state] of states) {
      if (state === null || typeof state !== 'object') continue
      const { reaction: raw, presence } = state as { reaction?: unknown; presence?: unknown }
      const reaction = parseReaction(raw)
      const known = this.lastSeq.get(clientId)
      this.lastSeq.set(clientId, reaction?.seq ?? NO_REACTION)
      if (!reaction || known === undefined || known === reaction.seq) continue
      events.push({ key: `${clientId}:${reaction.seq}`, clientId, emoji: reaction.emoji, at: cursorOf(presence) })
    }
    for (const clientId of this.lastSeq.keys()) if (!states.has(clientId)) this.lastSeq.delete(clientId)
    return events
  }

  /** Marks everything in the states as shown (the first look at the board). */
  prime(states: ReadonlyMap<number, unknown>): void {
    this.update(states)
  }
}

function cursorOf(presence: unknown): { x: number; y: number } | undefined {
  if (presence === null || typeof presence !== 'object') return undefined
  const cursor = (presence as { cursor?: unknown }).cursor
  if (cursor === null || typeof cursor !== 'object') return undefined
  const { x, y } = cursor as { x?: unknown; y?: unknown }
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined
}
