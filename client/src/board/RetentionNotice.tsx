import { useUiLang } from '../i18n/UiLanguage'
import { intlLocale } from '../i18n/intlLocale'

const DAY_MS = 24 * 60 * 60 * 1000

const TEXTS = {
  en: (days: number, date: string) => `Deleted after ${days} days without use (${date} at the earliest)`,
  nb: (days: number, date: string) => `Slettes etter ${days} dager uten bruk (tidligst ${date})`,
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
      {(lang === 'en' ? TEXTS.en : TEXTS.nb)(days, date)}
    </span>
  )
}
