import { MAX_BOARD_BYTES, MAX_CONNECTIONS_PER_BOARD, MAX_CONNECTIONS_PER_IP, MAX_FRAME_BYTES } from '@whiteboard/shared'

/**
 * Server-side limits of the sync endpoint. The limits shared with clients (frame size, board
 * size, connections) are in @whiteboard/shared; these bound what one connection can make the
 * server hold or do.
 */

/**
 * Sustained messages per second from one connection (a token bucket). Dragging in tldraw sends
 * a document update per animation frame (60/s) and a cursor update about as often, so an honest
 * client peaks near 120/s; 200 leaves headroom while stopping a flood of tiny frames, each of
 * which costs a decode and a guard run.
 */
export const MAX_MESSAGES_PER_SECOND = 200

/**
 * Largest presence (awareness) state of one client, as JSON bytes. A person's state is their
 * name and colour, cursor, camera and selection: well under 1 KiB, and a selection of a few
 * thousand shapes stays under 200 KiB. Every peer receives and holds each state.
 */
export const MAX_PRESENCE_STATE_BYTES = 256 * 1024

/** Messages a connection may send at once before the rate applies: the handshake, a reconnect's resend, a burst of edits. */
export const MESSAGE_BURST = 600

/**
 * Sustained bytes per second from one connection. Dragging a hundred selected shapes rewrites
 * each record every frame, about 2.5 MB/s; 4 MiB/s admits that, and bounds how fast one link
 * holder can fill storage and the peers' memory.
 */
export const MAX_BYTES_PER_SECOND = 4 * 1024 * 1024

/** Bytes a connection may send at once: a few full-size frames (a reconnect's resend, a template). */
export const BYTE_BURST = 8 * MAX_FRAME_BYTES

/**
 * Sync step 1 messages a connection may send per minute, and at once. Each is answered with what
 * the asker lacks, which takes encoding the board (60 ms for 5,000 shapes) unless the answer kept
 * for newcomers serves it. Stock clients and ours ask once per connection (and at a resync
 * interval, if one is set, of seconds at the least); a connection asking over and over made the
 * server encode a 2 MB board 200 times a second.
 */
export const SYNC_REQUESTS_PER_MINUTE = 12
export const SYNC_REQUEST_BURST = 6

/**
 * Queries for the board's whole presence a connection gets answered per second, and at once;
 * past that they are not answered (presence changes reach everyone anyway). Each answer is up
 * to the board's presence limit in bytes for a one-byte ask.
 */
export const PRESENCE_QUERIES_PER_SECOND = 1
export const PRESENCE_QUERY_BURST = 4

/**
 * Frames accepted from a connection while its board is still loading. A stock client sends
 * sync step 1 and one awareness message on open; 64 leaves room for a burst of offline edits
 * while bounding memory per unauthenticated-to-the-room socket (cf. hocuspocus
 * GHSA-7wjj-rxhj-5xr6 on unbounded queues before a document is ready).
 */
export const MAX_FRAMES_BEFORE_LOAD = 64

/** Bytes queued from one connection while its board loads: a few full-size frames at most. */
export const MAX_BYTES_BEFORE_LOAD = 8 * 1024 * 1024

/**
 * Bytes the server may have queued for one slow reader before it drops that connection
 * (close code SLOW_CONSUMER). A joiner of a full board receives the whole board in one frame,
 * so the bound is the board limit plus a few frames of broadcasts; a client that stops
 * reading cannot make the server buffer broadcasts without end. (Peers share the bytes of
 * one broadcast frame, so this bounds memory per reader only on top of what is shared.)
 */
export function maxBufferedBytes(maxBoardBytes: number): number {
  return maxBoardBytes + 4 * MAX_FRAME_BYTES
}

/**
 * y-websocket 3 clients close a connection that has received nothing for 30 s. Any frame
 * resets that clock; after this long without sending, the server sends an empty awareness
 * update, which clients apply as a no-op.
 */
export const KEEPALIVE_AFTER_MS = 10_000

/** A websocket ping this often finds dead peers whose TCP connection vanished without a FIN. */
export const PING_INTERVAL_MS = 30_000

/** How often the heartbeat runs; it sends keepalives and pings when they are due. */
export const HEARTBEAT_TICK_MS = 2_500

/** The heartbeat's clock; tests shorten it to see keepalives and pings without waiting. */
export interface SyncTimings {
  heartbeatTickMs: number
  keepaliveAfterMs: number
  pingIntervalMs: number
}

export const DEFAULT_SYNC_TIMINGS: SyncTimings = {
  heartbeatTickMs: HEARTBEAT_TICK_MS,
  keepaliveAfterMs: KEEPALIVE_AFTER_MS,
  pingIntervalMs: PING_INTERVAL_MS,
}

/** On shutdown, how long closing clients get to answer the close frame before their sockets are cut. */
export const SHUTDOWN_CLOSE_GRACE_MS = 1_000

/** Longest close reason in bytes allowed by RFC 6455 (125-byte control frame minus the 2-byte code). */
export const MAX_CLOSE_REASON_BYTES = 123

/** Every number the sync endpoint enforces; tests (and the benchmarks) shrink or lift some. */
export interface SyncLimits {
  maxBoardBytes: number
  maxConnectionsPerBoard: number
  maxConnectionsPerIp: number
  messagesPerSecond: number
  messageBurst: number
  bytesPerSecond: number
  byteBurst: number
  maxBufferedBytes: number
}

export function resolveSyncLimits(overrides: Partial<SyncLimits> = {}): SyncLimits {
  const maxBoardBytes = overrides.maxBoardBytes ?? MAX_BOARD_BYTES
  return {
    maxBoardBytes,
    maxConnectionsPerBoard: MAX_CONNECTIONS_PER_BOARD,
    maxConnectionsPerIp: MAX_CONNECTIONS_PER_IP,
    messagesPerSecond: MAX_MESSAGES_PER_SECOND,
    messageBurst: MESSAGE_BURST,
    bytesPerSecond: MAX_BYTES_PER_SECOND,
    byteBurst: BYTE_BURST,
    maxBufferedBytes: maxBufferedBytes(maxBoardBytes),
    ...overrides,
  }
}
