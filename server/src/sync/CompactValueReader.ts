import * as decoding from 'lib0/decoding'
import { MAX_BUILDERS, MAX_BUILT_KEYS, MAX_POOLED_STRING_LENGTH, MAX_SHARED_ENTRIES, type ValuePool } from './ValuePool'

/**
 * Steps in the reader's tree of key sets (see `CompactValueReader.readObject`). tldraw's few
 * dozen key sets of about ten keys each take a few hundred; past the bound, objects of new key
 * sets are read as lib0 reads them and then rebuilt by the pool.
 */
const MAX_KEY_STEPS = 10_000

/**
 * Slots of the cache of recently read short ASCII strings, by a hash of their bytes (a power of
 * two). A board's vocabulary of a few hundred words fits with few collisions; a collision only
 * costs the string's copy and a pool lookup.
 */
const RECENT_STRING_SLOTS = 8192

/** One step of the key-set tree: the keys that may follow, and what is made of an object whose keys end here. */
interface KeyStep {
  /** The keys from the root to this step, in order. */
  readonly keys: readonly string[]
  readonly next: Map<string, KeyStep>
  /** The literal for these keys; null: none (bound reached, or a "__proto__" key); undefined: not made yet. */
  build: ValuesBuilder | null | undefined
  /** The shared value last made here, and the values it was made of. */
  lastShared: { values: readonly unknown[]; shared: object } | null
}

type ValuesBuilder = (values: readonly unknown[]) => Record<string, unknown>

/** lib0's type tags of `readAny` (lib0/decoding.js, readAnyLookupTable). */
const ANY_UNDEFINED = 127
const ANY_NULL = 126
const ANY_INTEGER = 125
const ANY_FLOAT32 = 124
const ANY_FLOAT64 = 123
const ANY_BIGINT = 122
const ANY_FALSE = 121
const ANY_TRUE = 120
const ANY_STRING = 119
const ANY_OBJECT = 118
const ANY_ARRAY = 117
const ANY_BYTES = 116

/**
 * Reads the values of an update (lib0's `readAny` encoding, in which Yjs writes records and map
 * entries) straight into the form `ValuePool.compact` gives them, without the decoded copy: a
 * 25 MiB board's load decoded each of its 60,000 records and then copied it again, and read
 * every short string through its own TextDecoder call and view of the update, most of the
 * apply's time. The values are equal to what lib0 decodes (key order, duplicate keys and
 * "__proto__" keys included: such an object is lib0's own, prototype and all) and shared with
 * the pool's, across boards. The update guards judge them (decodeUpdateCompacted), so anything
 * lib0 would read differently could pass the guards as something else.
 *
 * - Short ASCII strings are read by char code and found through a small cache by their bytes;
 *   other text goes through lib0's own decoder (its UTF-8 checks and errors).
 * - Objects are built by one literal per key set (followed along a tree of keys, so no key
 *   set's text is made per object), which lays their properties out as `compact` does.
 * - Whether a value is small and made only of words (so the pool shares it) is counted while
 *   it is read; such a value made of the very same parts as the last one of its key set is
 *   that one (nearly every record has the same `meta: {}` and the same empty rich text).
 */
export class CompactValueReader {
  /** The word entries of the value `read` returned last, -1 when it is not shared (see `ValuePool.wordEntries`). */
  private words = 0
  private readonly root: KeyStep = newStep([])
  private keySteps = 0
  private builders = 0
  private readonly recent: Array<string | undefined> = new Array<string | undefined>(RECENT_STRING_SLOTS)
  /** Reused char-code lists, by length, for short ASCII strings. */
  private readonly charCodes = Array.from({ length: MAX_POOLED_STRING_LENGTH + 1 }, (_, n) => new Array<number>(n).fill(0))
  /** The shared array last made, and its elements. */
  private lastSharedArray: { values: readonly unknown[]; shared: object } | null = null

  constructor(private readonly pool: ValuePool) {}

  /** Reads one value where `decoder` stands, as lib0's `readAny` would, in compact form. Throws where `readAny` throws. */
  read(decoder: decoding.Decoder): unknown {
    const type = decoding.readUint8(decoder)
    switch (type) {
      case ANY_STRING:
        this.words = 0
        return this.readString(decoder)
      case ANY_OBJECT:
        return this.readObject(decoder)
      case ANY_ARRAY:
        return this.readArray(decoder)
      case ANY_NULL:
      case ANY_FALSE:
      case ANY_TRUE:
        this.words = 0
        return type === ANY_NULL ? null : type === ANY_TRUE
      case ANY_UNDEFINED:
        this.words = -1
        return undefined
      case ANY_INTEGER:
        this.words = -1
        return decoding.readVarInt(decoder)
      case ANY_FLOAT32:
        this.words = -1
        return decoding.readFloat32(decoder)
      case ANY_FLOAT64:
        this.words = -1
        return decoding.readFloat64(decoder)
      case ANY_BIGINT:
        this.words = -1
        return decoding.readBigInt64(decoder)
      case ANY_BYTES:
        this.words = -1
        return decoding.readVarUint8Array(decoder)
      default:
        throw new Error(`unknown value type ${type}`)
    }
  }

  private readString(decoder: decoding.Decoder): string {
    const start = decoder.pos
    const length = decoding.readVarUint(decoder)
    const bytes = decoder.arr
    const from = decoder.pos
    if (length <= MAX_POOLED_STRING_LENGTH && from + length <= bytes.length) {
      let hash = length
      let ascii = true
      for (let at = from; at < from + length; at++) {
        const byte = bytes[at]!
        if (byte >= 0x80) {
          ascii = false
          break
        }
        hash = (Math.imul(hash, 31) + byte) | 0
      }
      if (ascii) {
        decoder.pos = from + length
        const slot = hash & (RECENT_STRING_SLOTS - 1)
        const known = this.recent[slot]
        if (known !== undefined && sameAscii(known, bytes, from, length)) return known
        const codes = this.charCodes[length]!
        for (let i = 0; i < length; i++) codes[i] = bytes[from + i]!
        const read = this.pool.string(String.fromCharCode.apply(null, codes))
        this.recent[slot] = read
        return read
      }
    }
    decoder.pos = start
    return this.pool.string(decoding.readVarString(decoder))
  }

  private readArray(decoder: decoding.Decoder): unknown[] {
    const length = decoding.readVarUint(decoder)
    const values: unknown[] = []
    let words = 0
    for (let i = 0; i < length; i++) {
      values.push(this.read(decoder))
      words = addWords(words, this.words)
    }
    this.words = words
    if (words < 0) return values
    const last = this.lastSharedArray
    if (last && sameValues(last.values, values)) return last.shared as unknown[]
    const shared = this.pool.share(values)
    this.lastSharedArray = { values, shared }
    return shared as unknown[]
  }

  private readObject(decoder: decoding.Decoder): object {
    const length = decoding.readVarUint(decoder)
    const values: unknown[] = []
    let words = 0
    let step = this.root
    // The keys, once they leave the tree (past its bound).
    let keys: string[] | null = null
    for (let i = 0; i < length; i++) {
      const key = this.readString(decoder)
      values.push(this.read(decoder))
      words = addWords(words, this.words)
      if (keys) keys.push(key)
      else {
        const next = this.nextStep(step, key)
        if (next) step = next
        else keys = [...step.keys, key]
      }
    }
    if (!keys && step.build === undefined) step.build = this.builderFor(step.keys)
    if (keys || !step.build) {
      // As lib0 builds it (a "__proto__" key sets the prototype), then rebuilt by the pool.
      const decoded: Record<string, unknown> = {}
      const names = keys ?? step.keys
      for (let i = 0; i < names.length; i++) decoded[names[i]!] = values[i]
      // Kept as lib0 built it: the pool's copy would drop the prototype the key set, and the
      // update guards judge these values, which must read as they read in every peer's lib0.
      if (names.includes('__proto__')) {
        this.words = -1
        return decoded
      }
      // Counted while reading (duplicate keys counted each time, so never less than what is kept).
      this.words = words
      return this.pool.compactOuter(decoded, words >= 0)
    }
    this.words = words
    if (words < 0) return step.build(values)
    const last = step.lastShared
    if (last && sameValues(last.values, values)) return last.shared
    const shared = this.pool.share(step.build(values))
    step.lastShared = { values, shared }
    return shared
  }

  private nextStep(step: KeyStep, key: string): KeyStep | null {
    const known = step.next.get(key)
    if (known) return known
    // Each step keeps its keys from the root, so a long key set kept whole would cost the square
    // of its length; beyond MAX_BUILT_KEYS it would get no builder anyway.
    if (this.keySteps >= MAX_KEY_STEPS || step.keys.length >= MAX_BUILT_KEYS) return null
    this.keySteps++
    const next = newStep([...step.keys, key])
    step.next.set(key, next)
    return next
  }

  /**
   * A function that makes an object of `keys` (as written, duplicates included: the last value
   * wins, where the first was, as when lib0 assigns them) from their values as one literal, or
   * null past MAX_BUILDERS or for a "__proto__" key (which a literal would take as the prototype).
   */
  private builderFor(keys: readonly string[]): ValuesBuilder | null {
    if (this.builders >= MAX_BUILDERS || keys.includes('__proto__')) return null
    this.builders++
    // Every key is JSON-quoted, so no record's content can become code.
    const fields = keys.map((key, i) => `${JSON.stringify(key)}: v[${i}]`)
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('v', `return { ${fields.join(', ')} }`) as ValuesBuilder
  }
}

function newStep(keys: readonly string[]): KeyStep {
  return { keys, next: new Map(), build: undefined, lastShared: null }
}

/** The word entries of a value with one more entry whose own are `entry` (see `ValuePool.wordEntries`): -1 once it is not shared. */
function addWords(words: number, entry: number): number {
  if (words < 0 || entry < 0) return -1
  const sum = words + 1 + entry
  return sum > MAX_SHARED_ENTRIES ? -1 : sum
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function sameAscii(text: string, bytes: Uint8Array, from: number, length: number): boolean {
  if (text.length !== length) return false
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== bytes[from + i]) return false
  return true
}
