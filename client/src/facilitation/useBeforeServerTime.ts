import { useEffect, useState } from 'react'
import type { ServerClock } from './clockOffset'

/**
 * How often a notice with an end checks the server's clock. Once a second ends it within a
 * second of its time, and picks up the clock's offset as soon as the first sync lands (before
 * it, a browser whose clock runs late would show an old notice).
 */
const CHECK_MS = 1000

/** Whether the server's clock is still before `until`; false for undefined. Turns false on its own when the time comes. */
export function useBeforeServerTime(until: number | undefined, clock: ServerClock): boolean {
  const [before, setBefore] = useState(() => until !== undefined && clock.serverNow() < until)
  useEffect(() => {
    if (until === undefined) {
      setBefore(false)
      return
    }
    const check = () => setBefore(clock.serverNow() < until)
    check()
    const timer = setInterval(check, CHECK_MS)
    return () => clearInterval(timer)
  }, [until, clock])
  return before
}
