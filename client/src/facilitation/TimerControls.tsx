import { useState } from 'react'
import type { TimerState } from '@whiteboard/shared/facilitation/timerState'
import { MAX_TIMER_MINUTES } from '@whiteboard/shared/facilitation/facilitationLimits'
import type { ServerClock } from './clockOffset'
import type { FacilitationDoc } from './FacilitationDoc'
import type { FacilitationTexts } from './facilitationTexts'
import { addMinute, DEFAULT_TIMER_MINUTES, MINUTE_MS, pauseTimer, resetTimer, resumeTimer, startTimer } from './timer'
import { TimerDisplay } from './TimerDisplay'

interface TimerControlsProps {
  timer: TimerState | undefined
  state: FacilitationDoc
  clock: ServerClock
  t: FacilitationTexts
  announce: (message: string) => void
}

/** The facilitator's timer: minutes, then start, pause, resume, one more minute and reset, with the display. */
export function TimerControls({ timer, state, clock, t, announce }: TimerControlsProps) {
  const [minutes, setMinutes] = useState(String(timer ? Math.max(1, Math.round(timer.durationMs / MINUTE_MS)) : DEFAULT_TIMER_MINUTES))
  const status = timer?.status ?? 'idle'

  const start = () => {
    const n = Number(minutes)
    if (!Number.isInteger(n) || n < 1 || n > MAX_TIMER_MINUTES) {
      announce(t.timer.invalidMinutes(MAX_TIMER_MINUTES))
      return
    }
    void clock.sync()
    state.setTimer(startTimer(n * MINUTE_MS, clock.serverNow()))
  }

  return (
    <div className="fac-group" role="group" aria-label={t.timer.label}>
      {status === 'idle' && (
        <>
          <label className="fac-minutes">
            <span>{t.timer.minutes}</span>
            <input
              type="number"
              min={1}
              max={MAX_TIMER_MINUTES}
              step={1}
              inputMode="numeric"
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') start()
              }}
              data-testid="timer-minutes"
            />
          </label>
          <button type="button" className="fac-button fac-primary" data-testid="timer-start" onClick={start}>
            {t.timer.start}
          </button>
        </>
      )}
      {timer && status !== 'idle' && (
        <>
          <TimerDisplay timer={timer} clock={clock} t={t} />
          {status === 'running' && (
            <button type="button" className="fac-button" data-testid="timer-pause" onClick={() => state.setTimer(pauseTimer(timer, clock.serverNow()))}>
              {t.timer.pause}
            </button>
          )}
          {status === 'paused' && (
            <button type="button" className="fac-button fac-primary" data-testid="timer-resume" onClick={() => state.setTimer(resumeTimer(timer, clock.serverNow()))}>
              {t.timer.resume}
            </button>
          )}
          <button
            type="button"
            className="fac-button"
            data-testid="timer-add-minute"
            aria-label={t.timer.addMinuteLabel}
            onClick={() => state.setTimer(addMinute(timer, clock.serverNow()))}
          >
            {t.timer.addMinute}
          </button>
          <button type="button" className="fac-button" data-testid="timer-reset" onClick={() => state.setTimer(resetTimer(timer))}>
            {t.timer.reset}
          </button>
        </>
      )}
    </div>
  )
}
