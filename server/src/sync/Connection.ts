import * as decoding from 'lib0/decoding'
import { WebSocket, type RawData } from 'ws'
import type { Logger } from 'pino'
import { CloseCode, type Role } from '@whiteboard/shared'
import { closeWithReason, refuse } from './refuse'
import type { Room } from './Room'
import { MAX_BUFFERED_BYTES, MAX_BYTES_BEFORE_LOAD, MAX_FRAMES_BEFORE_LOAD, type SyncTimings } from './syncLimits'
import { KEEPALIVE_FRAME, MessageType, SyncMessageType } from './syncMessages'
import { analyzeUpdate } from './updateEffect'
import type { UpdateGuard } from './updateGuard'

/** Thrown while decoding a frame that is not the y-websocket protocol. */
class MalformedFrame extends Error {}

export interface ConnectionOptions {
  id: string
  boardId: string
  role: Role
  log: Logger
  guard: UpdateGuard
}

/**
 * One client's websocket on one board: the first door every frame passes.
 *
 * Frames are decoded here; each document update is analysed (undecodable: refused; changes
 * nothing: dropped), put to the update guard, and only then handed to the room, which commits,
 * applies and fans it out. Frames that arrive while the board is loading wait in a bounded
 * queue, so no sync step is answered from a half-loaded doc.
 */
export class Connection {
  readonly id: string
  readonly boardId: string
  readonly role: Role
  readonly log: Logger
  private readonly guard: UpdateGuard
  private room: Room | null = null
  private queue: Uint8Array[] = []
  private queuedBytes = 0
  private closed = false
  /** Set once the server refused or closed this connection: later frames are not acted on. */
  private stopped = false
  private lastSentAt = Date.now()
  private lastPingAt = Date.now()
  private awaitingPong = false
  private readonly closeListeners: Array<() => void> = []

  constructor(
    private readonly ws: WebSocket,
    opts: ConnectionOptions,
  ) {
    this.id = opts.id
    this.boardId = opts.boardId
    this.role = opts.role
    this.log = opts.log
    this.guard = opts.guard
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary))
    ws.on('pong', () => {
      this.awaitingPong = false
    })
    // ws reports protocol violations here (e.g. a frame over maxPayload, after which it closes
    // with 1009); without a listener the error would be thrown and take the process down.
    ws.on('error', (err) => this.log.info({ err: { message: err.message } }, 'websocket error'))
    ws.on('close', (code) => this.onClose(code))
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Joins the loaded room and replays what arrived meanwhile, in order. */
  attach(room: Room): void {
    if (this.closed) return
    this.room = room
    room.join(this)
    const queued = this.queue
    this.queue = []
    this.queuedBytes = 0
    for (const frame of queued) {
      if (this.closed || this.stopped) return
      this.handle(frame)
    }
  }

  onClosed(listener: () => void): void {
    if (this.closed) listener()
    else this.closeListeners.push(listener)
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return
    this.ws.send(frame)
    this.lastSentAt = Date.now()
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn({ buffered: this.ws.bufferedAmount }, 'slow consumer dropped')
      this.close(CloseCode.SLOW_CONSUMER, 'The connection is too slow to keep up with the board')
    }
  }

  /** Sends the auth "permission denied" message, then closes with `code`. */
  refuse(code: CloseCode, reason: string): void {
    this.log.info({ code, reason }, 'connection refused')
    this.stopped = true
    refuse(this.ws, code, reason)
  }

  close(code: number, reason: string): void {
    this.stopped = true
    closeWithReason(this.ws, code, reason)
  }

  /** Cuts the socket without a close handshake (shutdown grace expired, or a dead peer). */
  terminate(): void {
    this.ws.terminate()
  }

  /** Called periodically: keeps y-websocket's 30 s idle timer from firing, and finds dead peers. */
  heartbeat(now: number, timings: SyncTimings): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return
    if (this.awaitingPong && now - this.lastPingAt >= timings.pingIntervalMs) {
      this.log.info('no pong; terminating')
      this.terminate()
      return
    }
    if (now - this.lastPingAt >= timings.pingIntervalMs) {
      this.lastPingAt = now
      this.awaitingPong = true
      this.ws.ping()
    }
    if (this.room && !this.stopped && now - this.lastSentAt >= timings.keepaliveAfterMs) this.send(KEEPALIVE_FRAME)
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.closed || this.stopped) return
    if (!isBinary) {
      this.refuse(CloseCode.MALFORMED_FRAME, 'Expected binary y-websocket frames')
      return
    }
    // Copied: updates are kept in queues and batches beyond the lifetime of ws's read buffers.
    const frame = new Uint8Array(Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data)
    if (this.room) {
      this.handle(frame)
      return
    }
    this.queuedBytes += frame.byteLength
    this.queue.push(frame)
    if (this.queue.length > MAX_FRAMES_BEFORE_LOAD || this.queuedBytes > MAX_BYTES_BEFORE_LOAD) {
      this.queue = []
      this.refuse(CloseCode.RATE_LIMITED, 'Too many messages while the board was loading')
    }
  }

  private handle(frame: Uint8Array): void {
    try {
      this.dispatch(frame)
    } catch (err) {
      // Whatever a frame makes go wrong stays with its connection: never the room, never the process.
      const expected = err instanceof MalformedFrame || isDecodingError(err)
      if (expected) this.log.info({ err: { message: (err as Error).message } }, 'malformed frame')
      else this.log.error({ err }, 'frame handling failed')
      this.refuse(CloseCode.MALFORMED_FRAME, 'The message could not be read')
    }
  }

  private dispatch(frame: Uint8Array): void {
    const room = this.room!
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.SYNC: {
        const syncType = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (syncType === SyncMessageType.STEP1) room.answerSyncStep1(this, payload)
        else if (syncType === SyncMessageType.STEP2 || syncType === SyncMessageType.UPDATE) this.receiveUpdate(room, payload)
        else throw new MalformedFrame(`unknown sync message ${syncType}`)
        return
      }
      case MessageType.AWARENESS:
        room.receiveAwareness(this, decoding.readVarUint8Array(decoder))
        return
      case MessageType.QUERY_AWARENESS:
        room.sendAwareness(this)
        return
      case MessageType.AUTH:
        // Only servers send auth messages; a client's is meaningless but harmless.
        return
      default:
        throw new MalformedFrame(`unknown message type ${type}`)
    }
  }

  private receiveUpdate(room: Room, update: Uint8Array): void {
    const effect = analyzeUpdate(room.doc, update)
    if (!effect.ok) throw new MalformedFrame('undecodable update')
    // Nothing new (a resync echo, or a viewer's empty step 2): nothing to store or send.
    if (!effect.changes) return
    const verdict = this.guard(update, { boardId: this.boardId, role: this.role, doc: room.doc, decoded: effect.decoded })
    if (!verdict.ok) {
      this.refuse(verdict.code, verdict.reason)
      return
    }
    room.submitUpdate(this, update)
  }

  private onClose(code: number): void {
    if (this.closed) return
    this.closed = true
    this.queue = []
    this.log.debug({ code }, 'connection closed')
    this.room?.leave(this)
    for (const listener of this.closeListeners.splice(0)) listener()
  }
}

/** lib0 decoders throw plain Errors (e.g. "Unexpected end of array") or RangeErrors on garbage; JSON.parse throws SyntaxError. */
function isDecodingError(err: unknown): boolean {
  return err instanceof RangeError || err instanceof SyntaxError || (err instanceof Error && /unexpected end|integer out of range|malformed|invalid/i.test(err.message))
}
