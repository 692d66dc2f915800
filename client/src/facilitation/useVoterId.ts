import { useEffect, useRef, useState } from 'react'
import { claimVoterId } from './voterId'

/**
 * This tab's voter id on board `boardId` (see voterId.ts), or `undefined` while it is being
 * claimed or when this person cannot vote. A new claim waits for the previous one of this
 * component to be released, so React's remounts (StrictMode) keep the same id.
 */
export function useVoterId(boardId: string, enabled: boolean): number | undefined {
  const [voterId, setVoterId] = useState<number | undefined>()
  const previous = useRef<Promise<void>>(Promise.resolve())
  useEffect(() => {
    if (!enabled) return
    let cancelled = false
    let release: (() => Promise<void>) | undefined
    let done: () => void = () => {}
    const released = new Promise<void>((resolve) => (done = resolve))
    const before = previous.current
    previous.current = released
    void before
      .then(() => claimVoterId(boardId))
      .then(
        (claim) => {
          if (cancelled) return claim.release().then(done)
          release = claim.release
          setVoterId(claim.voterId)
        },
        () => done(),
      )
    return () => {
      cancelled = true
      setVoterId(undefined)
      if (release) void release().then(done)
    }
  }, [boardId, enabled])
  return voterId
}
