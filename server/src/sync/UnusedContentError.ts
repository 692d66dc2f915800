/** Why an update holding content the board never uses is refused. */
export const UNUSED_CONTENT_REASON = 'The change holds content the board does not use'

/**
 * Thrown while an update is decoded for inspection, at its first item whose content the board
 * never holds: text, formatting, embeds, binary or JSON values, nested types, subdocuments. The
 * board holds plain values (and deleted items and garbage-collected runs); anything else would
 * be refused after decoding, and decoding it was what cost: Yjs builds a document for each
 * subdocument item and a type for each nested one, and 2.7 MB of subdocument items took 5.1 s
 * and 712 MB to decode.
 */
export class UnusedContentError extends Error {
  constructor() {
    super(UNUSED_CONTENT_REASON)
  }
}
