import * as Y from 'yjs'

/** Strings longer than this are kept as they are: ids and text are rarely repeated. */
const MAX_POOLED_STRING_LENGTH = 32

/**
 * Distinct strings the pool holds before it starts afresh. The vocabulary of tldraw records
 * (types, colours, fonts, sizes, page and parent ids) is a few hundred strings; the bound only
 * keeps a stream of unique short values from growing the pool without end.
 */
const MAX_POOLED_STRINGS = 50_000

/**
 * Makes the values a room's doc holds take less memory, without changing them.
 *
 * Yjs decodes each value of an update into fresh objects whose properties are added one by
 * one, which V8 stores out of line, and into fresh copies of every string: a 200-shape board
 * took 235 kB of heap, most of it for the same few words ("geo", "black", "draw", "page:page")
 * over and over. A copy made with object spread has its properties in line, and equal short
 * strings are shared through the pool (across all boards of the process): 127 kB for that
 * board. Values are copied key for key, undefined and binary values included, so what the
 * doc encodes is unchanged.
 */
export class ValuePool {
  private readonly strings = new Map<string, string>()

  /** Replaces the values of every item in `doc` by compact copies. */
  compactDoc(doc: Y.Doc): void {
    for (const structs of doc.store.clients.values()) this.compactFrom(structs, 0)
  }

  /** Replaces the values of the items a transaction added by compact copies (call it on 'afterTransaction'). */
  compactTransaction(transaction: Y.Transaction): void {
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0
      const structs = transaction.doc.store.clients.get(client)
      if (after > before && structs) this.compactFrom(structs, before)
    }
  }

  /** Compacts the values of a client's structs from `clock` on (its new items are at the end, in clock order). */
  private compactFrom(structs: Array<Y.Item | Y.GC>, clock: number): void {
    if (structs.length === 0) return
    for (let i = clock === 0 ? 0 : Y.findIndexSS(structs, clock); i < structs.length; i++) {
      const struct = structs[i]
      if (!(struct instanceof Y.Item) || struct.deleted || !(struct.content instanceof Y.ContentAny)) continue
      const values = struct.content.arr
      for (let j = 0; j < values.length; j++) values[j] = this.compact(values[j])
    }
  }

  /** A copy of `value` with its objects rebuilt and its short strings shared. */
  compact(value: unknown): unknown {
    if (typeof value === 'string') return this.string(value)
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value
    if (Array.isArray(value)) return value.map((v: unknown) => this.compact(v))
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) }
    for (const key in copy) {
      const v = copy[key]
      if (v !== null && (typeof v === 'object' || typeof v === 'string')) copy[key] = this.compact(v)
    }
    return copy
  }

  private string(value: string): string {
    if (value.length > MAX_POOLED_STRING_LENGTH) return value
    const pooled = this.strings.get(value)
    if (pooled !== undefined) return pooled
    if (this.strings.size >= MAX_POOLED_STRINGS) this.strings.clear()
    this.strings.set(value, value)
    return value
  }
}
