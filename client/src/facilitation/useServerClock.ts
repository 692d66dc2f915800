import { useEffect, useState } from 'react'
import { CLOCK_RESYNC_MS, fetchServerTime, ServerClock } from './clockOffset'

/** A server clock for this board page, synced on mount, every CLOCK_RESYNC_MS and when the network comes back. */
export function useServerClock(): ServerClock {
  const [clock] = useState(() => new ServerClock({ fetchServerNow: () => fetchServerTime() }))
  useEffect(() => {
    const sync = () => void clock.sync()
    sync()
    const timer = setInterval(sync, CLOCK_RESYNC_MS)
    window.addEventListener('online', sync)
    return () => {
      clearInterval(timer)
      window.removeEventListener('online', sync)
    }
  }, [clock])
  return clock
}
