import { useCallback, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { isPrivateModeOn } from './privateModeState'

/** Whether private mode is on in the board's doc, re-rendering when it changes. */
export function usePrivateMode(doc: Y.Doc): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const map = facilitationMap(doc)
      map.observe(onChange)
      return () => map.unobserve(onChange)
    },
    [doc],
  )
  return useSyncExternalStore(subscribe, () => isPrivateModeOn(doc))
}
