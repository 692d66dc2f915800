import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { CompactValueReader } from './CompactValueReader'
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

/**
 * `Y.applyUpdate`, with the values it adds read straight into their compact form
 * (CompactValueReader) instead of being decoded and then copied by `ValuePool.compactTransaction`.
 * The doc ends up the same, value for value. Only values Yjs itself keeps for later (structs
 * waiting for one they refer to) are decoded its own way when they are applied.
 */
export function applyUpdateCompacted(doc: Y.Doc, update: Uint8Array, values: ValuePool, origin?: unknown): void {
  let reader = readers.get(values)
  if (!reader) readers.set(values, (reader = new CompactValueReader(values)))
  const decoder = decoding.createDecoder(update)
  Y.readUpdateV2(decoder, doc, origin, new CompactingDecoder(decoder, reader))
}
