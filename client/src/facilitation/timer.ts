import type { TimerState } from '@whiteboard/shared/facilitation/timerState'
import { MAX_TIMER_MS } from '@whiteboard/shared/facilitation/facilitationLimits'

/**
 * Timer arithmetic on the server's clock. Every `now` here is `ServerClock.serverNow()`:
 * a running timer stores when it ends on the server's clock, so two clients with skewed
 * local clocks still agree on the remaining time.
 */

export const MINUTE_MS = 60_000

/** Default length of a new timer. */
export const DEFAULT_TIMER_MINUTES = 5

/** Milliseconds left; never negative. A missing timer has nothing left. */
export function timerRemainingMs(timer: TimerState | undefined, now: number): number {
  if (!timer) return 0
  switch (timer.status) {
    case 'idle':
      return timer.durationMs
    case 'paused':
      return timer.remainingMs
    case 'running':
      // Never more than the set length: a client whose offset estimate is a few ms off must
      // not show 05:01 for a five-minute timer.
      return Math.min(timer.durationMs, Math.max(0, Math.round(timer.endsAt - now)))
  }
}

/** A running timer that has reached zero: the moment for the end cue. */
export function timerHasEnded(timer: TimerState | undefined, now: number): boolean {
  return timer?.status === 'running' && timer.endsAt <= now
}

/**
 * How long the red "Time's up!" stays after the end. A minute is enough to be seen by everyone
 * who looks up, and short enough not to shout at people who have moved on.
 */
export const TIME_UP_SHOWN_MS = MINUTE_MS

/**
 * An ended timer whose "Time's up!" has had its minute. Reckoned from the timer's own end on
 * the server's clock, so someone who joins ten minutes later sees it faded at once, as
 * everyone else does.
 */
export function timerEndFaded(timer: TimerState | undefined, now: number): boolean {
  return timer?.status === 'running' && timer.endsAt + TIME_UP_SHOWN_MS <= now
}

export function setTimerMinutes(minutes: number): TimerState {
  return { status: 'idle', durationMs: clampDuration(Math.round(minutes * MINUTE_MS)) }
}

export function startTimer(durationMs: number, now: number): TimerState {
  const d = clampDuration(durationMs)
  return { status: 'running', durationMs: d, endsAt: now + d }
}

export function pauseTimer(timer: TimerState, now: number): TimerState {
  if (timer.status !== 'running') return timer
  return { status: 'paused', durationMs: timer.durationMs, remainingMs: clampDuration(timer.endsAt - now) }
}

export function resumeTimer(timer: TimerState, now: number): TimerState {
  if (timer.status !== 'paused') return timer
  return { status: 'running', durationMs: timer.durationMs, endsAt: now + timer.remainingMs }
}

/** One more minute: on what is left when running or paused (an ended timer restarts with one minute), else on the set length. */
export function addMinute(timer: TimerState, now: number): TimerState {
  switch (timer.status) {
    case 'idle':
      return { status: 'idle', durationMs: clampDuration(timer.durationMs + MINUTE_MS) }
    case 'paused':
      return { status: 'paused', durationMs: clampDuration(timer.durationMs + MINUTE_MS), remainingMs: clampDuration(timer.remainingMs + MINUTE_MS) }
    case 'running': {
      const remaining = clampDuration(Math.max(0, timer.endsAt - now) + MINUTE_MS)
      return { status: 'running', durationMs: clampDuration(timer.durationMs + MINUTE_MS), endsAt: now + remaining }
    }
  }
}

/** Back to the set length, stopped. */
export function resetTimer(timer: TimerState): TimerState {
  return { status: 'idle', durationMs: timer.durationMs }
}

/**
 * `mm:ss`, rounding up: the display shows 00:01 until the last millisecond has passed, so
 * 00:00 and the end cue appear together.
 */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000)
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`
}

function clampDuration(ms: number): number {
  if (!Number.isFinite(ms)) return 0
  return Math.min(MAX_TIMER_MS, Math.max(0, Math.round(ms)))
}
