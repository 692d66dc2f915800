import * as decoding from 'lib0/decoding'
import { WebSocket, type RawData } from 'ws'
import type { Logger } from 'pino'
import { CloseCode, type Role } from '@whiteboard/shared'
import { formatBytes } from './formatBytes'
import { messageLength, type FramedMessage, type PreparedFrames } from './preparedFrames'
import { isJsonNullAt, type PresenceEntry } from './PresenceOwnership'
import { closeWithReason, refuse } from './refuse'
import type { Room } from './Room'
import type { DecodedUpdate } from './structLookup'
import { MAX_BYTES_BEFORE_LOAD, MAX_FRAMES_BEFORE_LOAD, MAX_PRESENCE_STATE_BYTES, PRESENCE_QUERIES_PER_SECOND, PRESENCE_QUERY_BURST, SYNC_REQUEST_BURST, SYNC_REQUESTS_PER_MINUTE, type SyncLimits, type SyncTimings } from './syncLimits'
import { KEEPALIVE_FRAME, MessageType, SyncMessageType } from './syncMessages'
import type { SyncObserver } from './SyncObserver'
import { TokenBucket } from './TokenBucket'
import { UnusedContentError } from './UnusedContentError'

/** Thrown while decoding a frame that is not the y-websocket protocol. */
class MalformedFrame extends Error {}

export interface ConnectionOptions {
  id: string
  boardId: string
  role: Role
  /** The voter id its voter token proved at connect (upgrade.ts): the only votes key it may write. */
  voterId: string | undefined
  log: Logger
  limits: SyncLimits
  observer: SyncObserver
}

/**
 * One client's websocket on one board: the first door every frame passes.
 *
 * Each frame is metered (message and byte token buckets) and decoded here; an undecodable one
 * closes the connection. Each document update is decoded once and handed to the room
 * (Room.receiveUpdate), which inspects and guards it against its doc and then commits, applies
 * and fans it out. Frames that arrive while the board is loading wait in a bounded queue, so
 * no sync step is answered from a half-loaded doc.
 */
export class Connection {
  readonly id: string
  readonly boardId: string
  readonly role: Role
  readonly voterId: string | undefined
  readonly log: Logger
  private readonly limits: SyncLimits
  private readonly observer: SyncObserver
  private readonly messageBucket: TokenBucket
  private readonly byteBucket: TokenBucket
  private readonly syncRequestBucket: TokenBucket
  private readonly presenceQueryBucket: TokenBucket
  private room: Room | null = null
  private queue: Uint8Array[] = []
  private queuedBytes = 0
  /** Its client had nothing and got the stored board while the board loaded (`answerWhileLoading`). */
  private answeredWhileLoading = false
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
    this.voterId = opts.voterId
    this.log = opts.log
    this.limits = opts.limits
    this.observer = opts.observer
    const now = performance.now()
    this.messageBucket = new TokenBucket(opts.limits.messagesPerSecond, opts.limits.messageBurst, now)
    this.byteBucket = new TokenBucket(opts.limits.bytesPerSecond, opts.limits.byteBurst, now)
    this.syncRequestBucket = new TokenBucket(SYNC_REQUESTS_PER_MINUTE / 60, SYNC_REQUEST_BURST, now)
    this.presenceQueryBucket = new TokenBucket(PRESENCE_QUERIES_PER_SECOND, PRESENCE_QUERY_BURST, now)
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary))
    ws.on('pong', () => {
      this.awaitingPong = false
    })
    // ws reports protocol violations here (e.g. a frame over maxPayload, after which it closes
    // with 1009); without a listener the error would be thrown and take the process down.
    ws.on('error', (err) => {
      this.log.info({ err: { message: err.message } }, 'websocket error')
      if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.observer.refused(CloseCode.MESSAGE_TOO_BIG)
    })
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

  /**
   * While the board is still being built into a doc, answers a sync step 1 from a client that
   * has nothing (an empty state vector, as every fresh client sends) with `answer`: the board
   * as storage holds it, a sync step 2 (boardLoading.ts, newcomerAnswerOf). Decoding a large board into a
   * doc takes the server far longer than reading it, and such a client needs nothing from the
   * doc. Its other frames wait for the room as before.
   */
  answerWhileLoading(answer: FramedMessage): void {
    if (this.room || this.closed || this.stopped) return
    const at = this.queue.findIndex(isFreshSyncStep1)
    if (at < 0) return
    this.queuedBytes -= this.queue[at]!.byteLength
    this.queue.splice(at, 1)
    this.answeredWhileLoading = true
    this.send(answer)
  }

  /** Whether its client got the stored board while the board loaded: it brings nothing, and its handshake is done. */
  get wasAnsweredWhileLoading(): boolean {
    return this.answeredWhileLoading
  }

  onClosed(listener: () => void): void {
    if (this.closed) listener()
    else this.closeListeners.push(listener)
  }

  /**
   * Sends one message; one given in parts goes out as one fragment per part (RFC 6455, section
   * 5.4), which the client's websocket joins into the one message. No part is copied: ws writes
   * each fragment as its small header and the part itself, so a 24 MiB snapshot behind a sync
   * header is not copied into a frame of its own.
   */
  send(message: FramedMessage): void {
    if (this.stopped || this.ws.readyState !== WebSocket.OPEN) return
    if (message instanceof Uint8Array) this.ws.send(message)
    else message.forEach((part, i) => this.ws.send(part, { binary: true, fin: i === message.length - 1 }))
    this.sent([message])
  }

  /**
   * Writes messages framed once for all of a room's sockets (preparedFrames.ts), in one write.
   * ws has no call for that, so the bytes go to the TCP socket under it; safe because ws keeps
   * no queue of its own unless permessage-deflate is on, which the server turns off (upgrade.ts).
   */
  sendPrepared(prepared: PreparedFrames): void {
    if (this.stopped || this.ws.readyState !== WebSocket.OPEN) return
    const socket = (this.ws as unknown as { _socket?: { write(bytes: Buffer): boolean } })._socket
    if (socket) socket.write(prepared.bytes)
    else for (const message of prepared.messages) this.ws.send(message)
    this.sent(prepared.messages)
  }

  /** Counts what was sent and drops a reader that lets too much pile up. */
  private sent(messages: readonly FramedMessage[]): void {
    const counters = this.observer.counters
    counters.messagesOut += messages.length
    for (const message of messages) counters.bytesOut += messageLength(message)
    this.lastSentAt = Date.now()
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      // No denial message: it would queue behind the bytes this client is not reading.
      this.log.warn({ code: CloseCode.SLOW_CONSUMER, buffered: this.ws.bufferedAmount }, 'slow consumer dropped')
      this.observer.refused(CloseCode.SLOW_CONSUMER)
      this.close(CloseCode.SLOW_CONSUMER, 'The connection is too slow to keep up with the board')
    }
  }

  /** Sends the auth "permission denied" message, then closes with `code`. */
  refuse(code: CloseCode, reason: string): void {
    if (this.stopped) return
    this.log.info({ code, reason }, 'connection refused')
    this.observer.refused(code)
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
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength
    const counters = this.observer.counters
    counters.messagesIn++
    counters.bytesIn += size
    const now = performance.now()
    // Presence messages take their message token only if they bring news (see receivePresence):
    // stock clients echo every presence update they receive, which is honest and costs nothing.
    const first = Array.isArray(data) ? data[0]?.[0] : data instanceof ArrayBuffer ? new Uint8Array(data, 0, Math.min(1, data.byteLength))[0] : data[0]
    if (!this.byteBucket.take(size, now) || (first !== MessageType.AWARENESS && !this.messageBucket.take(1, now))) {
      this.refuseRate()
      return
    }
    if (!isBinary) {
      this.refuse(CloseCode.MALFORMED_FRAME, 'Expected binary y-websocket frames')
      return
    }
    const frame = ownFrame(data)
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
        if (syncType === SyncMessageType.STEP1) {
          if (this.syncRequestBucket.take(1, performance.now())) room.answerSyncStep1(this, payload)
          else this.refuse(CloseCode.RATE_LIMITED, `Too many sync requests from this connection (at most ${SYNC_REQUESTS_PER_MINUTE} a minute)`)
        } else if (syncType === SyncMessageType.STEP2 || syncType === SyncMessageType.UPDATE) this.receiveUpdate(room, payload, syncType === SyncMessageType.STEP2)
        else throw new MalformedFrame(`unknown sync message ${syncType}`)
        return
      }
      case MessageType.AWARENESS:
        this.receivePresence(room, decoding.readVarUint8Array(decoder))
        return
      case MessageType.QUERY_AWARENESS:
        if (this.presenceQueryBucket.take(1, performance.now())) room.sendAwareness(this)
        return
      case MessageType.AUTH:
        // Only servers send auth messages; a client's is meaningless but harmless.
        return
      default:
        throw new MalformedFrame(`unknown message type ${type}`)
    }
  }

  /**
   * An awareness update. Stock y-websocket clients send back every presence update they
   * receive, so in a busy room most of these are echoes of states the server has: those are
   * dropped here, from their clocks alone, before any JSON is parsed, and cost no message
   * token. Only lengths are read, to refuse an oversized state. The entries that bring news
   * go to the room's PresenceOwnership, which applies those this connection may make.
   */
  private receivePresence(room: Room, payload: Uint8Array): void {
    const decoder = decoding.createDecoder(payload)
    const count = decoding.readVarUint(decoder)
    const { meta, states } = room.awareness
    const news: PresenceEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      // The state is skipped, not sliced: echoes make up most presence traffic, and a view per
      // entry was garbage by the hundred thousand a second at 100 people.
      const length = decoding.readVarUint(decoder)
      const start = decoder.pos
      if (length > MAX_PRESENCE_STATE_BYTES) {
        this.refuse(CloseCode.INVALID_UPDATE, `Refused presence data larger than ${formatBytes(MAX_PRESENCE_STATE_BYTES)}`)
        return
      }
      if (start + length > payload.length) throw new MalformedFrame('presence entry past the end of the message')
      decoder.pos = start + length
      // The rule y-protocols' applyAwarenessUpdate applies: a newer clock, or a removal ("null") at the same clock.
      const known = meta.get(clientId)?.clock ?? 0
      if (known < clock || (known === clock && isJsonNullAt(payload, start, length) && states.has(clientId))) news.push({ clientId, clock, start, length })
    }
    if (news.length === 0) return
    if (!this.messageBucket.take(1, performance.now())) {
      this.refuseRate()
      return
    }
    const refusal = room.presence.receive(this, payload, news)
    if (refusal) this.refuse(refusal.code, refusal.reason)
  }

  private refuseRate(): void {
    this.refuse(
      CloseCode.RATE_LIMITED,
      `Too many messages from this connection (at most ${this.limits.messagesPerSecond} messages and ${formatBytes(this.limits.bytesPerSecond)} per second)`,
    )
  }

  private receiveUpdate(room: Room, update: Uint8Array, isStep2: boolean): void {
    let decoded: DecodedUpdate
    try {
      decoded = room.decodeUpdate(update)
    } catch (err) {
      if (!(err instanceof UnusedContentError)) throw new MalformedFrame('undecodable update')
      this.refuse(CloseCode.INVALID_UPDATE, err.message)
      return
    }
    room.receiveUpdate(this, update, decoded, isStep2)
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

/**
 * The frame's bytes, to be kept in queues and batches. A frame that is most of the buffer it
 * sits in (a large message, which ws assembles in a buffer of its own) is kept as it is: copying
 * a 75 kB update was one more large short-lived buffer outside the JS heap, and the allocator
 * keeps what bursts of those took. A small frame is a view into a socket read or ws's shared
 * pool, which it would keep alive whole, so it is copied. ws and Node never write into a buffer
 * they have handed out, so a kept view stays valid.
 */
function ownFrame(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (data.byteLength * 2 >= data.buffer.byteLength) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new Uint8Array(data)
}

/** A sync step 1 with an empty state vector: message SYNC, STEP1, a one-byte payload holding zero clients. */
function isFreshSyncStep1(frame: Uint8Array): boolean {
  return frame.length === 4 && frame[0] === MessageType.SYNC && frame[1] === SyncMessageType.STEP1 && frame[2] === 1 && frame[3] === 0
}

/** lib0 decoders throw plain Errors (e.g. "Unexpected end of array") or RangeErrors on garbage; JSON.parse throws SyntaxError. */
function isDecodingError(err: unknown): boolean {
  return err instanceof RangeError || err instanceof SyntaxError || (err instanceof Error && /unexpected end|integer out of range|malformed|invalid/i.test(err.message))
}
