/**
 * Server-side limits of the sync endpoint. The frame size limit shared with clients is
 * `MAX_FRAME_BYTES` in @whiteboard/shared; these bound what one connection can make the
 * server hold or do.
 */

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
 * Bytes the server may have queued for one slow reader before it drops that connection.
 * Generous because a joiner of a big board receives the whole board in one frame, yet bounded
 * so a client that stops reading cannot make the server buffer broadcasts without end.
 */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024

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
