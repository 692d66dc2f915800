import { describe, expect, it } from 'vitest'
import { relativeTime } from './relativeTime'

describe('relativeTime', () => {
  it('says how long ago in the page language, in the largest fitting unit', () => {
    const now = 1_700_000_000_000
    expect(relativeTime(now - 5_000, now, 'en')).toBe('5 seconds ago')
    expect(relativeTime(now - 3 * 60_000, now, 'en')).toBe('3 minutes ago')
    expect(relativeTime(now - 2 * 3_600_000, now, 'en')).toBe('2 hours ago')
    expect(relativeTime(now - 3 * 86_400_000, now, 'en')).toBe('3 days ago')
    expect(relativeTime(now - 3 * 60_000, now, 'nb')).toBe('for 3 minutter siden')
  })
})
