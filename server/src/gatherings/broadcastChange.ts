import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { parseBroadcastMessage, type BroadcastMessage } from '@whiteboard/shared/facilitation/broadcastMessage'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import type { TimerState } from '@whiteboard/shared/facilitation/timerState'

/**
 * The doc change of a gathering broadcast: a message banner (`FacilitationKey.BROADCAST`,
 * `seq` one past the board's last) and/or a running timer in the board's own timer layout.
 * Times are the server's clock, which the clients' timers are corrected against.
 */
export function broadcastChange(what: { message?: string; timerMinutes?: number }, now: number): (doc: Y.Doc) => void {
  return (doc) => {
    const state = facilitationMap(doc)
    doc.transact(() => {
      if (what.message !== undefined) {
        const previous = parseBroadcastMessage(state.get(FacilitationKey.BROADCAST))
        const next: BroadcastMessage = { seq: (previous?.seq ?? 0) + 1, text: what.message, at: now }
        state.set(FacilitationKey.BROADCAST, next)
      }
      if (what.timerMinutes !== undefined) {
        const durationMs = what.timerMinutes * 60_000
        const timer: TimerState = { status: 'running', durationMs, endsAt: now + durationMs }
        state.set(FacilitationKey.TIMER, timer)
      }
    })
  }
}
