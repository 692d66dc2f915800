import { describe, expect, it } from 'vitest'
import { browserLang, tldrawLocale } from './messages'

describe('languages', () => {
  it('maps every Norwegian browser language to bokmål, and tldraw calls it `no`', () => {
    expect(browserLang(['nb-NO'])).toBe('nb')
    expect(browserLang(['nn'])).toBe('nb')
    expect(browserLang(['no', 'en'])).toBe('nb')
    expect(browserLang(['de-DE', 'en-GB'])).toBe('en')
    expect(browserLang(['sv-SE'])).toBe('en')
    expect(tldrawLocale('nb')).toBe('no')
    expect(tldrawLocale('en')).toBe('en')
  })
})
