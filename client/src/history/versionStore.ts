import { createTLStore, type TLAssetStore, type TLRecord, type TLStore } from 'tldraw'
import { checkShownRecord } from '../board/checkShownRecord'
import { judgeStoredSchema, migrateStoredRecords } from '@whiteboard/shared/board/storedSchema'

/**
 * A tldraw store holding one snapshot's records, apart from the live board, for viewing an
 * earlier version. The records are migrated from the schema the snapshot holds, as the live
 * board does (storedSchema.ts): a snapshot taken while its board carried a wrong schema still
 * shows its records in their own shape. Each record is checked as a remote one on the live board
 * (`boardId`: images must be this board's own), and one the store refuses costs only itself.
 */
export function versionStore(records: readonly unknown[], schema: unknown, opts: { assets?: TLAssetStore | undefined; boardId?: string | undefined } = {}): TLStore {
  const store = createTLStore(opts.assets ? { assets: opts.assets } : {})
  const byId = new Map<string, unknown>()
  for (const record of records) {
    if (record !== null && typeof record === 'object' && typeof (record as { id?: unknown }).id === 'string') byId.set((record as TLRecord).id, record)
  }
  const migrated = migrateStoredRecords(byId, judgeStoredSchema(schema, store.schema), store.schema).records
  const valid: TLRecord[] = []
  for (const [id, record] of migrated) {
    const check = checkShownRecord(id, record, { boardId: opts.boardId })
    if (check.ok) valid.push(check.record)
    else console.warn(`[history] skipped an invalid record ${id.slice(0, 80)}: ${check.reason}`)
  }
  try {
    store.mergeRemoteChanges(() => store.put(valid))
    return store
  } catch (err) {
    console.warn('[history] the version could not be loaded whole; loading record by record', err)
  }
  for (const record of valid) {
    try {
      store.mergeRemoteChanges(() => store.put([record]))
    } catch {
      // One record the store refuses costs only itself.
    }
  }
  return store
}
