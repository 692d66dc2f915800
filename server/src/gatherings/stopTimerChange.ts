import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseTimerState, type TimerState } from '@whiteboard/shared/facilitation/timerState'

/**
 * The doc change that stops a board's timer from the gathering overview: a running or paused
 * timer goes back to idle with its length, as the board's own "Reset" leaves it. A board whose
 * timer is idle or missing is left unchanged.
 */
export function stopTimerChange(doc: Y.Doc): void {
  const state = facilitationMap(doc)
  const timer = parseTimerState(state.get(FacilitationKey.TIMER))
  if (!timer || timer.status === 'idle') return
  const stopped: TimerState = { status: 'idle', durationMs: timer.durationMs }
  state.set(FacilitationKey.TIMER, stopped)
}
