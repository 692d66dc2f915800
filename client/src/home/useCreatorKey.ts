import { useEffect, useSyncExternalStore } from 'react'
import { creatorKeyStore, type CreatorKeyState } from './creatorKeyStore'

/** The creator key state of the home page; the first user asks the server whether a key is needed. */
export function useCreatorKey(): CreatorKeyState {
  useEffect(() => {
    void creatorKeyStore.askServer()
  }, [])
  return useSyncExternalStore(creatorKeyStore.subscribe, creatorKeyStore.get)
}
