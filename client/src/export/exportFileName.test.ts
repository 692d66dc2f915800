import { describe, expect, it } from 'vitest'
import { exportFileName, localDateStamp, MAX_FILE_NAME_PART, sanitizeFileNamePart } from './exportFileName'

const date = new Date(2025, 2, 7, 23, 59) // 7 March 2025, local time

describe('exportFileName', () => {
  it('joins board title, frame name and local date', () => {
    expect(exportFileName({ boardTitle: 'Kommune X', part: 'Brukerreise', date, extension: 'png', fallbackTitle: 'tavle' })).toBe(
      'Kommune X-Brukerreise-2025-03-07.png',
    )
  })

  it('leaves out the frame for the whole board', () => {
    expect(exportFileName({ boardTitle: 'Kommune X', date, extension: 'pdf', fallbackTitle: 'tavle' })).toBe('Kommune X-2025-03-07.pdf')
  })

  it('replaces characters file systems refuse and keeps Norwegian letters', () => {
    expect(exportFileName({ boardTitle: 'Helse/skole: "Ærlig" <plan>?', part: 'Før*etter|nå', date, extension: 'svg', fallbackTitle: 'tavle' })).toBe(
      'Helse_skole_ _Ærlig_ _plan__-Før_etter_nå-2025-03-07.svg',
    )
  })

  it('falls back when the title sanitizes to nothing', () => {
    expect(exportFileName({ boardTitle: ' ... ', part: '', date, extension: 'zip', fallbackTitle: 'tavle' })).toBe('tavle-2025-03-07.zip')
  })

  it('cuts long titles', () => {
    const name = exportFileName({ boardTitle: 'x'.repeat(300), part: 'y'.repeat(300), date, extension: 'png', fallbackTitle: 'tavle' })
    expect(name).toBe(`${'x'.repeat(MAX_FILE_NAME_PART)}-${'y'.repeat(MAX_FILE_NAME_PART)}-2025-03-07.png`)
  })
})

describe('sanitizeFileNamePart', () => {
  it('collapses whitespace and control characters, trims dots, guards reserved names', () => {
    expect(sanitizeFileNamePart('  a\n\tb  ')).toBe('a b')
    expect(sanitizeFileNamePart('bell\u0007')).toBe('bell_')
    expect(sanitizeFileNamePart('..hidden.')).toBe('hidden')
    expect(sanitizeFileNamePart('CON')).toBe('_CON')
    expect(sanitizeFileNamePart('console')).toBe('console')
  })
})

describe('localDateStamp', () => {
  it('pads month and day', () => {
    expect(localDateStamp(new Date(2024, 0, 2))).toBe('2024-01-02')
  })
})
