import { describe, expect, it } from 'vitest'
import { fillText } from './fillText'
import { formatBytes } from './formatBytes'
import { formatSnapshotTime } from './formatSnapshotTime'

describe('history formatting', () => {
  const at = Date.UTC(2026, 10, 24, 13, 5)

  it('writes times as people of the board language do', () => {
    expect(formatSnapshotTime(at, 'nb', 'Europe/Oslo')).toMatch(/^24\. nov\. 2026(,| kl\.) 14[:.]05$/)
    expect(formatSnapshotTime(at, 'en', 'Europe/Oslo')).toBe('24 Nov 2026, 14:05')
  })

  it('writes sizes in decimal units with the language’s decimal mark', () => {
    expect(formatBytes(512, 'en')).toBe('512 B')
    expect(formatBytes(1_450_000, 'en')).toBe('1.5 MB')
    expect(formatBytes(1_450_000, 'nb')).toBe('1,5 MB')
    expect(formatBytes(250_000, 'nb')).toBe('250 kB')
  })

  it('fills named placeholders and leaves unknown ones visible', () => {
    expect(fillText('av {author} ({n})', { author: 'Kari', n: 2 })).toBe('av Kari (2)')
    expect(fillText('{missing}', {})).toBe('{missing}')
  })
})
