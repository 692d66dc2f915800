import { z } from 'zod'
import { MAX_TIMER_MS } from './facilitationLimits'

const durationMs = z.number().int().min(0).max(MAX_TIMER_MS)

/**
 * The shared timer, under `FacilitationKey.TIMER`.
 * - `idle`: set to `durationMs`, not started.
 * - `running`: ends at `endsAt`, a time on the SERVER's clock (ms since the epoch), so every
 *   client shows the same remaining time whatever its own clock says; clients correct for
 *   their offset against `GET /api/time`.
 * - `paused`: `remainingMs` left when it was paused.
 */
export const TimerState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle'), durationMs }),
  z.object({ status: z.literal('running'), durationMs, endsAt: z.number().finite().nonnegative() }),
  z.object({ status: z.literal('paused'), durationMs, remainingMs: durationMs }),
])
export type TimerState = z.infer<typeof TimerState>

/** The timer in a doc value, or `undefined` if there is none or it does not validate. */
export function parseTimerState(value: unknown): TimerState | undefined {
  const result = TimerState.safeParse(value)
  return result.success ? result.data : undefined
}
