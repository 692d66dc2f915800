import { intlLocale } from '../i18n/intlLocale'
import type { UiLang } from '../i18n/messages'

const formats = new Map<UiLang, Intl.DateTimeFormat>()

/** When a snapshot was taken, as people of the person's UI language write a date and time. */
export function formatSnapshotTime(takenAt: number, lang: UiLang, timeZone?: string): string {
  let format = timeZone === undefined ? formats.get(lang) : undefined
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) })
    if (timeZone === undefined) formats.set(lang, format)
  }
  return format.format(new Date(takenAt))
}
