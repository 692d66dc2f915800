import type { ServerResponse } from 'node:http'
import { setImmediate as nextTurn } from 'node:timers/promises'

/**
 * Bytes handed to the socket per write. Node queues whatever `write` is given, whether or not
 * the client reads; in pieces of 256 KiB, waiting for 'drain' after each refused one, a client
 * that stops reading stops costing more than one piece in Node's queue.
 */
export const ANSWER_CHUNK_BYTES = 256 * 1024

/**
 * Writes `data` as the answer's body in pieces, honouring backpressure, and ends the answer.
 * Resolves true when all of it was handed over, false when the client went away first.
 *
 * Each piece after the first waits for a turn of the event loop. A client that reads as fast
 * as we write never makes Node buffer a piece: the kernel takes it at once, and 'drain' then
 * comes on the next tick, before any I/O. Without the wait, a whole answer of tens of MB went out in
 * one turn, and six of them blocked every board for over 50 ms.
 */
export async function writeInChunks(res: ServerResponse, data: Uint8Array, chunkBytes = ANSWER_CHUNK_BYTES): Promise<boolean> {
  for (let offset = 0; offset < data.byteLength; offset += chunkBytes) {
    if (offset > 0) await nextTurn()
    if (res.destroyed || res.writableEnded) return false
    const piece = data.subarray(offset, Math.min(offset + chunkBytes, data.byteLength))
    if (!res.write(piece) && !(await drained(res))) return false
  }
  if (res.destroyed) return false
  res.end()
  return true
}

/** Resolves true on 'drain', false when the answer closes (the client went away, or a timeout destroyed the socket). */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = (): void => {
      res.off('close', onClose)
      resolve(true)
    }
    const onClose = (): void => {
      res.off('drain', onDrain)
      resolve(false)
    }
    res.once('drain', onDrain)
    res.once('close', onClose)
  })
}
