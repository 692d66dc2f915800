import type { TimerState } from '@whiteboard/shared/facilitation/timerState'
import type { ServerClock } from './clockOffset'
import type { FacilitationTexts } from './facilitationTexts'
import { formatRemaining, timerEndFaded, timerHasEnded, timerRemainingMs } from './timer'
import { useServerNow } from './useServerNow'

interface TimerDisplayProps {
  timer: TimerState
  clock: ServerClock
  t: FacilitationTexts
  /** Leave nothing once the end cue has faded (the participants' display at the top); the facilitator's stays, quiet. */
  hideWhenFaded?: boolean
}

/**
 * The shared timer as everyone sees it: `mm:ss` on the server's clock, marked when paused,
 * and red and pulsing with "Time's up!" at the end, for a minute after the end (timerEndFaded,
 * the same minute for everyone, late joiners included). The announcement for screen readers is
 * made by the layer, once per run.
 */
export function TimerDisplay({ timer, clock, t, hideWhenFaded = false }: TimerDisplayProps) {
  // Ticks until the end cue has faded; after that nothing on it changes until the timer does.
  const now = useServerNow(clock, timer.status === 'running' && !timerEndFaded(timer, clock.serverNow()))
  const remaining = timerRemainingMs(timer, now)
  const ended = timerHasEnded(timer, now)
  const faded = timerEndFaded(timer, now)
  if (faded && hideWhenFaded) return null
  return (
    <div
      className={`fac-timer-display${ended && !faded ? ' is-ended' : ''}${timer.status === 'paused' ? ' is-paused' : ''}`}
      data-testid="timer-display"
      data-remaining-ms={remaining}
      data-status={ended ? 'ended' : timer.status}
      data-faded={faded || undefined}
      role="timer"
      aria-label={`${t.timer.remaining}: ${formatRemaining(remaining)}`}
    >
      <span className="fac-timer-digits">{formatRemaining(remaining)}</span>
      {timer.status === 'paused' && <span className="fac-timer-note">{t.timer.paused}</span>}
      {ended && <span className="fac-timer-note">{t.timer.ended}</span>}
    </div>
  )
}
