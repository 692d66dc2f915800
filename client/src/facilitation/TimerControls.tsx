import { useEffect, useState } from 'react'
import type { TimerState } from '@whiteboard/shared/facilitation/timerState'
import { MAX_TIMER_MINUTES } from '@whiteboard/shared/facilitation/facilitationLimits'
import type { ServerClock } from './clockOffset'
import type { FacilitationDoc } from './FacilitationDoc'
import type { FacilitationTexts } from './facilitationTexts'
import { addMinute, DEFAULT_TIMER_MINUTES, MINUTE_MS, pauseTimer, resetTimer, resumeTimer, startTimer, timerHasEnded } from './timer'
import { playTimerEndSound, prepareTimerSound, setTimerSoundOn, timerSoundOn } from './timerEndSound'
import { TimerDisplay } from './TimerDisplay'
import { useServerNow } from './useServerNow'

interface TimerControlsProps {
  timer: TimerState | undefined
  state: FacilitationDoc
  clock: ServerClock
  t: FacilitationTexts
  announce: (message: string) => void
}

/**
 * The facilitator's timer: minutes, then start, pause, resume, one more minute and reset, with
 * the display. An ended timer offers one more minute and reset, not pause. The sound at the end
 * is this facilitator's own choice, off unless turned on, and plays only in their browser.
 */
export function TimerControls({ timer, state, clock, t, announce }: TimerControlsProps) {
  const [minutes, setMinutes] = useState(String(timer ? Math.max(1, Math.round(timer.durationMs / MINUTE_MS)) : DEFAULT_TIMER_MINUTES))
  const status = timer?.status ?? 'idle'
  const now = useServerNow(clock, status === 'running' && !timerHasEnded(timer, clock.serverNow()))
  const ended = timerHasEnded(timer, now)
  const [sound, setSound] = useState(timerSoundOn)

  const endsAt = timer?.status === 'running' ? timer.endsAt : undefined
  useEffect(() => {
    if (!sound || endsAt === undefined) return
    const wait = endsAt - clock.serverNow()
    if (wait <= 0) return
    const timeout = setTimeout(playTimerEndSound, wait)
    return () => clearTimeout(timeout)
  }, [sound, endsAt, clock])

  const start = () => {
    const n = Number(minutes)
    if (!Number.isInteger(n) || n < 1 || n > MAX_TIMER_MINUTES) {
      announce(t.timer.invalidMinutes(MAX_TIMER_MINUTES))
      return
    }
    void clock.sync()
    if (sound) prepareTimerSound()
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
          {status === 'running' && !ended && (
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
      <label className="fac-check">
        <input
          type="checkbox"
          checked={sound}
          data-testid="timer-sound"
          onChange={(e) => {
            const on = e.target.checked
            setSound(on)
            setTimerSoundOn(on)
            // The click is the gesture a browser asks for before a page may make sound.
            if (on) prepareTimerSound()
          }}
        />
        {t.timer.sound}
      </label>
    </div>
  )
}
