import { useEffect, useState } from 'react'
import { CLOCK_RESYNC_MS, CLOCK_RETRY_MS, fetchServerTime, ServerClock } from './clockOffset'

/**
 * A server clock for this board page, synced on mount, every CLOCK_RESYNC_MS and when the network
 * comes back. A sync that got no usable answer is tried again after CLOCK_RETRY_MS, doubling,
 * rather than leaving a skewed laptop on its own clock until the next resync.
 */
export function useServerClock(): ServerClock {
  const [clock] = useState(() => new ServerClock({ fetchServerNow: () => fetchServerTime() }))
  useEffect(() => {
    let retry: ReturnType<typeof setTimeout> | undefined
    let retryMs = CLOCK_RETRY_MS
    const sync = () => {
      clearTimeout(retry)
      void clock.sync().then((estimate) => {
        if (estimate) {
          retryMs = CLOCK_RETRY_MS
          return
        }
        retry = setTimeout(sync, retryMs)
        retryMs = Math.min(retryMs * 2, CLOCK_RESYNC_MS)
      })
    }
    sync()
    const timer = setInterval(sync, CLOCK_RESYNC_MS)
    window.addEventListener('online', sync)
    return () => {
      clearTimeout(retry)
      clearInterval(timer)
      window.removeEventListener('online', sync)
    }
  }, [clock])
  return clock
}
