import type { UiLang } from './messages'

/**
 * The Intl locale of dates, times and numbers in each UI language. Plain `en` would give
 * American dates (11/24/2026); municipal readers of English expect 24 Nov 2026.
 */
const INTL_LOCALES = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' } as const satisfies Record<UiLang, string>

export function intlLocale(lang: UiLang): (typeof INTL_LOCALES)[UiLang] {
  return INTL_LOCALES[lang]
}
