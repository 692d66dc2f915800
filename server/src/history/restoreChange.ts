import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { facilitationMap, MetaKey, metaMap, recordsArray } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseRunSheet } from '@whiteboard/shared/facilitation/runSheet'
import { judgeStoredSchema, migrateStoredRecords, ownSchemaSerialized } from '@whiteboard/shared/board/storedSchema'
import { jsonEqual } from '../sync/jsonEqual'
import type { SnapshotContent } from './snapshotContent'

/**
 * Meta entries a restore brings back: the templates the content came from. The title and the
 * language stay: they name the board in links, lists and the gathering overview, and a restore
 * brings back content, it does not rename the board. The schema stays the server's own: the
 * restored records are migrated to it from the schema the snapshot holds (storedSchema.ts), so
 * a snapshot taken with a wrong schema cannot hide the board again.
 */
const RESTORED_META_KEYS = [MetaKey.TEMPLATES] as const

/**
 * Turns `doc` into what `target` shows, as one ordinary change on top of the current state:
 * every record whose value differs is set, every record the target lacks is deleted. Nothing of
 * the history is rewritten, so peers merge it like any edit and the replaced state stays
 * reachable from its snapshot.
 *
 * The `facilitation` and `votes` maps are left alone: they hold the session running now (the
 * timer, the open voting round, a summon), not board content. Rolling them back would stop a
 * running timer or reopen a closed vote in front of everyone, and `votes` entries may only be
 * written by their own voter. Votes on notes the restore removes simply stop counting, as when
 * a note is deleted by hand. The run sheet is the exception: the session's plan is content, so
 * a version that has one brings it back (which step runs now stays). A version from before
 * the run sheet was written leaves today's in place rather than erasing the plan.
 *
 * Returns the number of records and meta entries changed.
 */
export function restoreChange(doc: Y.Doc, target: SnapshotContent): number {
  let changed = 0
  doc.transact(() => {
    const kv = new YKeyValue<unknown>(recordsArray(doc))
    const restored = migrateStoredRecords(target.records, judgeStoredSchema(target.meta.get(MetaKey.SCHEMA))).records
    for (const [key, value] of restored) {
      if (kv.has(key) && jsonEqual(kv.get(key), value)) continue
      kv.set(key, value)
      changed++
    }
    for (const key of [...kv.map.keys()]) {
      if (restored.has(key)) continue
      kv.delete(key)
      changed++
    }
    kv.destroy()
    const meta = metaMap(doc)
    const schema = ownSchemaSerialized()
    if (!jsonEqual(meta.get(MetaKey.SCHEMA), schema)) {
      meta.set(MetaKey.SCHEMA, schema)
      changed++
    }
    for (const key of RESTORED_META_KEYS) {
      const value = target.meta.get(key)
      // Only plain values move between docs; a shared type belongs to the doc it lives in.
      if (value === undefined || value instanceof Y.AbstractType || jsonEqual(meta.get(key), value)) continue
      meta.set(key, value)
      changed++
    }
    const runSheet = parseRunSheet(target.runSheet)
    const state = facilitationMap(doc)
    if (runSheet && !jsonEqual(state.get(FacilitationKey.RUN_SHEET), runSheet)) {
      state.set(FacilitationKey.RUN_SHEET, runSheet)
      changed++
    }
  })
  return changed
}
