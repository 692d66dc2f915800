import * as Y from 'yjs'
import { recordsArray } from '@whiteboard/shared'
import type { Storage } from '../src/storage/Storage'

/** The doc as storage holds it: snapshot plus every logged update, as a cold load would build it. */
export async function storedDoc(storage: Storage, boardId: string): Promise<Y.Doc> {
  const stored = await storage.loadBoard(boardId)
  if (!stored) throw new Error(`board ${boardId} is not stored`)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

/** Keys of the live entries of the records array, sorted (duplicates kept, so doubling shows). */
export function entryKeys(doc: Y.Doc): string[] {
  return recordsArray(doc)
    .toArray()
    .map((e) => e.key)
    .sort()
}
