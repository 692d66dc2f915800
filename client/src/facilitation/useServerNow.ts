import { useEffect, useState } from 'react'
import type { ServerClock } from './clockOffset'

/** How often a running timer redraws. Four times a second keeps the shown second within a quarter second of the truth. */
export const TIMER_TICK_MS = 250

/** The server's time, refreshed every tick while `ticking`; constant otherwise. */
export function useServerNow(clock: ServerClock, ticking: boolean): number {
  const [now, setNow] = useState(() => clock.serverNow())
  useEffect(() => {
    setNow(clock.serverNow())
    if (!ticking) return
    const timer = setInterval(() => setNow(clock.serverNow()), TIMER_TICK_MS)
    return () => clearInterval(timer)
  }, [clock, ticking])
  return now
}
