import type * as Y from 'yjs'
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
  frame(emptyStateVector: Uint8Array): FramedMessage {
    const answer = this.answer ?? syncStep2Frame(this.doc, emptyStateVector)
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
