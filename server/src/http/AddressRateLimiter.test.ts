import { describe, expect, it } from 'vitest'
import { AddressRateLimiter } from './AddressRateLimiter'

const HOUR = 3_600_000

describe('AddressRateLimiter', () => {
  it('allows a burst per address, then refuses with the time until the cost fits', () => {
    const limiter = new AddressRateLimiter({ what: 'things', burst: 3, perHour: 3600 })
    for (let i = 0; i < 3; i++) expect(limiter.take('203.0.113.7', 1, 0)).toEqual({ ok: true })
    expect(limiter.take('203.0.113.7', 1, 0)).toEqual({ ok: false, retryAfterMs: 1000 })
    // Another address has its own bucket.
    expect(limiter.take('203.0.113.8', 3, 0)).toEqual({ ok: true })
    // A refused cost is not taken: after one second exactly one more fits.
    expect(limiter.take('203.0.113.7', 1, 1000)).toEqual({ ok: true })
    expect(limiter.take('203.0.113.7', 2, 1000)).toEqual({ ok: false, retryAfterMs: 2000 })
  })

  it('counts a cost of many (a gathering of many team boards) at once', () => {
    const limiter = new AddressRateLimiter({ what: 'new boards', burst: 120, perHour: 120 })
    expect(limiter.take('a', 100, 0).ok).toBe(true)
    const refused = limiter.take('a', 30, 0)
    expect(refused).toEqual({ ok: false, retryAfterMs: 10 * 30_000 })
    expect(limiter.take('a', 20, 0).ok).toBe(true)
  })

  it('forgets an address once its bucket has refilled, and keeps at most its bound of addresses', () => {
    const limiter = new AddressRateLimiter({ what: 'things', burst: 2, perHour: 2 }, 100)
    for (let i = 0; i < 50; i++) limiter.take(`10.0.0.${i}`, 1, 0)
    expect(limiter.size).toBe(50)
    // One hour refills a bucket of 2 at 2 an hour: all 50 are idle and dropped on the next take.
    limiter.take('10.0.1.1', 1, HOUR)
    expect(limiter.size).toBe(1)
    for (let i = 0; i < 500; i++) limiter.take(`10.1.${i >> 8}.${i & 255}`, 1, HOUR + i)
    expect(limiter.size).toBe(100)
    // The most recent address kept its bucket: its second take empties it, its third is refused.
    expect(limiter.take('10.1.1.243', 1, HOUR + 500).ok).toBe(true)
    expect(limiter.take('10.1.1.243', 1, HOUR + 500).ok).toBe(false)
  })
})
