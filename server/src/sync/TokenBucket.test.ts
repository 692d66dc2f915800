import { describe, expect, it } from 'vitest'
import { TokenBucket } from './TokenBucket'

describe('TokenBucket', () => {
  it('allows a burst, then the rate, and refills with time up to the burst', () => {
    const bucket = new TokenBucket(10, 5, 0)
    for (let i = 0; i < 5; i++) expect(bucket.take(1, 0)).toBe(true)
    expect(bucket.take(1, 0)).toBe(false)
    expect(bucket.take(1, 50)).toBe(false)
    expect(bucket.take(1, 100)).toBe(true)
    expect(bucket.take(1, 100)).toBe(false)
    // A long pause refills to the burst, not beyond.
    for (let i = 0; i < 5; i++) expect(bucket.take(1, 10_000)).toBe(true)
    expect(bucket.take(1, 10_000)).toBe(false)
  })

  it('says how long until an amount will be there', () => {
    const bucket = new TokenBucket(2, 4, 0)
    expect(bucket.take(4, 0)).toBe(true)
    expect(bucket.msUntil(1, 0)).toBe(500)
    expect(bucket.msUntil(3, 500)).toBe(1000)
    expect(bucket.msUntil(1, 500)).toBe(0)
    // More than the burst never fits; the answer is the time to refill all of it.
    expect(bucket.msUntil(10, 0)).toBe(2000)
  })

  it('takes amounts (bytes) and refuses one larger than what is left', () => {
    const bucket = new TokenBucket(1000, 4000, 0)
    expect(bucket.take(3000, 0)).toBe(true)
    expect(bucket.take(2000, 0)).toBe(false)
    expect(bucket.take(2000, 1000)).toBe(true)
  })
})
