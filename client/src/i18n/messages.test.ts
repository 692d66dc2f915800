import { describe, expect, it } from 'vitest'
import { en } from './en'
import { intlLocale } from './intlLocale'
import { browserLang, messages, tldrawLocale, uiLangFromTldrawLocale } from './messages'
import { nb } from './nb'
import { nn } from './nn'

describe('languages', () => {
  it('gives nynorsk to a browser that asks for it, bokmål to the other Norwegian ones, and tldraw its `no`', () => {
    expect(browserLang(['nn'])).toBe('nn')
    expect(browserLang(['nn-NO'])).toBe('nn')
    expect(browserLang(['NN-no', 'en'])).toBe('nn')
    expect(browserLang(['no-NN'])).toBe('nn')
    expect(browserLang(['nb-NO'])).toBe('nb')
    expect(browserLang(['no', 'en'])).toBe('nb')
    expect(browserLang(['no-NO'])).toBe('nb')
    expect(browserLang(['nb'])).toBe('nb')
    expect(browserLang(['de-DE', 'nn'])).toBe('nn')
    expect(browserLang(['en-GB', 'nn'])).toBe('en')
    expect(browserLang(['de-DE', 'en-GB'])).toBe('en')
    expect(browserLang(['sv-SE'])).toBe('en')
    expect(browserLang([])).toBe('en')
    expect(tldrawLocale('nb')).toBe('no')
    expect(tldrawLocale('nn')).toBe('no')
    expect(tldrawLocale('en')).toBe('en')
  })

  it("reads a language picked in tldraw's own menu back as ours, and only ours", () => {
    expect(uiLangFromTldrawLocale('no')).toBe('nb')
    expect(uiLangFromTldrawLocale('no', 'nn')).toBe('nn')
    expect(uiLangFromTldrawLocale('no', 'en')).toBe('nb')
    expect(uiLangFromTldrawLocale('en')).toBe('en')
    expect(uiLangFromTldrawLocale('en', 'nn')).toBe('en')
    expect(uiLangFromTldrawLocale('de')).toBeUndefined()
    expect(uiLangFromTldrawLocale(null)).toBeUndefined()
  })

  it('formats dates the way each language writes them', () => {
    const day = new Date(2026, 2, 12)
    expect(new Intl.DateTimeFormat(intlLocale('nb'), { dateStyle: 'long' }).format(day)).toBe('12. mars 2026')
    expect(new Intl.DateTimeFormat(intlLocale('en'), { dateStyle: 'long' }).format(day)).toBe('12 March 2026')
    expect(new Intl.DateTimeFormat(intlLocale('nn'), { weekday: 'long' }).format(day)).toBe('torsdag')
    expect(intlLocale('nn')).toBe('nn-NO')
  })

  it('has every text in all three languages, and none left empty', () => {
    const paths = (value: unknown, prefix = ''): string[] =>
      typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => paths(v, `${prefix}${k}.`)) : [prefix]
    expect(paths(nb).sort()).toEqual(paths(en).sort())
    expect(paths(nn).sort()).toEqual(paths(en).sort())
    const empty = (value: unknown): boolean => (typeof value === 'string' ? value.trim() === '' : Object.values(value as object).some(empty))
    expect(empty(nb)).toBe(false)
    expect(empty(en)).toBe(false)
    expect(empty(nn)).toBe(false)
    expect(messages('nb')).toBe(nb)
    expect(messages('en')).toBe(en)
    expect(messages('nn')).toBe(nn)
  })
})
