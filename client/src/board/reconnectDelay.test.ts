import { describe, expect, it } from 'vitest'
import { MAX_RECONNECT_DELAY_MS, reconnectDelay } from './reconnectDelay'

describe('reconnectDelay', () => {
  it('keeps the exponential backoff and its cap as the longest wait, and takes up to half of it off at random', () => {
    const longest = (attempt: number) => reconnectDelay(attempt, () => 0)
    const shortest = (attempt: number) => reconnectDelay(attempt, () => 0.999999)
    expect([1, 2, 3, 4, 5, 6, 10].map(longest)).toEqual([200, 400, 800, 1600, 2500, 2500, 2500])
    expect([1, 2, 3, 4, 5].map(shortest)).toEqual([100, 200, 400, 800, 1250])
    expect(reconnectDelay(1, () => 0.5)).toBe(150)
    expect(longest(50)).toBe(MAX_RECONNECT_DELAY_MS)
  })

  it('spreads the clients of one dead node over the window instead of one millisecond', () => {
    // A hundred clients, each with its own random draw (here evenly spread), closed at the same instant.
    const delays = Array.from({ length: 100 }, (_, i) => reconnectDelay(1, () => i / 100))
    expect(new Set(delays).size).toBeGreaterThanOrEqual(90)
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThanOrEqual(95)
    const atCap = Array.from({ length: 100 }, (_, i) => reconnectDelay(8, () => i / 100))
    expect(new Set(atCap).size).toBe(100)
  })
})
