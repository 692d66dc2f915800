import type { TimerState } from '@whiteboard/shared/facilitation/timerState'
import type { ServerClock } from './clockOffset'
import type { FacilitationTexts } from './facilitationTexts'
import { formatRemaining, timerHasEnded, timerRemainingMs } from './timer'
import { useServerNow } from './useServerNow'

/**
 * The shared timer as everyone sees it: `mm:ss` on the server's clock, marked when paused,
 * and red and pulsing with "Time's up!" at the end (the announcement for screen readers is
 * made by the layer, once per run).
 */
export function TimerDisplay({ timer, clock, t }: { timer: TimerState; clock: ServerClock; t: FacilitationTexts }) {
  const now = useServerNow(clock, timer.status === 'running')
  const remaining = timerRemainingMs(timer, now)
  const ended = timerHasEnded(timer, now)
  return (
    <div
      className={`fac-timer-display${ended ? ' is-ended' : ''}${timer.status === 'paused' ? ' is-paused' : ''}`}
      data-testid="timer-display"
      data-remaining-ms={remaining}
      data-status={ended ? 'ended' : timer.status}
      role="timer"
      aria-label={`${t.timer.remaining}: ${formatRemaining(remaining)}`}
    >
      <span className="fac-timer-digits">{formatRemaining(remaining)}</span>
      {timer.status === 'paused' && <span className="fac-timer-note">{t.timer.paused}</span>}
      {ended && <span className="fac-timer-note">{t.timer.ended}</span>}
    </div>
  )
}
