import { TokenBucket } from '../sync/TokenBucket'

/** A named per-address rate: `burst` at once, then `perHour` spread evenly. */
export interface RateLimit {
  /** What is counted, in the refusal: "new boards", "uploads". */
  what: string
  burst: number
  perHour: number
}

/**
 * Most addresses one limiter remembers. An address whose bucket has refilled is forgotten at
 * once (it would start full anyway); past this many busy ones the longest-idle is dropped,
 * which only hands it a fresh bucket. 10 000 buckets are well under a megabyte.
 */
export const MAX_TRACKED_ADDRESSES = 10_000

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number }

/**
 * A token bucket per client address. The map is kept in least-recently-used order (a take
 * moves the address to the end), so the idle ones are at the front and are swept from there.
 */
export class AddressRateLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; lastTake: number }>()
  private readonly refillMs: number

  constructor(
    readonly limit: RateLimit,
    private readonly maxAddresses = MAX_TRACKED_ADDRESSES,
  ) {
    this.refillMs = (limit.burst / limit.perHour) * 3_600_000
  }

  /** Takes `cost` from the address's bucket if it holds that much; `now` in milliseconds. */
  take(address: string, cost: number, now: number): RateDecision {
    this.sweep(now)
    let entry = this.buckets.get(address)
    if (entry) this.buckets.delete(address)
    else entry = { bucket: new TokenBucket(this.limit.perHour / 3600, this.limit.burst, now), lastTake: now }
    entry.lastTake = now
    this.buckets.set(address, entry)
    while (this.buckets.size > this.maxAddresses) this.buckets.delete(this.buckets.keys().next().value!)
    if (entry.bucket.take(cost, now)) return { ok: true }
    return { ok: false, retryAfterMs: entry.bucket.msUntil(cost, now) }
  }

  /** Addresses remembered now. */
  get size(): number {
    return this.buckets.size
  }

  private sweep(now: number): void {
    for (const [address, entry] of this.buckets) {
      if (now - entry.lastTake < this.refillMs) return
      this.buckets.delete(address)
    }
  }
}
