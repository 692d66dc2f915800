import * as Y from 'yjs'
import type { StoredBoardState } from '../storage/Storage'

/** The doc a stored board state holds: its snapshot, then its log in order. */
export function docOfState(state: Pick<StoredBoardState, 'snapshot' | 'updates'>): Y.Doc {
  const doc = new Y.Doc()
  doc.transact(() => {
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot)
    for (const update of state.updates) Y.applyUpdate(doc, update)
  })
  return doc
}
