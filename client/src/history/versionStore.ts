import { createTLStore, loadSnapshot, type SerializedSchema, type TLAssetStore, type TLRecord, type TLStore } from 'tldraw'
import { checkRecord } from '@whiteboard/shared/board/recordGuard'

/**
 * A tldraw store holding one snapshot's records, apart from the live board, for viewing an
 * earlier version. The records are migrated from the schema they were written with. If the
 * whole set cannot be loaded (a record that no longer validates), it loads the records one by
 * one and skips the bad ones, as the live board does.
 */
export function versionStore(records: readonly unknown[], schema: unknown, assets?: TLAssetStore): TLStore {
  const store = createTLStore(assets ? { assets } : {})
  const byId: Record<string, TLRecord> = {}
  for (const record of records) {
    if (record !== null && typeof record === 'object' && typeof (record as { id?: unknown }).id === 'string') byId[(record as TLRecord).id] = record as TLRecord
  }
  try {
    loadSnapshot(store, { store: byId, schema: isSchema(schema) ? schema : store.schema.serialize() })
    return store
  } catch (err) {
    console.warn('[history] the version could not be loaded whole; loading record by record', err)
  }
  for (const [id, record] of Object.entries(byId)) {
    const check = checkRecord(id, record)
    if (!check.ok) continue
    try {
      store.mergeRemoteChanges(() => store.put([check.record]))
    } catch {
      // One record the store refuses costs only itself.
    }
  }
  return store
}

function isSchema(value: unknown): value is SerializedSchema {
  return value !== null && typeof value === 'object' && typeof (value as { schemaVersion?: unknown }).schemaVersion === 'number'
}
