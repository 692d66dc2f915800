import * as Y from 'yjs'

/** Strings longer than this are kept as they are: ids and text are rarely repeated. */
export const MAX_POOLED_STRING_LENGTH = 32

/**
 * Distinct strings the pool holds before it starts afresh. The vocabulary of tldraw records
 * (types, colours, fonts, sizes, page and parent ids) is a few hundred strings; the bound only
 * keeps a stream of unique short values from growing the pool without end.
 */
const MAX_POOLED_STRINGS = 50_000

/**
 * Small values made only of words (strings, booleans, null), such as `meta: {}` and the rich
 * text of an empty label, are shared when they have at most this many entries in all. Values
 * with numbers (coordinates, sizes) are rarely repeated, so they are not pooled.
 */
export const MAX_SHARED_ENTRIES = 8

/** Distinct shared values the pool holds before it starts afresh (see MAX_POOLED_STRINGS). */
const MAX_SHARED_VALUES = 10_000

/**
 * Object builders the pool makes, one per set of keys (see `builderFor`). tldraw's records come
 * in a few dozen key sets; past the bound, objects of new key sets are copied with object spread.
 */
export const MAX_BUILDERS = 1_000

/**
 * Keys an object may have and still get a builder, or a path in CompactValueReader's tree of key
 * sets. A builder's code and the text that finds it grow with its keys, and each step of the
 * tree keeps its keys from the root, all for the life of the process: one object of 200,000
 * keys, in a frame well under the frame limit, held 610 MB in that tree and took 4 s of the
 * event loop. tldraw's records have at most about fifteen keys at any level.
 */
export const MAX_BUILT_KEYS = 64

/**
 * Makes the values a room's doc holds take less memory, without changing them.
 *
 * Yjs decodes each value of an update into fresh objects whose properties are added one by
 * one, which V8 stores out of line, and into fresh copies of every string: a 200-shape board
 * took 235 kB of heap, most of it for the same few words ("geo", "black", "draw", "page:page")
 * over and over. Objects are rebuilt by an object literal made for their keys, which V8 lays
 * out with every property in the object itself (object spread and Yjs keep all but four in a
 * separate array, 16-48 bytes more per record), and equal short strings are shared through the
 * pool (across all boards of the process): 127 kB for that board, 112 kB with the literals. Small values made
 * only of words are shared whole, frozen, across all boards: nearly every record has
 * `meta: {}`, and every shape without a label the same four-object rich text, which took
 * another 44 kB of that board. Values are copied key for key, undefined and binary values
 * included, so what the doc encodes is unchanged. Nothing on the server changes a value in
 * the doc (Yjs replaces values, it never edits them); the freeze makes sure of it.
 */
export class ValuePool {
  private readonly strings = new Map<string, string>()
  /** Shared small values by their JSON text (key order included, so equal texts encode alike). */
  private readonly shared = new Map<string, object>()
  /** Builders by their key set (its keys as JSON text). */
  private readonly builders = new Map<string, ObjectBuilder | null>()

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
    this.compactRange(structs, clock === 0 ? 0 : Y.findIndexSS(structs, clock), structs.length)
  }

  /** Compacts the values of `structs[from..to)`. */
  private compactRange(structs: Array<Y.Item | Y.GC>, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const struct = structs[i]
      if (!(struct instanceof Y.Item) || struct.deleted || !(struct.content instanceof Y.ContentAny)) continue
      const values = struct.content.arr
      for (let j = 0; j < values.length; j++) values[j] = this.compact(values[j])
    }
  }

  /** A copy of `value` with its objects rebuilt and its short strings and small word-only values shared. */
  compact(value: unknown): unknown {
    if (typeof value === 'string') return this.string(value)
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value
    let copy: object
    if (Array.isArray(value)) copy = value.map((v: unknown) => this.compact(v))
    else {
      const source = value as Record<string, unknown>
      const build = this.builderFor(source)
      const record = build ? build(source) : { ...source }
      for (const key in record) {
        const v = record[key]
        if (v !== null && (typeof v === 'object' || typeof v === 'string')) record[key] = this.compact(v)
      }
      copy = record
    }
    return wordEntries(copy, MAX_SHARED_ENTRIES) < 0 ? copy : this.share(copy)
  }

  /**
   * `compact` for an object whose values are compact already: CompactValueReader's objects whose
   * key sets are past its bounds. Only the object itself is rebuilt; compacting it whole would
   * copy each level below once for every level above it (3,000 nested objects, 23 kB of one
   * update, took 3 to 6 s of the event loop). Without a builder the reader's object is kept as it
   * is: spread into a copy, an object of a thousand keys that no other object has costs a
   * thousand new hidden classes. `wordsOnly`: the reader counted, as it read, that the object is
   * small and made only of words (wordEntries would list all values of a huge one first).
   */
  compactOuter(value: Record<string, unknown>, wordsOnly: boolean): object {
    const build = this.builderFor(value)
    const built = build ? build(value) : value
    return wordsOnly ? this.share(built) : built
  }

  /**
   * A function that copies an object with exactly these keys, in this order, as one object
   * literal (compiled once per key set), or null when the bound is reached or a key cannot be
   * written in a literal. Keys go into the code as JSON string literals, so no key can be code.
   */
  private builderFor(source: Record<string, unknown>): ObjectBuilder | null {
    const keys = Object.keys(source)
    if (keys.length > MAX_BUILT_KEYS) return null
    const signature = JSON.stringify(keys)
    let build = this.builders.get(signature)
    if (build !== undefined) return build
    if (this.builders.size >= MAX_BUILDERS) return null
    // In a literal, "__proto__" would set the prototype instead of a property.
    if (keys.includes('__proto__')) build = null
    else {
      const fields = keys.map((key) => `${JSON.stringify(key)}: v[${JSON.stringify(key)}]`)
      // Every key is JSON-quoted, so no record's content can become code.
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      build = new Function('v', `return { ${fields.join(', ')} }`) as ObjectBuilder
    }
    this.builders.set(signature, build)
    return build
  }

  /** The pool's frozen copy of a small word-only value equal to `value` (which it freezes and keeps when there is none). */
  share(value: object): object {
    const text = JSON.stringify(value)
    const pooled = this.shared.get(text)
    if (pooled !== undefined) return pooled
    if (this.shared.size >= MAX_SHARED_VALUES) this.shared.clear()
    this.shared.set(text, Object.freeze(value))
    return value
  }

  /** The pool's copy of a short string equal to `value` (`value` itself, kept, when there is none). */
  string(value: string): string {
    if (value.length > MAX_POOLED_STRING_LENGTH) return value
    const pooled = this.strings.get(value)
    if (pooled !== undefined) return pooled
    if (this.strings.size >= MAX_POOLED_STRINGS) this.strings.clear()
    this.strings.set(value, value)
    return value
  }
}

type ObjectBuilder = (source: Record<string, unknown>) => Record<string, unknown>

/**
 * The entries (keys and elements) of `value` and everything in it, when it is made only of
 * strings, booleans and null (what JSON text carries exactly) and has at most `budget` of them;
 * -1 otherwise.
 */
export function wordEntries(value: object, budget: number): number {
  let count = 0
  const isArray = Array.isArray(value)
  // Arrays with holes or extra keys are left alone; JSON text would not carry them.
  if (isArray && Object.keys(value).length !== value.length) return -1
  if (!isArray && Object.getPrototypeOf(value) !== Object.prototype) return -1
  for (const v of Object.values(value) as unknown[]) {
    if (++count > budget) return -1
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue
    if (typeof v !== 'object' || v instanceof Uint8Array) return -1
    const inner = wordEntries(v, budget - count)
    if (inner < 0) return -1
    count += inner
  }
  return count
}
