import type * as Y from 'yjs'
import type { TLRecord, TLShapeId, TLStore } from 'tldraw'
import { MetaKey, metaMap } from '@whiteboard/shared'
import { withoutArrowToArrow } from './arrowToArrow'
import { checkShownRecord } from './checkShownRecord'
import { withoutParentCycles } from './parentCycles'
import { judgeStoredSchema, migrateStoredRecord, migrateStoredRecords, type StoredSchemaVerdict } from '@whiteboard/shared/board/storedSchema'
import { openDocRecords, type DocRecords } from './docRecords'
import { nextFrame } from './nextFrame'
import { shareUnchanged } from './shareUnchanged'

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
  /** The board's id: remote image references must point at its own assets (recordGuard.ts). */
  boardId?: string
  /**
   * Called once when the board's stored schema could not be used for every record (it is
   * missing, unreadable or newer than this build's, or a migration failed) and records were
   * shown in their own shape instead: the page tells the person, who may miss something.
   */
  onSchemaTrouble?: () => void
  /** Defers applying remote changes; defaults to the next animation frame. */
  scheduleFlush?: (flush: () => void) => () => void
  /**
   * This person's private doc on the board (private mode, client/src/private/): its records show
   * in the store beside the board's, and edits of them go back to it, never to `doc`.
   */
  privateDoc?: Y.Doc
  /** Whether a record this person adds now goes into `privateDoc` (private mode is on). */
  addsArePrivate?: () => boolean
  /** Told whenever the set of records shown from `privateDoc` changes. */
  onPrivateKeys?: (keys: ReadonlySet<string>) => void
}

/**
 * Record types that go into a private doc while private mode is on: what a person draws and
 * writes, the bindings of their arrows, the images they place. The server takes no other
 * (private/privateDocGuard.ts); pages, the camera and the like stay on the board.
 */
const PRIVATE_TYPES: ReadonlySet<string> = new Set(['shape', 'binding', 'asset'])

export interface LoadReport {
  loaded: number
  skipped: number
  /** The board was written with an older schema and its records were migrated. */
  migrated: boolean
  /** Records shown in their own shape because the stored schema could not be used for them. */
  keptAsStored: number
  /** The stored schema could not be used for every record; `onSchemaTrouble` was called. */
  schemaTrouble: boolean
}

/**
 * Keeps a tldraw store and a board's Y.Doc in step (layout in `@whiteboard/shared`
 * docLayout):
 * - `start()` loads every record of the doc into the store, migrating boards written
 *   with an older schema; call it once the doc holds the board (first sync from the
 *   server, or from the IndexedDB cache when offline). The binding never creates
 *   records of its own, the server seeds every board, and it never writes `meta`: the
 *   server owns the schema and migrates stored boards itself (upgradeBoardSchema.ts).
 * - The stored schema comes from the doc like everything else and never makes records
 *   vanish: one that is missing, unreadable or newer than ours is not used, and a record
 *   whose migration fails is shown in its own shape (storedSchema.ts).
 * - Local user changes of document scope go into the doc as one transaction each.
 * - Remote changes are collected and applied once per animation frame through
 *   `store.mergeRemoteChanges`, so they do not enter the local undo history.
 * - Every remote record is validated first; an invalid one is skipped with a warning
 *   and the rest of the update still arrives. A label stored before words had a limit
 *   (MAX_WORD_CHARS) is shown with its long words split, not skipped.
 */
export class YjsBinding {
  private readonly store: TLStore
  private readonly doc: Y.Doc
  private readonly privateDoc: Y.Doc | undefined
  private readonly canEdit: boolean
  private readonly boardId: string | undefined
  private readonly onSchemaTrouble: (() => void) | undefined
  private schemaTroubleTold = false
  private readonly records: DocRecords
  /** The private doc's records, when this person has one. */
  private readonly privateRecords: DocRecords | undefined
  private readonly addsArePrivate: () => boolean
  private readonly onPrivateKeys: ((keys: ReadonlySet<string>) => void) | undefined
  /** Keys shown from the private doc: edits and deletions of them go there. */
  private readonly privateKeys = new Set<string>()
  private readonly scheduleFlush: (flush: () => void) => () => void
  private readonly pending = new Set<string>()
  private cancelFlush: (() => void) | undefined
  private readonly disposers: (() => void)[] = []
  private started = false
  private disposed = false

  constructor({ store, doc, canEdit, boardId, onSchemaTrouble, scheduleFlush = nextFrame, privateDoc, addsArePrivate, onPrivateKeys }: YjsBindingOptions) {
    this.boardId = boardId
    this.onSchemaTrouble = onSchemaTrouble
    this.store = store
    this.doc = doc
    this.canEdit = canEdit
    this.scheduleFlush = scheduleFlush
    // Opened now, before any provider delivers content, so the record view has seen the
    // whole history of the array.
    this.records = openDocRecords(doc, canEdit)
    this.privateDoc = privateDoc
    this.privateRecords = privateDoc && canEdit ? openDocRecords(privateDoc, true) : undefined
    this.addsArePrivate = addsArePrivate ?? (() => false)
    this.onPrivateKeys = onPrivateKeys
  }

  start(): LoadReport {
    if (this.started || this.disposed) throw new Error('YjsBinding.start() may be called once, before dispose()')
    this.started = true

    const verdict = this.storedSchema()
    const raw = new Map<string, unknown>()
    for (const key of this.records.keys()) raw.set(key, this.records.get(key))
    if (this.privateRecords) {
      for (const key of this.privateRecords.keys()) {
        // The board's copy wins: a revealed item whose private copy was not yet let go.
        if (raw.has(key)) continue
        raw.set(key, this.privateRecords.get(key))
        this.privateKeys.add(key)
      }
      if (this.privateKeys.size > 0) this.onPrivateKeys?.(this.privateKeys)
    }
    const migration = migrateStoredRecords(raw, verdict, this.store.schema)

    const valid: TLRecord[] = []
    let skipped = 0
    for (const [key, value] of migration.records) {
      const check = checkShownRecord(key, value, { boardId: this.boardId })
      if (check.ok) valid.push(check.record)
      else {
        skipped++
        warnSkipped(key, check.reason)
      }
    }
    this.putRemote(valid, [])
    const schemaTrouble = (verdict.kind === 'unusable' && raw.size > 0) || migration.asStored > 0
    if (schemaTrouble) this.tellSchemaTrouble()

    const remoteChange = (keys: ReadonlySet<string>, transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return
      for (const key of keys) this.pending.add(key)
      this.cancelFlush ??= this.scheduleFlush(() => {
        this.cancelFlush = undefined
        this.flush()
      })
    }
    this.disposers.push(
      this.records.onChange(remoteChange),
      ...(this.privateRecords ? [this.privateRecords.onChange(remoteChange)] : []),
      this.store.listen(
        ({ changes }) => {
          if (!this.canEdit) return
          const writer = this.records.writer
          if (!writer) return
          const added = Object.values(changes.added)
          // New items go to the private doc while private mode is on, in the same transaction as
          // ever (never to the board first); what is private stays private when edited or deleted.
          const privately = this.privateRecords !== undefined && added.some((r) => PRIVATE_TYPES.has(r.typeName)) && this.addsArePrivate()
          const before = this.privateKeys.size
          if (privately) for (const record of added) if (PRIVATE_TYPES.has(record.typeName)) this.privateKeys.add(record.id)
          const shared = {
            added: added.filter((r) => !this.privateKeys.has(r.id)),
            updated: Object.values(changes.updated).filter(([, to]) => !this.privateKeys.has(to.id)),
            removed: Object.values(changes.removed).filter((r) => !this.privateKeys.has(r.id)),
          }
          this.doc.transact(() => {
            for (const record of shared.added) writer.set(record.id, record)
            for (const [, to] of shared.updated) writer.set(to.id, to)
            for (const record of shared.removed) writer.delete(record.id)
          }, LOCAL_ORIGIN)
          const own = this.privateRecords?.writer
          if (!own || this.privateKeys.size === 0) return
          let removedPrivate = false
          this.privateDoc!.transact(() => {
            for (const record of added) if (this.privateKeys.has(record.id)) own.set(record.id, record)
            for (const [, to] of Object.values(changes.updated)) if (this.privateKeys.has(to.id)) own.set(to.id, to)
            for (const record of Object.values(changes.removed)) {
              if (!this.privateKeys.delete(record.id)) continue
              own.delete(record.id)
              removedPrivate = true
            }
          }, LOCAL_ORIGIN)
          if (removedPrivate || this.privateKeys.size !== before) this.onPrivateKeys?.(this.privateKeys)
        },
        { source: 'user', scope: 'document' },
      ),
    )
    return { loaded: valid.length, skipped, migrated: verdict.kind === 'older', keptAsStored: migration.asStored, schemaTrouble }
  }

  /** Applies the remote changes collected so far. Runs on its own once per frame. */
  flush(): void {
    this.cancelFlush?.()
    this.cancelFlush = undefined
    if (this.disposed || this.pending.size === 0) return
    const keys = [...this.pending]
    this.pending.clear()

    const verdict = this.storedSchema()
    const puts: TLRecord[] = []
    const removals: TLRecord['id'][] = []
    const privateBefore = this.privateKeys.size
    let privateChanged = false
    for (const key of keys) {
      const onBoard = this.records.get(key)
      const kept = onBoard === undefined ? this.privateRecords?.get(key) : undefined
      // A record lives in one doc: the board's, or (shown as private) this person's private doc.
      if (kept !== undefined ? !this.privateKeys.has(key) : this.privateKeys.has(key)) {
        if (kept !== undefined) this.privateKeys.add(key)
        else this.privateKeys.delete(key)
        privateChanged = true
      }
      const value = onBoard ?? kept
      if (value === undefined) {
        if (this.store.has(key as TLRecord['id'])) removals.push(key as TLRecord['id'])
        continue
      }
      const migrated = migrateStoredRecord(value, verdict, this.store.schema)
      if (migrated.asStored) this.tellSchemaTrouble()
      const check = checkShownRecord(key, migrated.value, { boardId: this.boardId })
      if (check.ok) puts.push(shareUnchanged(this.store.get(check.record.id), check.record))
      else warnSkipped(key, check.reason)
    }
    this.putRemote(puts, removals)
    if (privateChanged || this.privateKeys.size !== privateBefore) this.onPrivateKeys?.(this.privateKeys)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.cancelFlush?.()
    for (const dispose of this.disposers.splice(0)) dispose()
    this.records.destroy()
    this.privateRecords?.destroy()
  }

  /**
   * Puts records into the store as one remote change. If the store refuses the batch
   * (its own validation, a reference the checks above cannot see), it retries record by
   * record so one bad record costs only itself.
   */
  private putRemote(incoming: TLRecord[], removals: TLRecord['id'][]): void {
    const current = (id: TLShapeId) => this.store.get(id)
    const { kept: unbound, refused } = withoutArrowToArrow(incoming, current)
    for (const binding of refused) warnSkipped(binding.id, 'an arrow bound to an arrow')
    const { kept: puts, cyclic } = withoutParentCycles(unbound, current)
    for (const shape of cyclic) warnSkipped(shape.id, 'its parents would form a cycle')
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

  private storedSchema(): StoredSchemaVerdict {
    return judgeStoredSchema(metaMap(this.doc).get(MetaKey.SCHEMA), this.store.schema)
  }

  private tellSchemaTrouble(): void {
    if (this.schemaTroubleTold) return
    this.schemaTroubleTold = true
    this.onSchemaTrouble?.()
  }
}

/** The key in a warning is for this person's console only; the reason names no content (recordGuard.ts). */
function warnSkipped(key: string, reason: string): void {
  console.warn(`[board] skipped an invalid record ${key.slice(0, 80)}: ${reason}`)
}
