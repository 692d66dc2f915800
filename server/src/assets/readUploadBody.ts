import type { IncomingMessage } from 'node:http'

/**
 * How much of a refused body the server reads and throws away before it answers. Answering
 * while the browser is still sending, then closing, makes the browser report a connection reset
 * instead of our 413/403; so we drain. Past this many bytes the sender is not a browser that
 * ignored our client-side check but someone streaming garbage, and we hang up on them.
 */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024

export type UploadBody =
  | { kind: 'ok'; data: Uint8Array }
  /** Over `limit`; the rest was read and discarded, so an answer will reach the sender. */
  | { kind: 'too-large'; received: number }
  /** Over {@link MAX_DRAIN_BYTES}: stop reading and close the connection after answering. */
  | { kind: 'abusive' }

/**
 * Reads a raw request body up to `limit` bytes. It never holds more than `limit` bytes:
 * once past it, chunks are counted and dropped. A declared Content-Length above the limit
 * skips the buffering from the first byte but is still drained.
 */
export async function readUploadBody(req: IncomingMessage, limit: number): Promise<UploadBody> {
  const declared = Number(req.headers['content-length'])
  let overLimit = Number.isFinite(declared) && declared > limit
  const chunks: Buffer[] = []
  let received = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length
    if (received > MAX_DRAIN_BYTES) return { kind: 'abusive' }
    if (received > limit) overLimit = true
    if (overLimit) chunks.length = 0
    else chunks.push(chunk)
  }
  if (overLimit) return { kind: 'too-large', received }
  return { kind: 'ok', data: Buffer.concat(chunks, received) }
}

/** Reads and discards a body we refuse for another reason (role, token), so the refusal is seen. */
export async function drainBody(req: IncomingMessage): Promise<'drained' | 'abusive'> {
  if (req.readableEnded) return 'drained'
  const result = await readUploadBody(req, 0)
  return result.kind === 'abusive' ? 'abusive' : 'drained'
}
