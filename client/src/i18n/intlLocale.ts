import type { UiLang } from './messages'

/**
 * The Intl locale of dates, times and numbers in each UI language. Plain `en` would give
 * American dates (11/24/2026); municipal readers of English expect 24 Nov 2026.
 */
export function intlLocale(lang: UiLang): 'nb-NO' | 'en-GB' {
  return lang === 'nb' ? 'nb-NO' : 'en-GB'
}
