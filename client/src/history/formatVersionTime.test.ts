import { describe, expect, it } from 'vitest'
import { formatVersionTime } from './formatVersionTime'

// 4 December 2026, 10:42 in Oslo (UTC+1).
const AT = Date.UTC(2026, 11, 4, 9, 42)

describe('formatVersionTime', () => {
  it("gives the time alone on the same day, in the person's time zone", () => {
    expect(formatVersionTime(AT, AT + 3 * 60_000, 'nb', 'Europe/Oslo')).toBe('10:42')
    expect(formatVersionTime(AT, AT + 3 * 60_000, 'en', 'Europe/Oslo')).toBe('10:42')
    expect(formatVersionTime(AT, AT + 3 * 60_000, 'en', 'UTC')).toBe('09:42')
  })

  it('adds the date when the version is from another day', () => {
    const nextDay = AT + 24 * 60 * 60_000
    expect(formatVersionTime(AT, nextDay, 'nb', 'Europe/Oslo')).toMatch(/^4\. des\.?,? (kl\. )?10[:.]42$/)
    expect(formatVersionTime(AT, nextDay, 'en', 'Europe/Oslo')).toMatch(/^4 Dec,? 10:42$/)
  })
})
