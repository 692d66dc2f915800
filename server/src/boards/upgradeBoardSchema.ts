import type * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { MetaKey, metaMap, recordsArray } from '@whiteboard/shared'
import { judgeStoredSchema, migrateStoredRecords, ownSchemaSerialized, type StoredSchemaVerdict } from '@whiteboard/shared/board/storedSchema'
import { jsonEqual } from '../sync/jsonEqual'

export interface SchemaUpgrade {
  /** What the board held in `meta.schema` before. */
  verdict: StoredSchemaVerdict
  /** Records rewritten in this server's schema. */
  migrated: number
  /** Records kept in their own shape because their migration could not be used. */
  asStored: number
}

/** How a loaded board's stored schema stands, without changing anything: undefined when it is the server's own. */
export function storedSchemaVerdict(doc: Y.Doc): StoredSchemaVerdict | undefined {
  const verdict = judgeStoredSchema(metaMap(doc).get(MetaKey.SCHEMA))
  return verdict.kind === 'current' ? undefined : verdict
}

/**
 * Brings a board to this server's schema, as a change to run through `Room.applyServerChange`
 * (committed before anyone sees it): a board written with an older schema has its records
 * migrated, and `meta.schema` becomes the server's own. A schema that cannot be read, or claims
 * to be newer than the server's (boards damaged before clients were kept out of `meta`), is
 * replaced and the records keep their own shape. A record whose migration fails stays as it is
 * (storedSchema.ts); clients skip it if it is really broken.
 *
 * Only the server migrates stored records, so no client ever needs to write `meta.schema`.
 */
export function upgradeBoardSchema(doc: Y.Doc): SchemaUpgrade {
  const meta = metaMap(doc)
  const verdict = judgeStoredSchema(meta.get(MetaKey.SCHEMA))
  if (verdict.kind === 'current') return { verdict, migrated: 0, asStored: 0 }
  let migrated = 0
  let asStored = 0
  doc.transact(() => {
    if (verdict.kind === 'older') {
      const kv = new YKeyValue<unknown>(recordsArray(doc))
      const before = new Map<string, unknown>()
      for (const [key, entry] of kv.map) before.set(key, entry.val)
      const result = migrateStoredRecords(before, verdict)
      asStored = result.asStored
      for (const [key, value] of result.records) {
        if (jsonEqual(before.get(key), value)) continue
        kv.set(key, value)
        migrated++
      }
      kv.destroy()
    }
    meta.set(MetaKey.SCHEMA, ownSchemaSerialized())
  })
  return { verdict, migrated, asStored }
}
