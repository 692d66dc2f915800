import { intlLocale } from '../i18n/intlLocale'
import type { UiLang } from '../i18n/messages'

/**
 * When a version was taken, as a person reads it in their own language and time zone: the
 * time alone on the day it is now ("10:42"), with the date on another day ("3. des., 10:42").
 */
export function formatVersionTime(at: number, now: number, lang: UiLang, timeZone?: string): string {
  const locale = intlLocale(lang)
  const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone })
  const sameDay = day.format(at) === day.format(now)
  const options: Intl.DateTimeFormatOptions = sameDay ? { hour: '2-digit', minute: '2-digit', timeZone } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }
  return new Intl.DateTimeFormat(locale, options).format(at)
}
