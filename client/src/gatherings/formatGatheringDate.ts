import { intlLocale } from '../i18n/intlLocale'
import type { UiLang } from '../i18n/messages'

/** A gathering's `YYYY-MM-DD` as a day in the person's UI language, read as a local date so no time zone moves it. */
export function formatGatheringDate(date: string, lang: UiLang, style: 'full' | 'medium' = 'full'): string {
  const [y, m, d] = date.split('-').map(Number)
  if (!y || !m || !d) return date
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: style }).format(new Date(y, m - 1, d))
}
