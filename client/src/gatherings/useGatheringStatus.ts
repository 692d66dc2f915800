import { useEffect, useState } from 'react'
import type { GatheringStatusResponse } from '@whiteboard/shared/api/gatheringsApi'
import { gatheringsClient } from './gatheringsClient'

/**
 * How often the overview asks who is on each board. People come and go over minutes; every
 * few seconds feels live, and with one small request per overview it costs the server nothing
 * worth counting.
 */
export const STATUS_POLL_MS = 3000

/** People and last change per board, polled while the overview is open; undefined until the first answer. */
export function useGatheringStatus(gatheringId: string, token: string, enabled: boolean): GatheringStatusResponse | undefined {
  const [status, setStatus] = useState<GatheringStatusResponse | undefined>()
  useEffect(() => {
    if (!enabled) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      const result = await gatheringsClient.status(gatheringId, token)
      if (stopped) return
      // A failed poll keeps the last answer; the next one may succeed.
      if (result.ok) setStatus(result.value)
      timer = setTimeout(() => void poll(), STATUS_POLL_MS)
    }
    void poll()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }, [gatheringId, token, enabled])
  return status
}
