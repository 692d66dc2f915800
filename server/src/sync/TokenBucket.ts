/**
 * A token bucket: `burst` tokens at most, refilled at `ratePerSecond`. Each message takes one
 * token from the message bucket and its size from the byte bucket; a connection that runs dry
 * is refused. Two numbers per bucket and no timers, so it costs nothing on the hot path.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst
    this.last = now
  }

  /** Takes `amount` tokens if there are that many; `now` in milliseconds. */
  take(amount: number, now: number): boolean {
    const elapsed = now - this.last
    if (elapsed > 0) {
      this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.ratePerSecond) / 1000)
      this.last = now
    }
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }
}
