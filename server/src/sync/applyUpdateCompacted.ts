import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { CompactValueReader } from './CompactValueReader'
import type { DecodedUpdate } from './structLookup'
import type { ValuePool } from './ValuePool'

/** Yjs' decoder of v1 updates, with every record and map value read in compact form. */
class CompactingDecoder extends Y.UpdateDecoderV1 {
  constructor(
    decoder: decoding.Decoder,
    private readonly reader: CompactValueReader,
  ) {
    super(decoder)
  }

  override readAny(): unknown {
    return this.reader.read(this.restDecoder)
  }
}

/** One reader per pool: its caches serve every board the pool does. */
const readers = new WeakMap<ValuePool, CompactValueReader>()

function readerOf(values: ValuePool): CompactValueReader {
  let reader = readers.get(values)
  if (!reader) readers.set(values, (reader = new CompactValueReader(values)))
  return reader
}

/** Yjs' decoder classes bound to a pool's reader, for `Y.decodeUpdateV2`, which makes its decoder itself. */
const decoderClasses = new WeakMap<ValuePool, new (decoder: decoding.Decoder) => Y.UpdateDecoderV1>()

/**
 * `Y.decodeUpdate`, with the values read the way `applyUpdateCompacted` reads them: short
 * strings from the reader's cache instead of a TextDecoder call and a view of the update each,
 * objects by one literal per key set. The server decodes every update to inspect and guard it
 * before it is applied, so this is half of the values an update costs to read.
 */
export function decodeUpdateCompacted(update: Uint8Array, values: ValuePool): DecodedUpdate {
  let decoderClass = decoderClasses.get(values)
  if (!decoderClass) {
    const reader = readerOf(values)
    decoderClass = class extends CompactingDecoder {
      constructor(decoder: decoding.Decoder) {
        super(decoder, reader)
      }
    }
    decoderClasses.set(values, decoderClass)
  }
  return Y.decodeUpdateV2(update, decoderClass)
}

/**
 * `Y.applyUpdate`, with the values it adds read straight into their compact form
 * (CompactValueReader) instead of being decoded and then copied by `ValuePool.compactTransaction`.
 * The doc ends up the same, value for value. Only values Yjs itself keeps for later (structs
 * waiting for one they refer to) are decoded its own way when they are applied.
 */
export function applyUpdateCompacted(doc: Y.Doc, update: Uint8Array, values: ValuePool, origin?: unknown): void {
  const decoder = decoding.createDecoder(update)
  Y.readUpdateV2(decoder, doc, origin, new CompactingDecoder(decoder, readerOf(values)))
}
