import { useId, useState, type FormEvent } from 'react'
import type { BroadcastBody, FanOutResponse } from '@whiteboard/shared/api/gatheringsApi'
import { MAX_BROADCAST_TEXT_LENGTH, MAX_BROADCAST_TIMER_MINUTES } from '@whiteboard/shared/gatherings/gatheringLimits'
import type { ServerClock } from '../facilitation/clockOffset'
import { useBeforeServerTime } from '../facilitation/useBeforeServerTime'
import { intlLocale } from '../i18n/intlLocale'
import type { UiLang } from '../i18n/messages'
import { gatheringsClient, type ApiResult } from './gatheringsClient'
import type { GatheringTexts } from './gatheringTexts'

/** Default of the timer field: a common length for a group task in a workshop. */
const DEFAULT_TIMER_MINUTES = 10

const SENT_KEY = 'whiteboard.broadcastSent.'

/** The message this overview sent last, while it shows on the boards; kept for the tab, so a reload can still withdraw it. */
interface SentMessage {
  text: string
  /** Server clock. */
  shownUntil: number
  boards: number
}

export interface BroadcastPanelProps {
  gatheringId: string
  token: string
  lang: UiLang
  t: GatheringTexts['overview']
  /** The server's clock, which says when a sent message stops showing on the boards. */
  clock: ServerClock
  announce: (message: string) => void
}

/**
 * Sends a message banner or a timer to every active team board of the gathering. What was
 * sent stays in sight (the message, on how many boards, until when) with the way to take it
 * back; the timer on every board can be stopped from here. Each outcome is also read out.
 */
export function BroadcastPanel({ gatheringId, token, lang, t, clock, announce }: BroadcastPanelProps) {
  const [message, setMessage] = useState('')
  const [minutes, setMinutes] = useState(String(DEFAULT_TIMER_MINUTES))
  const [busy, setBusy] = useState(false)
  const [sent, setSentState] = useState<SentMessage | undefined>(() => readSent(gatheringId))
  const [outcome, setOutcome] = useState('')
  const headingId = useId()
  const showing = useBeforeServerTime(sent?.shownUntil, clock)

  const setSent = (next: SentMessage | undefined) => {
    setSentState(next)
    writeSent(gatheringId, next)
  }

  async function run<T>(step: () => Promise<ApiResult<T>>, done: (value: T) => string): Promise<void> {
    setBusy(true)
    const result = await step()
    setBusy(false)
    const text = result.ok ? done(result.value) : result.message ? `${t.failed} ${result.message}` : t.failed
    setOutcome(text)
    announce(text)
  }

  const sendMessage = (e: FormEvent) => {
    e.preventDefault()
    const text = message.trim()
    if (!text) return
    void run(
      () => gatheringsClient.broadcast(gatheringId, token, { message: text } satisfies BroadcastBody),
      (result) => {
        setMessage('')
        const reached = reachedBoards(result)
        if (result.shownUntil !== undefined && reached > 0) setSent({ text, shownUntil: result.shownUntil, boards: reached })
        return summary(result, t)
      },
    )
  }
  const startTimer = (e: FormEvent) => {
    e.preventDefault()
    const n = Number(minutes)
    if (!Number.isInteger(n) || n < 1 || n > MAX_BROADCAST_TIMER_MINUTES) return
    void run(
      () => gatheringsClient.broadcast(gatheringId, token, { timerMinutes: n }),
      (result) => (reachedBoards(result) === result.boards.length ? t.timerStarted(n, result.boards.length) : summary(result, t)),
    )
  }
  const withdraw = () =>
    void run(
      () => gatheringsClient.withdrawBroadcast(gatheringId, token),
      (result) => {
        setSent(undefined)
        return t.withdrawn(reachedBoards(result))
      },
    )
  const stopTimer = () => void run(() => gatheringsClient.stopTimer(gatheringId, token), (result) => t.timerStopped(reachedBoards(result)))

  const until = sent ? new Intl.DateTimeFormat(intlLocale(lang), { hour: '2-digit', minute: '2-digit' }).format(sent.shownUntil) : ''
  return (
    <section className="gathering-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t.broadcastHeading}</h2>
      <form className="gathering-inline-form" onSubmit={sendMessage}>
        <label>
          {t.messageLabel}
          <input
            value={message}
            maxLength={MAX_BROADCAST_TEXT_LENGTH}
            placeholder={t.messagePlaceholder}
            onChange={(e) => setMessage(e.target.value)}
            data-testid="broadcast-message"
          />
        </label>
        <button type="submit" disabled={busy || !message.trim()} data-testid="broadcast-send">
          {t.sendMessage}
        </button>
      </form>
      {sent && showing && (
        <div className="gathering-sent" data-testid="broadcast-sent">
          <p>{t.showing(sent.boards, until)}</p>
          <blockquote data-testid="broadcast-sent-text">{sent.text}</blockquote>
          <button type="button" disabled={busy} onClick={withdraw} data-testid="broadcast-withdraw">
            {t.withdraw}
          </button>
        </div>
      )}
      <form className="gathering-inline-form" onSubmit={startTimer}>
        <label>
          {t.timerLabel}
          <input type="number" min={1} max={MAX_BROADCAST_TIMER_MINUTES} step={1} required value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="broadcast-minutes" />
        </label>
        <button type="submit" disabled={busy} data-testid="broadcast-timer">
          {t.startTimer}
        </button>
        <button type="button" disabled={busy} onClick={stopTimer} data-testid="broadcast-stop-timer">
          {t.stopTimer}
        </button>
      </form>
      {/* What the last action did, for the eyes; the page's live region reads it out. */}
      {outcome && (
        <p className="gathering-outcome" data-testid="broadcast-outcome">
          {outcome}
        </p>
      )}
    </section>
  )
}

function reachedBoards(result: FanOutResponse): number {
  return result.boards.filter((b) => b.ok).length
}

function summary(result: FanOutResponse, t: GatheringTexts['overview']): string {
  const ok = reachedBoards(result)
  return ok === result.boards.length ? t.sent(ok) : t.partlySent(ok, result.boards.length)
}

function readSent(gatheringId: string): SentMessage | undefined {
  try {
    const value = JSON.parse(globalThis.sessionStorage?.getItem(SENT_KEY + gatheringId) ?? 'null') as Partial<SentMessage> | null
    if (typeof value?.text !== 'string' || typeof value.shownUntil !== 'number' || typeof value.boards !== 'number') return undefined
    return { text: value.text, shownUntil: value.shownUntil, boards: value.boards }
  } catch {
    return undefined
  }
}

function writeSent(gatheringId: string, sent: SentMessage | undefined): void {
  try {
    if (sent) globalThis.sessionStorage?.setItem(SENT_KEY + gatheringId, JSON.stringify(sent))
    else globalThis.sessionStorage?.removeItem(SENT_KEY + gatheringId)
  } catch {
    // Storage disabled: what was sent shows until the page reloads.
  }
}
