import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'

export interface RawSocket {
  ws: WebSocket
  /** Reasons of auth "permission denied" messages received. */
  denials: string[]
  /** Frames received so far (a joined socket gets the server's sync step 1 first). */
  received: { frames: number }
  /** Resolves with the close the server sent. */
  closed: Promise<{ code: number; reason: string }>
  opened: Promise<void>
}

/** A bare websocket that plays an attacker: it sends whatever bytes a test gives it, with whatever handshake headers. */
export function rawSocket(url: string, opts: { headers?: Record<string, string>; protocols?: string[] } = {}): RawSocket {
  const ws = new WebSocket(url, opts.protocols ?? [], opts.headers ? { headers: opts.headers } : {})
  const denials: string[] = []
  const received = { frames: 0 }
  ws.on('message', (data: Buffer) => {
    received.frames++
    try {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) === 2 && decoding.readVarUint(decoder) === 0) denials.push(decoding.readVarString(decoder))
    } catch {
      // not an auth message
    }
  })
  ws.on('error', () => {})
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  return { ws, denials, received, closed, opened }
}
