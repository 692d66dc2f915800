import * as Y from 'yjs'

/**
 * Updates up to this size travel inside their stream entry; a larger one goes as its seq alone
 * and the nodes read it from Postgres. Most updates are a few hundred bytes (a moved shape, a
 * typed word); an image of a board or a pasted template can be near a megabyte, and a stream
 * that may keep STREAM_MAX_ENTRIES of those would hold gigabytes in Redis's memory.
 */
export const INLINE_UPDATE_MAX_BYTES = 16 * 1024

/** Longest node id an entry may carry (nodes name themselves with NODE_ID_LENGTH characters). */
const MAX_NODE_ID_LENGTH = 64

/** One committed update as the stream carries it. */
export interface StreamEntry {
  /** The board's sequence number Postgres gave the update. */
  seq: number
  /** The node that committed it. */
  node: string
  /** Null when it was too large to travel (INLINE_UPDATE_MAX_BYTES) or damaged: read it from Postgres. */
  update: Uint8Array | null
  /** The entry carried an update that cannot be read. */
  damaged?: true
}

/** The fields of an XADD for `entry`. */
export function entryFields(seq: number, node: string, update: Uint8Array): (string | Buffer)[] {
  const fields: (string | Buffer)[] = ['seq', String(seq), 'node', node]
  if (update.byteLength <= INLINE_UPDATE_MAX_BYTES) fields.push('u', Buffer.from(update.buffer, update.byteOffset, update.byteLength))
  return fields
}

/**
 * Reads a stream entry's fields; null when they are not an entry this server wrote (no seq, no
 * node). Anyone who can write to Redis can write to the stream, so an entry is checked like any
 * other input: one without a readable seq is skipped, and one whose update Yjs cannot decode
 * comes back `damaged`, without its update, which is then read from Postgres by its seq.
 */
export function readEntry(fields: readonly Buffer[]): StreamEntry | null {
  let seqText: string | undefined
  let node: string | undefined
  let update: Uint8Array | null = null
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i]!.toString('latin1')
    const value = fields[i + 1]!
    if (name === 'seq') seqText = value.toString('latin1')
    else if (name === 'node') node = value.toString('latin1')
    else if (name === 'u') update = new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  }
  if (seqText === undefined || !/^[1-9][0-9]{0,15}$/.test(seqText)) return null
  const seq = Number(seqText)
  if (!Number.isSafeInteger(seq) || node === undefined || node.length === 0 || node.length > MAX_NODE_ID_LENGTH) return null
  if (update) {
    let readable = update.byteLength <= INLINE_UPDATE_MAX_BYTES
    try {
      if (readable) Y.decodeUpdate(update)
    } catch {
      readable = false
    }
    // The seq is good: the update is read from Postgres instead.
    if (!readable) return { seq, node, update: null, damaged: true }
  }
  return { seq, node, update }
}

/** The Redis server time (ms) an entry id was made at, for the fan-out lag. */
export function entryTimeMs(id: string): number {
  const dash = id.indexOf('-')
  return Number(dash < 0 ? id : id.slice(0, dash))
}
