import type * as Y from 'yjs'
import { recordsArray } from '@whiteboard/shared'

/** The board's records as it shows them, read from the doc without a YKeyValue (whose observers a read does not need). */
export function latestRecords(doc: Y.Doc): Map<string, unknown> {
  const latest = new Map<string, unknown>()
  // YKeyValue's rule: the right-most entry of a key is its value.
  for (const entry of recordsArray(doc).toArray()) {
    if (entry !== null && typeof entry === 'object' && typeof entry.key === 'string') latest.set(entry.key, entry.val)
  }
  return latest
}
