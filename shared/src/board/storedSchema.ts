import { createTLSchema, type TLSchema } from '@tldraw/tlschema'

/**
 * The board's `meta.schema` says which tldraw schema its records were written with, so a newer
 * build can migrate them. It is read from the doc like everything else in it, and a wrong one
 * does real harm: migrating records that are already current from a schema that claims to be
 * old (every sequence at 0, say) fails for every record, and a schema that claims to be newer
 * stops migration altogether. This module judges a stored schema and migrates records from it
 * so that a wrong schema can cost at most the migration, never the records.
 *
 * Only the server writes `meta.schema`, always as {@link ownSchemaSerialized}. It judges what a
 * loaded board or a restored snapshot holds here and brings such boards to its own schema;
 * clients judge it too, because their cached copy or an old server may still hold a bad one.
 */

export type SerializedSchema = Parameters<TLSchema['getMigrationsSince']>[0]

const ownSchema: TLSchema = createTLSchema()

/** The schema this build writes its records with: what the server stores in `meta.schema`. */
export function ownSchemaSerialized(): ReturnType<TLSchema['serialize']> {
  return ownSchema.serialize()
}

/**
 * Most sequences a stored schema may name. tldraw's default schema has 28 (one per record,
 * shape, asset and binding type); a schema naming ten times that many was not written by tldraw.
 */
const MAX_SCHEMA_SEQUENCES = 280

export type StoredSchemaVerdict =
  /** The same schema as ours: records are used as they are. */
  | { kind: 'current' }
  /** An older schema this build knows the way from: records are migrated from it. */
  | { kind: 'older'; schema: SerializedSchema }
  /**
   * No schema, one that cannot be read, or one newer than ours (or naming record types we do
   * not know). No migration can be trusted: records are used in their own shape.
   */
  | { kind: 'unusable'; why: 'missing' | 'unreadable' | 'newer' }

/**
 * Judges a stored `meta.schema` against `schema` (this build's, unless a client passes its
 * store's). Only the serialized form tldraw has written since version 2 (`schemaVersion: 2`)
 * is read: this app never wrote another.
 */
export function judgeStoredSchema(value: unknown, schema: TLSchema = ownSchema): StoredSchemaVerdict {
  if (value === undefined || value === null) return { kind: 'unusable', why: 'missing' }
  if (!isPlainObject(value) || value.schemaVersion !== 2 || !isPlainObject(value.sequences)) return { kind: 'unusable', why: 'unreadable' }
  const stored = Object.entries(value.sequences)
  if (stored.length > MAX_SCHEMA_SEQUENCES) return { kind: 'unusable', why: 'unreadable' }
  const ours: Record<string, number> = schema.serialize().sequences
  let same = stored.length === Object.keys(ours).length
  for (const [sequenceId, version] of stored) {
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return { kind: 'unusable', why: 'unreadable' }
    const ourVersion = Object.hasOwn(ours, sequenceId) ? ours[sequenceId] : undefined
    if (ourVersion === undefined || version > ourVersion) return { kind: 'unusable', why: 'newer' }
    if (version !== ourVersion) same = false
  }
  if (same) return { kind: 'current' }
  const serialized: SerializedSchema = { schemaVersion: 2, sequences: Object.fromEntries(stored) as Record<string, number> }
  try {
    const migrations = schema.getMigrationsSince(serialized)
    if (!migrations.ok) return { kind: 'unusable', why: 'unreadable' }
    // Migrations of the whole store are tldraw's oldest (2023 and before), older than this app:
    // a schema that needs them was not written by it. The reported attack (every sequence at 0)
    // is one; migrating current records through them fails for every record.
    if (migrations.value.some((m) => m.scope !== 'record')) return { kind: 'unusable', why: 'unreadable' }
  } catch {
    return { kind: 'unusable', why: 'unreadable' }
  }
  return { kind: 'older', schema: serialized }
}

export interface MigratedRecord {
  value: unknown
  /** The migration from the stored schema could not be used; the record is kept in its own shape. */
  asStored: boolean
}

/**
 * Brings one record to `schema` from the schema the board says it was written with. A record
 * whose migration fails, or gives something the schema does not accept, is kept as it is
 * stored: if the stored schema was wrong, that is the record's real shape, and if the record is
 * really broken, the record check that follows skips it alone.
 */
export function migrateStoredRecord(value: unknown, verdict: StoredSchemaVerdict, schema: TLSchema = ownSchema): MigratedRecord {
  if (verdict.kind !== 'older' || !isPlainObject(value)) return { value, asStored: false }
  try {
    const result = schema.migratePersistedRecord(value as never, verdict.schema)
    if (result.type === 'success' && validates(schema, result.value)) return { value: result.value, asStored: false }
  } catch {
    // As a failed migration: the record keeps its own shape.
  }
  return { value, asStored: true }
}

export interface MigratedRecords {
  /** Every record of the input by key, migrated or as stored. */
  records: Map<string, unknown>
  /** How many records were kept in their own shape because their migration could not be used. */
  asStored: number
}

/** Brings a board's records to `schema`, one by one as {@link migrateStoredRecord} does. */
export function migrateStoredRecords(records: ReadonlyMap<string, unknown>, verdict: StoredSchemaVerdict, schema: TLSchema = ownSchema): MigratedRecords {
  const out = new Map<string, unknown>()
  let asStored = 0
  if (verdict.kind !== 'older') return { records: new Map(records), asStored }
  for (const [key, value] of records) {
    const one = migrateStoredRecord(value, verdict, schema)
    out.set(key, one.value)
    if (one.asStored) asStored++
  }
  return { records: out, asStored }
}

/** Whether `schema` accepts `value` as a record of its type (structure only; recordGuard.ts checks the rest). */
function validates(schema: TLSchema, value: unknown): boolean {
  if (!isPlainObject(value) || typeof value.typeName !== 'string') return false
  const type = Object.hasOwn(schema.types, value.typeName) ? schema.types[value.typeName as keyof typeof schema.types] : undefined
  if (!type) return false
  try {
    type.validate(value)
    return true
  } catch {
    return false
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
