import type * as Y from 'yjs'
import type { SerializedSchema, TLRecord, TLStore } from 'tldraw'
import { MetaKey, metaMap } from '@whiteboard/shared'
import { checkRecord } from '@whiteboard/shared/board/recordGuard'
import { openDocRecords, type DocRecords } from './docRecords'
import { nextFrame } from './nextFrame'

/**
 * Transaction origin of every write the binding makes. Remote changes carry the
 * provider or the IndexedDB cache as origin; this one marks "came from this tab's
 * store", so the binding never applies its own writes back and the connection can
 * tell whether there are local changes the server has not seen.
 */
export const LOCAL_ORIGIN: unique symbol = Symbol('whiteboard:local-store')

export interface YjsBindingOptions {
  store: TLStore
  doc: Y.Doc
  /** Viewers never write to the doc: the server closes their connection on any update. */
  canEdit: boolean
  /**
   * Whether this client rewrites an older board's records after migrating them. Only a
   * facilitator may: migrated scaffolding records would be refused from a participant (4009).
   * Defaults to `canEdit`.
   */
  writesMigrations?: boolean
  /** Defers applying remote changes; defaults to the next animation frame. */
  scheduleFlush?: (flush: () => void) => () => void
}

export interface LoadReport {
  loaded: number
  skipped: number
  /** The board was written with an older schema and its records were migrated. */
  migrated: boolean
  /** The migrated records and the current schema were written back to the doc. */
  wroteBack: boolean
}

/**
 * Keeps a tldraw store and a board's Y.Doc in step (layout in `@whiteboard/shared`
 * docLayout):
 * - `start()` loads every record of the doc into the store, migrating boards written
 *   with an older schema; call it once the doc holds the board (first sync from the
 *   server, or from the IndexedDB cache when offline). The binding never creates
 *   records of its own, the server seeds every board.
 * - Local user changes of document scope go into the doc as one transaction each.
 * - Remote changes are collected and applied once per animation frame through
 *   `store.mergeRemoteChanges`, so they do not enter the local undo history.
 * - Every remote record is validated first; an invalid one is skipped with a warning
 *   and the rest of the update still arrives.
 */
export class YjsBinding {
  private readonly store: TLStore
  private readonly doc: Y.Doc
  private readonly canEdit: boolean
  private readonly writesMigrations: boolean
  private readonly records: DocRecords
  private readonly scheduleFlush: (flush: () => void) => () => void
  private readonly pending = new Set<string>()
  private cancelFlush: (() => void) | undefined
  private readonly disposers: (() => void)[] = []
  private started = false
  private disposed = false

  constructor({ store, doc, canEdit, writesMigrations = canEdit, scheduleFlush = nextFrame }: YjsBindingOptions) {
    this.writesMigrations = writesMigrations && canEdit
    this.store = store
    this.doc = doc
    this.canEdit = canEdit
    this.scheduleFlush = scheduleFlush
    // Opened now, before any provider delivers content, so the record view has seen the
    // whole history of the array.
    this.records = openDocRecords(doc, canEdit)
  }

  start(): LoadReport {
    if (this.started || this.disposed) throw new Error('YjsBinding.start() may be called once, before dispose()')
    this.started = true

    const persisted = readPersistedSchema(this.doc)
    const raw: Record<string, unknown> = {}
    for (const key of this.records.keys()) raw[key] = this.records.get(key)
    const migration = this.migrateOnLoad(raw, persisted)

    const valid: TLRecord[] = []
    let skipped = 0
    for (const [key, value] of Object.entries(migration.records)) {
      const check = checkRecord(key, value)
      if (check.ok) valid.push(check.record)
      else {
        skipped++
        console.warn(`[board] skipped an invalid record: ${check.reason}`)
      }
    }
    this.putRemote(valid, [])

    let wroteBack = false
    if (migration.migrated && migration.complete && this.writesMigrations) {
      this.writeBack(raw, migration.records)
      wroteBack = true
    }

    this.disposers.push(
      this.records.onChange((keys, transaction) => {
        if (transaction.origin === LOCAL_ORIGIN) return
        for (const key of keys) this.pending.add(key)
        this.cancelFlush ??= this.scheduleFlush(() => {
          this.cancelFlush = undefined
          this.flush()
        })
      }),
      this.store.listen(
        ({ changes }) => {
          if (!this.canEdit) return
          const writer = this.records.writer
          if (!writer) return
          this.doc.transact(() => {
            for (const record of Object.values(changes.added)) writer.set(record.id, record)
            for (const [, to] of Object.values(changes.updated)) writer.set(to.id, to)
            for (const record of Object.values(changes.removed)) writer.delete(record.id)
          }, LOCAL_ORIGIN)
        },
        { source: 'user', scope: 'document' },
      ),
    )
    return { loaded: valid.length, skipped, migrated: migration.migrated, wroteBack }
  }

  /** Applies the remote changes collected so far. Runs on its own once per frame. */
  flush(): void {
    this.cancelFlush?.()
    this.cancelFlush = undefined
    if (this.disposed || this.pending.size === 0) return
    const keys = [...this.pending]
    this.pending.clear()

    const persisted = readPersistedSchema(this.doc)
    const puts: TLRecord[] = []
    const removals: TLRecord['id'][] = []
    for (const key of keys) {
      const value = this.records.get(key)
      if (value === undefined) {
        if (this.store.has(key as TLRecord['id'])) removals.push(key as TLRecord['id'])
        continue
      }
      const migrated = this.migrateIncoming(key, value, persisted)
      if (migrated === undefined) continue
      const check = checkRecord(key, migrated)
      if (check.ok) puts.push(check.record)
      else console.warn(`[board] skipped an invalid record: ${check.reason}`)
    }
    this.putRemote(puts, removals)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.cancelFlush?.()
    for (const dispose of this.disposers.splice(0)) dispose()
    this.records.destroy()
  }

  /**
   * Puts records into the store as one remote change. If the store refuses the batch
   * (its own validation, a reference the checks above cannot see), it retries record by
   * record so one bad record costs only itself.
   */
  private putRemote(puts: TLRecord[], removals: TLRecord['id'][]): void {
    if (puts.length === 0 && removals.length === 0) return
    try {
      this.store.mergeRemoteChanges(() => {
        if (removals.length) this.store.remove(removals)
        if (puts.length) this.store.put(puts)
      })
    } catch {
      for (const id of removals) this.tryRemote(id, () => this.store.remove([id]))
      for (const record of puts) this.tryRemote(record.id, () => this.store.put([record]))
    }
  }

  private tryRemote(id: string, apply: () => void): void {
    try {
      this.store.mergeRemoteChanges(apply)
    } catch (err) {
      console.warn(`[board] skipped a record the store refused: ${id}: ${err instanceof Error ? err.message.slice(0, 200) : 'error'}`)
    }
  }

  private migrateOnLoad(raw: Record<string, unknown>, persisted: SerializedSchema | undefined): LoadMigration {
    const migrations = persisted && this.migrationsSince(persisted)
    if (!persisted || !migrations || migrations.length === 0) return { records: raw, migrated: false, complete: true }
    const snapshot = { store: raw as Record<TLRecord['id'], TLRecord>, schema: persisted }
    const result = this.store.schema.migrateStoreSnapshot(snapshot)
    if (result.type === 'success') return { records: result.value, migrated: true, complete: true }
    // A store-wide migration failed; migrate what can be migrated one record at a time and
    // leave the doc as it is, since it would no longer match any single schema.
    const records: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(raw)) {
      const migrated = this.migrateIncoming(key, value, persisted)
      if (migrated !== undefined) records[key] = migrated
    }
    return { records, migrated: true, complete: false }
  }

  /** Brings one remote record to the current schema, or `undefined` (with a warning) if it cannot be. */
  private migrateIncoming(key: string, value: unknown, persisted: SerializedSchema | undefined): unknown {
    if (!persisted) return value
    const migrations = this.migrationsSince(persisted)
    if (!migrations || migrations.length === 0) return value
    if (value === null || typeof value !== 'object') return value
    try {
      const result = this.store.schema.migratePersistedRecord(value as TLRecord, persisted)
      if (result.type === 'success') return result.value
      console.warn(`[board] skipped a record that could not be migrated: ${key}: ${result.reason}`)
    } catch (err) {
      console.warn(`[board] skipped a record that could not be migrated: ${key}: ${err instanceof Error ? err.message.slice(0, 200) : 'error'}`)
    }
    return undefined
  }

  /**
   * Migrations from the schema the doc was written with to this build's. `undefined` when
   * there is no path, i.e. a newer client wrote the board: its records are then loaded as
   * they are, validated one by one, and the doc's schema is left alone.
   */
  private migrationsSince(persisted: SerializedSchema): readonly unknown[] | undefined {
    try {
      const result = this.store.schema.getMigrationsSince(persisted)
      return result.ok ? result.value : undefined
    } catch {
      return undefined
    }
  }

  private writeBack(before: Record<string, unknown>, after: Record<string, unknown>): void {
    const writer = this.records.writer
    if (!writer) return
    this.doc.transact(() => {
      for (const [key, value] of Object.entries(after)) {
        if (before[key] !== value) writer.set(key, value)
      }
      for (const key of Object.keys(before)) {
        if (!(key in after)) writer.delete(key)
      }
      metaMap(this.doc).set(MetaKey.SCHEMA, this.store.schema.serialize())
    }, LOCAL_ORIGIN)
  }
}

interface LoadMigration {
  records: Record<string, unknown>
  migrated: boolean
  /** Every record went through the store-wide migration, so the doc can be rewritten. */
  complete: boolean
}

/** The schema stored in `meta`, if it looks like one. It comes from peers like everything else in the doc. */
function readPersistedSchema(doc: Y.Doc): SerializedSchema | undefined {
  const value = metaMap(doc).get(MetaKey.SCHEMA)
  if (value === null || typeof value !== 'object') return undefined
  const schema = value as { schemaVersion?: unknown; sequences?: unknown; recordVersions?: unknown; storeVersion?: unknown }
  if (schema.schemaVersion === 2 && isPlainObject(schema.sequences)) return value as SerializedSchema
  if (schema.schemaVersion === 1 && isPlainObject(schema.recordVersions) && typeof schema.storeVersion === 'number') {
    return value as SerializedSchema
  }
  return undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
