import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { CompactValueReader } from './CompactValueReader'
import { UnusedContentError } from './UnusedContentError'
import type { DecodedUpdate } from './structLookup'
import type { ValuePool } from './ValuePool'

/**
 * The values `decodeUpdateCompacted` read of one update, in the order the update holds them, and
 * where each one lay in it: applying that very update (`applyUpdateCompacted`) takes them as they
 * are instead of reading them again, so the values the guards judged are the ones the doc holds.
 */
export interface ReadValues {
  /** The update they were read from: they stand in for these bytes only. */
  readonly update: Uint8Array
  readonly values: unknown[]
  /** Where each value's bytes start in `update`... */
  readonly starts: number[]
  /** ...and end. */
  readonly ends: number[]
}

/**
 * Yjs' decoder of v1 updates, with every record and map value read in compact form. With `note`,
 * each value read is noted there with its place; with `replay` (values noted from the same
 * bytes), a value found at its noted place is taken from there without reading.
 */
class CompactingDecoder extends Y.UpdateDecoderV1 {
  /** The next value of `replay` to look for. */
  private replayed = 0

  constructor(
    decoder: decoding.Decoder,
    private readonly reader: CompactValueReader,
    private readonly note: ReadValues | null = null,
    private readonly replay: ReadValues | null = null,
  ) {
    super(decoder)
  }

  /** While inspecting (`note`), stops at the first item of content the board does not use. */
  override readInfo(): number {
    const info = super.readInfo()
    if (this.note && !BOARD_CONTENT.has(info & CONTENT_REF_BITS)) throw new UnusedContentError()
    return info
  }

  override readAny(): unknown {
    const decoder = this.restDecoder
    const start = decoder.pos
    const { note, replay } = this
    if (replay) {
      const i = this.replayed
      if (i < replay.values.length && replay.starts[i] === start) {
        this.replayed = i + 1
        decoder.pos = replay.ends[i]!
        return replay.values[i]
      }
    }
    const value = this.reader.read(decoder)
    if (note) {
      note.values.push(value)
      note.starts.push(start)
      note.ends.push(decoder.pos)
    }
    return value
  }
}

/** The bits of a struct's info byte that say what it holds (Yjs' content refs). */
const CONTENT_REF_BITS = 0x1f

/** What the board's structs hold: garbage-collected runs (0), deleted items (1), plain values (8), skipped runs (10). */
const BOARD_CONTENT = new Set([0, 1, 8, 10])

/** One reader per pool: its caches serve every board the pool does. */
const readers = new WeakMap<ValuePool, CompactValueReader>()

function readerOf(values: ValuePool): CompactValueReader {
  let reader = readers.get(values)
  if (!reader) readers.set(values, (reader = new CompactValueReader(values)))
  return reader
}

/** Yjs' decoder classes bound to a pool's reader, for `Y.decodeUpdateV2`, which makes its decoder itself. */
const decoderClasses = new WeakMap<ValuePool, new (decoder: decoding.Decoder) => Y.UpdateDecoderV1>()

/** Where the decoder `decodeUpdateCompacted` has Yjs make notes its values (set only during that call). */
let noting: ReadValues | null = null

/**
 * `Y.decodeUpdate`, with the values read the way `applyUpdateCompacted` reads them: short
 * strings from the reader's cache instead of a TextDecoder call and a view of the update each,
 * objects by one literal per key set. The server decodes every update to inspect and guard it
 * before it is applied. The values are noted (`values` of the result, ReadValues), so that
 * applying this very update reads none of them again.
 */
export function decodeUpdateCompacted(update: Uint8Array, values: ValuePool): DecodedUpdate {
  let decoderClass = decoderClasses.get(values)
  if (!decoderClass) {
    const reader = readerOf(values)
    decoderClass = class extends CompactingDecoder {
      constructor(decoder: decoding.Decoder) {
        super(decoder, reader, noting)
      }
    }
    decoderClasses.set(values, decoderClass)
  }
  const read: ReadValues = { update, values: [], starts: [], ends: [] }
  noting = read
  try {
    return { ...Y.decodeUpdateV2(update, decoderClass), values: read }
  } finally {
    noting = null
  }
}

/**
 * `Y.applyUpdate`, with the values it adds read straight into their compact form
 * (CompactValueReader) instead of being decoded and then copied by `ValuePool.compactTransaction`.
 * The doc ends up the same, value for value. `read`: what decodeUpdateCompacted read of this
 * very update, whose values are then taken as they are, not read again. Only values Yjs itself
 * keeps for later (structs waiting for one they refer to) are decoded its own way when they are
 * applied.
 */
export function applyUpdateCompacted(doc: Y.Doc, update: Uint8Array, values: ValuePool, origin?: unknown, read?: ReadValues): void {
  const decoder = decoding.createDecoder(update)
  const replay = read?.update === update ? read : null
  Y.readUpdateV2(decoder, doc, origin, new CompactingDecoder(decoder, readerOf(values), null, replay))
}
