/** The clock and timers the announcer uses; tests pass a fake one. */
export interface AnnouncerClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const BROWSER_CLOCK: AnnouncerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/**
 * Quiet time after the last arrival before it is announced: notes that come in a burst (a
 * group adding notes together) are told together.
 */
export const SETTLE_MS = 1_500

/** Least time between two announcements, so that a busy board does not talk all the time. */
export const MIN_INTERVAL_MS = 6_000

/**
 * Collects other people's new notes per cell and says them in one polite sentence ("2 new notes
 * in Pain points, During"), at most once per MIN_INTERVAL_MS and only after SETTLE_MS of quiet.
 * `say` gets the counts in the order the cells first got a note.
 */
export class ArrivalAnnouncer {
  private readonly counts = new Map<string, number>()
  private timer: unknown
  private lastSaid = -Infinity

  constructor(
    private readonly say: (counts: ReadonlyArray<readonly [cell: string, count: number]>) => void,
    private readonly clock: AnnouncerClock = BROWSER_CLOCK,
  ) {}

  /** A new note by someone else arrived in `cell`. */
  arrived(cell: string): void {
    this.counts.set(cell, (this.counts.get(cell) ?? 0) + 1)
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    const now = this.clock.now()
    const at = Math.max(now + SETTLE_MS, this.lastSaid + MIN_INTERVAL_MS)
    this.timer = this.clock.setTimeout(() => this.flush(), at - now)
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.counts.clear()
  }

  private flush(): void {
    this.timer = undefined
    if (this.counts.size === 0) return
    const counts = [...this.counts]
    this.counts.clear()
    this.lastSaid = this.clock.now()
    this.say(counts)
  }
}
