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

  /** Milliseconds until `amount` tokens will be there (0 if they are now); at most the time to refill the whole burst. */
  msUntil(amount: number, now: number): number {
    const tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) * this.ratePerSecond) / 1000)
    const missing = Math.min(amount, this.burst) - tokens
    return missing <= 0 ? 0 : (missing * 1000) / this.ratePerSecond
  }
}
