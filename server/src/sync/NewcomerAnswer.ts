import * as Y from 'yjs'
import { syncStep2Frame } from './syncMessages'
import type { FramedMessage } from './preparedFrames'

/**
 * How long the answer for a newcomer (the whole board as one sync step 2) is kept after it was
 * last used, unless the board changes first. People arrive at a workshop within a minute or
 * two, and encoding a board of 5,000 shapes takes 60 ms or more each time; a board nobody
 * joins lets the copy go, as it is as large as the stored board.
 */
export const NEWCOMER_ANSWER_TTL_MS = 10_000

/**
 * A room's answer to a peer with an empty doc (every fresh client), encoded once and kept while
 * the doc does not change (see NEWCOMER_ANSWER_TTL_MS). The room forgets it on every change.
 */
export class NewcomerAnswer {
  private answer: FramedMessage | null = null
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly doc: Y.Doc) {}

  /** The whole doc as a sync step 2 for a peer that has nothing: the kept one, or encoded and kept now. */
  frame(): FramedMessage {
    const answer = this.answer ?? syncStep2Frame(this.doc, EMPTY_STATE_VECTOR)
    this.keep(answer)
    return answer
  }

  /** Keeps `answer` (which must be the doc as it is now) for the next newcomers. */
  keep(answer: FramedMessage): void {
    this.answer = answer
    if (this.timer) this.timer.refresh()
    else {
      this.timer = setTimeout(this.forget, NEWCOMER_ANSWER_TTL_MS)
      this.timer.unref()
    }
  }

  readonly forget = (): void => {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.answer = null
  }
}

/** A state vector of no clients: what every fresh client sends. */
const EMPTY_STATE_VECTOR = new Uint8Array([0])

/**
 * Whether a peer's state vector (its sync step 1) names nothing of `doc`, so the newcomers'
 * answer is its answer: empty, as every fresh client sends it, or naming only clients the doc
 * has never seen. Such a vector used to make the board be encoded again for every ask.
 */
export function asksAsNewcomer(doc: Y.Doc, stateVector: Uint8Array): boolean {
  if (stateVector.length === 1 && stateVector[0] === 0) return true
  for (const [client, clock] of Y.decodeStateVector(stateVector)) if (clock > 0 && doc.store.clients.has(client)) return false
  return true
}
