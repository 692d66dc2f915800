import type { Awareness } from 'y-protocols/awareness'
import { awarenessFrame } from './syncMessages'

/**
 * Every presence state of a room as one awareness frame, for those who get all of it: each
 * newcomer, and each query for presence. Encoded once until presence changes: encoded for every
 * ask, a one-byte query made the server encode the board's whole presence (up to 4,000 KiB),
 * and 50 of them took 9.7 s of the event loop.
 */
export class AllPresenceFrame {
  private frame: Uint8Array | null = null

  constructor(private readonly awareness: Awareness) {
    // Every change of a state, its clock included, and every removal, comes as 'update'.
    awareness.on('update', this.forget)
  }

  /** The frame, or null when nobody has presence. */
  get(): Uint8Array | null {
    if (this.awareness.states.size === 0) return null
    return (this.frame ??= awarenessFrame(this.awareness, [...this.awareness.states.keys()]))
  }

  private readonly forget = (): void => {
    this.frame = null
  }
}
