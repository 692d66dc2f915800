import type { BoardLang } from '@whiteboard/shared'

/** The locale of dates and times in each UI language: Norwegian writes 24.11.2026, 14:05. */
const LOCALES: Record<BoardLang, string> = { nb: 'nb-NO', en: 'en-GB' }

const formats = new Map<BoardLang, Intl.DateTimeFormat>()

/** When a snapshot was taken, as people of that language write a date and time. */
export function formatSnapshotTime(takenAt: number, lang: BoardLang, timeZone?: string): string {
  let format = timeZone === undefined ? formats.get(lang) : undefined
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) })
    if (timeZone === undefined) formats.set(lang, format)
  }
  return format.format(new Date(takenAt))
}
