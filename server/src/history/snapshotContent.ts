import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { facilitationMap, metaMap, recordsArray } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'

/** What a snapshot shows: its tldraw records by id, its `meta` entries and its run sheet (raw, unchecked). */
export interface SnapshotContent {
  records: Map<string, unknown>
  meta: Map<string, unknown>
  runSheet?: unknown
}

/**
 * Reads the records (as YKeyValue shows them: the rightmost entry of a key wins) and the meta
 * entries of a snapshot's Yjs state. Throws when the state cannot be decoded.
 */
export function snapshotContent(state: Uint8Array): SnapshotContent {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    const kv = new YKeyValue<unknown>(recordsArray(doc))
    const records = new Map<string, unknown>()
    for (const [key, entry] of kv.map) records.set(key, entry.val)
    kv.destroy()
    return { records, meta: new Map(metaMap(doc).entries()), runSheet: facilitationMap(doc).get(FacilitationKey.RUN_SHEET) }
  } finally {
    doc.destroy()
  }
}
