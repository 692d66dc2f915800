import { intlLocale } from '../i18n/intlLocale'
import type { UiLang } from '../i18n/messages'

const UNITS = ['B', 'kB', 'MB', 'GB'] as const

/** A size in bytes for people: "1,4 MB" in bokmål, "1.4 MB" in English (decimal units, as file browsers show). */
export function formatBytes(bytes: number, lang: UiLang): string {
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  const number = new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value)
  return `${number} ${UNITS[unit]}`
}
