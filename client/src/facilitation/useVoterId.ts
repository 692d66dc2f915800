import { useEffect, useState } from 'react'
import type { VoterCredentials } from './voterId'

/**
 * This browser's voter id on the board once `voter` (BoardSession.voter, see voterId.ts) has
 * it; `undefined` before, and for a person who cannot vote.
 */
export function useVoterId(voter: Promise<VoterCredentials | undefined>): string | undefined {
  const [voterId, setVoterId] = useState<string | undefined>()
  useEffect(() => {
    let current = true
    void voter.then(
      (v) => {
        if (current) setVoterId(v?.voterId)
      },
      () => {
        // No voter: voting says so when tried.
      },
    )
    return () => {
      current = false
    }
  }, [voter])
  return voterId
}
