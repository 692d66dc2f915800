import { useId, useState, type FormEvent } from 'react'
import type { BroadcastBody, FanOutResponse } from '@whiteboard/shared/api/gatheringsApi'
import { MAX_BROADCAST_TEXT_LENGTH, MAX_BROADCAST_TIMER_MINUTES } from '@whiteboard/shared/gatherings/gatheringLimits'
import { gatheringsClient } from './gatheringsClient'
import type { GatheringTexts } from './gatheringTexts'

/** Default of the timer field: a common length for a group task in a workshop. */
const DEFAULT_TIMER_MINUTES = 10

/** Sends a message banner or a timer to every active team board of the gathering. */
export function BroadcastPanel({ gatheringId, token, t, announce }: { gatheringId: string; token: string; t: GatheringTexts['overview']; announce: (message: string) => void }) {
  const [message, setMessage] = useState('')
  const [minutes, setMinutes] = useState(String(DEFAULT_TIMER_MINUTES))
  const [busy, setBusy] = useState(false)
  const headingId = useId()

  async function send(body: BroadcastBody, done: () => void): Promise<void> {
    setBusy(true)
    const result = await gatheringsClient.broadcast(gatheringId, token, body)
    setBusy(false)
    if (!result.ok) {
      announce(result.message ? `${t.failed} ${result.message}` : t.failed)
      return
    }
    announce(summary(result.value, t))
    done()
  }

  const sendMessage = (e: FormEvent) => {
    e.preventDefault()
    if (message.trim()) void send({ message: message.trim() }, () => setMessage(''))
  }
  const startTimer = (e: FormEvent) => {
    e.preventDefault()
    const n = Number(minutes)
    if (Number.isInteger(n) && n >= 1 && n <= MAX_BROADCAST_TIMER_MINUTES) void send({ timerMinutes: n }, () => {})
  }

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
      <form className="gathering-inline-form" onSubmit={startTimer}>
        <label>
          {t.timerLabel}
          <input type="number" min={1} max={MAX_BROADCAST_TIMER_MINUTES} step={1} required value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="broadcast-minutes" />
        </label>
        <button type="submit" disabled={busy} data-testid="broadcast-timer">
          {t.startTimer}
        </button>
      </form>
    </section>
  )
}

function summary(result: FanOutResponse, t: GatheringTexts['overview']): string {
  const ok = result.boards.filter((b) => b.ok).length
  return ok === result.boards.length ? t.sent(ok) : t.partlySent(ok, result.boards.length)
}
