import { useUiLang } from '../i18n/UiLanguage'
import { intlLocale } from '../i18n/intlLocale'
import type { UiLang } from '../i18n/messages'

const DAY_MS = 24 * 60 * 60 * 1000

const TEXTS: Record<UiLang, (days: number, date: string) => string> = {
  en: (days, date) => `Deleted after ${days} days without use (${date} at the earliest)`,
  nb: (days, date) => `Slettes etter ${days} dager uten bruk (tidligst ${date})`,
  nn: (days, date) => `Blir sletta etter ${days} dagar utan bruk (tidlegast ${date})`,
}

/**
 * Tells the facilitator how long the board lives without use (BOARD_RETENTION_DAYS) and the
 * earliest day it can go, counted from now: the board is in use while it is open.
 */
export function RetentionNotice({ days, now = Date.now() }: { days: number; now?: number }) {
  const lang = useUiLang()
  const date = new Date(now + days * DAY_MS).toLocaleDateString(intlLocale(lang), { day: 'numeric', month: 'long', year: 'numeric' })
  return (
    <span className="board-retention" data-testid="board-retention">
      {TEXTS[lang](days, date)}
    </span>
  )
}
