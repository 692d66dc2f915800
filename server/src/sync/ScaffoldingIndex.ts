import * as Y from 'yjs'
import type { RecordEntry } from '@whiteboard/shared'
import { isFacilitatorLocked } from '@whiteboard/shared/board/facilitatorLock'
import { isScaffolding } from '@whiteboard/shared/templates/templateMeta'

/** One live entry of the records array: the item that holds it, its index there, its value. */
export interface LiveEntry {
  item: Y.Item
  offset: number
  val: unknown
}

/** True for a record value marked as template scaffolding (shared/src/templates/templateMeta.ts). */
export function isScaffoldingValue(val: unknown): boolean {
  return val !== null && typeof val === 'object' && isScaffolding(val as { meta: unknown })
}

/**
 * True for a value only a facilitator may change: template scaffolding, or a shape under a
 * facilitator's lock (shared/src/board/facilitatorLock.ts). The index tracks the keys of both.
 */
export function isProtectedValue(val: unknown): boolean {
  return isScaffoldingValue(val) || isFacilitatorLocked(val)
}

/**
 * For the keys of template scaffolding and of facilitator locks (isProtectedValue), every live
 * entry in a room's records array.
 *
 * The participant rules need, for a scaffolding key, the entry YKeyValue shows (the rightmost
 * live one) and its value. Only keys that have a scaffolding entry are tracked, with all their
 * live entries, so the index stays small (a template's frame, lanes and headings) and costs
 * nothing for ordinary notes. It follows the doc after every transaction, reading only the new
 * structs; an entry's id stays valid when Yjs splits or merges the item holding it.
 */
export class ScaffoldingIndex {
  /** Entry ids (client, clock) of live entries, per tracked key; deleted ones are pruned on read. */
  private readonly entries = new Map<string, number[]>()

  constructor(
    private readonly doc: Y.Doc,
    private readonly records: Y.Array<RecordEntry>,
  ) {
    this.scan(null)
    doc.on('afterTransaction', this.onTransaction)
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction)
  }

  /** Whether `key` has a live scaffolding entry now; if not, its current value (if any) is not scaffolding. */
  isTracked(key: string): boolean {
    return this.live(key).length > 0
  }

  /** The live entries of a tracked key, left to right is not guaranteed; empty if it is not tracked. */
  live(key: string): LiveEntry[] {
    const ids = this.entries.get(key)
    if (!ids) return []
    const live: LiveEntry[] = []
    const kept: number[] = []
    for (let i = 0; i < ids.length; i += 2) {
      const entry = this.read(ids[i]!, ids[i + 1]!)
      if (!entry) continue
      live.push(entry)
      kept.push(ids[i]!, ids[i + 1]!)
    }
    if (!live.some((e) => isProtectedValue(e.val))) {
      this.entries.delete(key)
      return []
    }
    if (kept.length !== ids.length) this.entries.set(key, kept)
    return live
  }

  /** The entry YKeyValue shows for a tracked key: the rightmost live one. */
  current(key: string): LiveEntry | undefined {
    return rightmost(this.live(key))
  }

  private read(client: number, clock: number): LiveEntry | undefined {
    if (clock >= Y.getState(this.doc.store, client)) return undefined
    const struct = Y.getItem(this.doc.store, Y.createID(client, clock))
    if (!(struct instanceof Y.Item) || struct.deleted || !(struct.content instanceof Y.ContentAny)) return undefined
    const offset = clock - struct.id.clock
    const entry = struct.content.arr[offset] as RecordEntry | undefined
    return entry ? { item: struct, offset, val: entry.val } : undefined
  }

  private track(key: string, client: number, clock: number): void {
    let ids = this.entries.get(key)
    if (!ids) this.entries.set(key, (ids = []))
    for (let i = 0; i < ids.length; i += 2) if (ids[i] === client && ids[i + 1] === clock) return
    ids.push(client, clock)
  }

  /** Tracks the live entries of `keys` (all scaffolding keys when null) by walking the whole array. */
  private scan(keys: ReadonlySet<string> | null): void {
    const found = new Set<string>()
    for (let item = this.records._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      item.content.arr.forEach((raw: unknown, i: number) => {
        const entry = raw as RecordEntry
        if (keys ? keys.has(entry.key) : isProtectedValue(entry.val)) {
          this.track(entry.key, item.id.client, item.id.clock + i)
          found.add(entry.key)
        }
      })
    }
    // A full scan also needs the non-scaffolding entries of the keys it found.
    if (!keys && found.size > 0) this.scan(found)
  }

  private readonly onTransaction = (tr: Y.Transaction): void => {
    let newlyTracked: Set<string> | null = null
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0
      if (after <= before) continue
      const structs = this.doc.store.clients.get(client)
      if (!structs) continue
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const item = structs[i]!
        if (!(item instanceof Y.Item) || item.deleted || item.parent !== this.records || !(item.content instanceof Y.ContentAny)) continue
        const arr = item.content.arr
        for (let j = 0; j < arr.length; j++) {
          const entry = arr[j] as RecordEntry
          if (isProtectedValue(entry.val)) {
            if (!this.entries.has(entry.key)) (newlyTracked ??= new Set()).add(entry.key)
            this.track(entry.key, client, item.id.clock + j)
          } else if (this.entries.has(entry.key)) {
            this.track(entry.key, client, item.id.clock + j)
          }
        }
      }
    }
    // A key that just became scaffolding may have older live entries (housekeeping not done yet).
    if (newlyTracked) this.scan(newlyTracked)
  }
}

/** The rightmost of some live entries of one array; walks the list only when there are several. */
export function rightmost(entries: readonly LiveEntry[]): LiveEntry | undefined {
  if (entries.length <= 1) return entries[0]
  let best = entries[0]!
  for (const other of entries.slice(1)) if (isLeftOf(best, other)) best = other
  return best
}

function isLeftOf(a: LiveEntry, b: LiveEntry): boolean {
  if (a.item === b.item) return a.offset < b.offset
  for (let item = a.item.right; item !== null; item = item.right) if (item === b.item) return true
  return false
}
