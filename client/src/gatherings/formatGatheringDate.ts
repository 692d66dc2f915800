import type { BoardLang } from '@whiteboard/shared'

/** A gathering's `YYYY-MM-DD` as a day in the page's language, read as a local date so no time zone moves it. */
export function formatGatheringDate(date: string, lang: BoardLang, style: 'full' | 'medium' = 'full'): string {
  const [y, m, d] = date.split('-').map(Number)
  if (!y || !m || !d) return date
  return new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: style }).format(new Date(y, m - 1, d))
}
