import { describe, expect, it } from 'vitest'
import { MAX_TIMER_MS } from '@whiteboard/shared/facilitation/facilitationLimits'
import { ServerClock } from './clockOffset'
import { addMinute, formatRemaining, MINUTE_MS, pauseTimer, resetTimer, resumeTimer, setTimerMinutes, startTimer, TIME_UP_SHOWN_MS, timerEndFaded, timerHasEnded, timerRemainingMs } from './timer'

describe('timer with skewed clocks', () => {
  it('shows the facilitator and a participant the same remaining time although their clocks differ by minutes', async () => {
    let trueNow = 1_700_000_000_000
    const server = async () => {
      trueNow += 5
      const now = trueNow
      trueNow += 5
      return now
    }
    const facilitator = new ServerClock({ fetchServerNow: server, localNow: () => trueNow + 3 * MINUTE_MS })
    const participant = new ServerClock({ fetchServerNow: server, localNow: () => trueNow - 97_000 })
    await facilitator.sync()
    await participant.sync()

    const running = startTimer(5 * MINUTE_MS, facilitator.serverNow())
    trueNow += 61_000
    const a = timerRemainingMs(running, facilitator.serverNow())
    const b = timerRemainingMs(running, participant.serverNow())
    expect(Math.abs(a - b)).toBeLessThanOrEqual(10)
    expect(Math.abs(a - (4 * MINUTE_MS - 1_000))).toBeLessThanOrEqual(10)
    // Uncorrected local clocks would disagree by the skew: 4 min 37 s.
    expect(Math.abs(timerRemainingMs(running, trueNow + 3 * MINUTE_MS) - timerRemainingMs(running, trueNow - 97_000))).toBeGreaterThan(4 * MINUTE_MS)
  })
})

describe('timer commands', () => {
  const t0 = 1_000_000

  it('counts down while running and ends at zero', () => {
    const timer = startTimer(2 * MINUTE_MS, t0)
    expect(timer).toEqual({ status: 'running', durationMs: 120_000, endsAt: t0 + 120_000 })
    expect(timerRemainingMs(timer, t0 + 30_000)).toBe(90_000)
    expect(timerHasEnded(timer, t0 + 119_999)).toBe(false)
    expect(timerHasEnded(timer, t0 + 120_000)).toBe(true)
    expect(timerRemainingMs(timer, t0 + 500_000)).toBe(0)
    // A clock estimate slightly behind the facilitator's never shows more than the set length.
    expect(timerRemainingMs(timer, t0 - 3.5)).toBe(120_000)
    expect(timerRemainingMs(timer, t0 + 0.4)).toBe(120_000)
  })

  it('pauses, keeps the remaining time while paused, and resumes from it', () => {
    const paused = pauseTimer(startTimer(MINUTE_MS, t0), t0 + 20_000)
    expect(paused).toEqual({ status: 'paused', durationMs: 60_000, remainingMs: 40_000 })
    expect(timerRemainingMs(paused, t0 + 10 * MINUTE_MS)).toBe(40_000)
    const resumed = resumeTimer(paused, t0 + 10 * MINUTE_MS)
    expect(timerRemainingMs(resumed, t0 + 10 * MINUTE_MS + 15_000)).toBe(25_000)
    // Commands that do not apply leave the timer alone.
    expect(pauseTimer(paused, t0)).toBe(paused)
    expect(resumeTimer(resumed, t0)).toBe(resumed)
  })

  it('adds a minute to what is left, restarts an ended timer with one minute, and resets to the set length', () => {
    const running = startTimer(MINUTE_MS, t0)
    expect(timerRemainingMs(addMinute(running, t0 + 10_000), t0 + 10_000)).toBe(110_000)
    expect(timerRemainingMs(addMinute(running, t0 + 5 * MINUTE_MS), t0 + 5 * MINUTE_MS)).toBe(60_000)
    expect(addMinute(pauseTimer(running, t0 + 30_000), t0)).toEqual({ status: 'paused', durationMs: 120_000, remainingMs: 90_000 })
    expect(addMinute(setTimerMinutes(3), t0)).toEqual({ status: 'idle', durationMs: 4 * MINUTE_MS })
    expect(resetTimer(running)).toEqual({ status: 'idle', durationMs: 60_000 })
    expect(timerRemainingMs(resetTimer(running), t0 + 10 * MINUTE_MS)).toBe(60_000)
  })

  it('never goes beyond the limit or below zero', () => {
    expect(setTimerMinutes(10_000).durationMs).toBe(MAX_TIMER_MS)
    expect(setTimerMinutes(-5).durationMs).toBe(0)
    expect(startTimer(Number.NaN, t0)).toEqual({ status: 'running', durationMs: 0, endsAt: t0 })
  })

  it('formats as mm:ss, rounding up so 00:00 comes with the end', () => {
    expect(formatRemaining(5 * MINUTE_MS)).toBe('05:00')
    expect(formatRemaining(61_001)).toBe('01:02')
    expect(formatRemaining(1)).toBe('00:01')
    expect(formatRemaining(0)).toBe('00:00')
    expect(formatRemaining(-50)).toBe('00:00')
    expect(formatRemaining(180 * MINUTE_MS)).toBe('180:00')
  })

  it('fades the end cue a minute after the end, by the end time alone', () => {
    const t0 = 1_000_000
    const timer = startTimer(2 * MINUTE_MS, t0)
    const end = t0 + 2 * MINUTE_MS
    expect(timerEndFaded(timer, end)).toBe(false)
    expect(timerEndFaded(timer, end + TIME_UP_SHOWN_MS - 1)).toBe(false)
    expect(timerEndFaded(timer, end + TIME_UP_SHOWN_MS)).toBe(true)
    // Someone who comes ten minutes later sees it faded at once.
    expect(timerEndFaded(timer, end + 10 * MINUTE_MS)).toBe(true)
    expect(timerEndFaded(pauseTimer(timer, t0 + 1000), end + 10 * MINUTE_MS)).toBe(false)
    expect(timerEndFaded(resetTimer(timer), end + 10 * MINUTE_MS)).toBe(false)
  })
})
