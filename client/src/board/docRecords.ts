import type * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray, type RecordEntry } from '@whiteboard/shared'

/**
 * The board's record map (`doc.getArray('tldraw')`, YKeyValue layout) as the binding sees
 * it: the current value per key, and which keys changed in which transaction.
 *
 * Two implementations, because of who may write:
 * - editors use y-utility's `YKeyValue`, which also deletes overwritten entries so the
 *   array does not grow while shapes are dragged;
 * - viewers use a read-only view. `YKeyValue` cleans up duplicate entries left by
 *   concurrent writes with deletes of its own, and the server closes a viewer's
 *   connection on any document update, so a viewer must never run it.
 * Both resolve a key to its right-most entry, as YKeyValue does.
 */
export interface DocRecords {
  get(key: string): unknown
  keys(): IterableIterator<string>
  /** Writes are only available to editors; `undefined` for the read-only view. */
  readonly writer: DocRecordsWriter | undefined
  /** Calls `listener` after each transaction that changed the value of some keys. */
  onChange(listener: (keys: ReadonlySet<string>, transaction: Y.Transaction) => void): () => void
  destroy(): void
}

export interface DocRecordsWriter {
  set(key: string, value: unknown): void
  delete(key: string): void
}

type ChangeListener = (keys: ReadonlySet<string>, transaction: Y.Transaction) => void

export function openDocRecords(doc: Y.Doc, writable: boolean): DocRecords {
  return writable ? new WritableDocRecords(doc) : new ReadonlyDocRecords(doc)
}

class WritableDocRecords implements DocRecords {
  private readonly kv: YKeyValue<unknown>
  private readonly listeners = new Set<ChangeListener>()
  private readonly handleChange = (changes: Map<string, unknown>, transaction: Y.Transaction) => {
    const keys = new Set(changes.keys())
    for (const listener of this.listeners) listener(keys, transaction)
  }

  constructor(doc: Y.Doc) {
    this.kv = new YKeyValue(recordsArray(doc))
    this.kv.on('change', this.handleChange)
  }

  readonly writer: DocRecordsWriter = {
    set: (key, value) => this.kv.set(key, value),
    delete: (key) => this.kv.delete(key),
  }

  get(key: string): unknown {
    return this.kv.get(key)
  }

  keys(): IterableIterator<string> {
    return this.kv.map.keys()
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.kv.off('change', this.handleChange)
    this.listeners.clear()
  }
}

class ReadonlyDocRecords implements DocRecords {
  private readonly array: Y.Array<RecordEntry>
  private readonly current = new Map<string, RecordEntry>()
  private readonly listeners = new Set<ChangeListener>()
  readonly writer = undefined

  private readonly handleEvent = (event: Y.YArrayEvent<RecordEntry>, transaction: Y.Transaction) => {
    const touched = new Set<string>()
    const collect = (item: Y.Item) => {
      for (const entry of item.content.getContent() as unknown[]) {
        const key = entryKey(entry)
        if (key !== undefined) touched.add(key)
      }
    }
    event.changes.added.forEach(collect)
    event.changes.deleted.forEach(collect)
    if (touched.size === 0) return
    const latest = this.scanRightmost(touched)
    const changed = new Set<string>()
    for (const key of touched) {
      const entry = latest.get(key)
      if (entry === this.current.get(key)) continue
      if (entry) this.current.set(key, entry)
      else this.current.delete(key)
      changed.add(key)
    }
    if (changed.size === 0) return
    for (const listener of this.listeners) listener(changed, transaction)
  }

  constructor(doc: Y.Doc) {
    this.array = recordsArray(doc)
    for (const [key, entry] of this.scanRightmost(undefined)) this.current.set(key, entry)
    this.array.observe(this.handleEvent)
  }

  /** Right-most entry per key, for `keys` (or all keys). Stops early once every wanted key is found. */
  private scanRightmost(keys: ReadonlySet<string> | undefined): Map<string, RecordEntry> {
    const found = new Map<string, RecordEntry>()
    const entries = this.array.toArray()
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i]
      const key = entryKey(entry)
      if (key === undefined || !entry || found.has(key)) continue
      if (keys && !keys.has(key)) continue
      found.set(key, entry)
      if (keys && found.size === keys.size) break
    }
    return found
  }

  get(key: string): unknown {
    return this.current.get(key)?.val
  }

  keys(): IterableIterator<string> {
    return this.current.keys()
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.array.unobserve(this.handleEvent)
    this.listeners.clear()
  }
}

/** Entries come from peers: anything that is not `{ key: string }` is ignored here and never reaches the store. */
function entryKey(entry: unknown): string | undefined {
  if (entry === null || typeof entry !== 'object') return undefined
  const key = (entry as { key?: unknown }).key
  return typeof key === 'string' ? key : undefined
}
