import { useMemo, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { FacilitationDoc, type FacilitationSnapshot } from './FacilitationDoc'

/** The facilitation state of `doc` and its current snapshot, re-rendering on every change. */
export function useFacilitationDoc(doc: Y.Doc): [FacilitationDoc, FacilitationSnapshot] {
  const state = useMemo(() => new FacilitationDoc(doc), [doc])
  const snapshot = useSyncExternalStore(state.subscribe, state.getSnapshot)
  return [state, snapshot]
}
