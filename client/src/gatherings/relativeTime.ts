import { intlLocale } from '../i18n/intlLocale'
import type { UiLang } from '../i18n/messages'

/** A time as "3 minutes ago" / "for 3 minutter siden" in the person's UI language. */
export function relativeTime(at: number, now: number, lang: UiLang): string {
  const format = new Intl.RelativeTimeFormat(intlLocale(lang), { numeric: 'auto' })
  const seconds = Math.round((at - now) / 1000)
  if (Math.abs(seconds) < 60) return format.format(seconds, 'second')
  const minutes = Math.round(seconds / 60)
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (Math.abs(hours) < 24) return format.format(hours, 'hour')
  return format.format(Math.round(hours / 24), 'day')
}
