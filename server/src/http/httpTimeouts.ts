import type { Server } from 'node:http'

/**
 * How long the HTTP server waits on a client. Node's defaults let a client hold a socket and
 * its request for minutes (5 minutes for a request, no limit at all on an idle socket), so a
 * few hundred sockets that send a byte now and then, or never read their answer, would keep
 * memory and file descriptors of the server forever.
 */
export interface HttpTimeouts {
  /** Headers of one request must arrive within this; a slowloris client is answered 408 and closed. */
  headersMs: number
  /** The whole request, body included, must arrive within this (408 and close). */
  requestMs: number
  /** A kept-alive socket without a request is closed after this. */
  keepAliveMs: number
  /** A socket on which nothing moves either way (no request bytes, no answer bytes taken) is destroyed after this. */
  socketIdleMs: number
  /** How often Node checks the header and request deadlines; a deadline can be overrun by up to this. */
  checkIntervalMs: number
}

/**
 * Ten seconds for the headers: a browser sends them in one packet, and even a phone on a poor
 * network gets a few hundred bytes through in well under that. Node's default (60 s) lets a
 * slowloris client hold a socket a minute per request.
 */
export const HTTP_HEADERS_TIMEOUT_MS = 10_000

/**
 * Two minutes for a whole request: the largest body is a 10 MiB upload, which takes 84 s on a
 * 1 Mbit/s uplink. Node's default is five minutes.
 */
export const HTTP_REQUEST_TIMEOUT_MS = 120_000

/** Five seconds, Node's default, stated: long enough for a page's next request, short enough that idle browsers do not pile up sockets. */
export const HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000

/**
 * Thirty seconds without any progress on a socket: a download to a client that stopped reading
 * (its socket buffers full) or a request that stopped sending. Node has no such limit by
 * default, so such a client would hold its answer's memory and a download slot forever. An
 * honest slow download keeps moving and is not affected. Upgraded websockets are not covered:
 * ws clears the socket timeout on upgrade, and the sync endpoint has its own heartbeat.
 */
export const HTTP_SOCKET_IDLE_TIMEOUT_MS = 30_000

/** One second, so the header and request deadlines are kept to within a second (Node checks every 30 s by default). */
export const HTTP_TIMEOUT_CHECK_INTERVAL_MS = 1_000

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: HTTP_HEADERS_TIMEOUT_MS,
  requestMs: HTTP_REQUEST_TIMEOUT_MS,
  keepAliveMs: HTTP_KEEP_ALIVE_TIMEOUT_MS,
  socketIdleMs: HTTP_SOCKET_IDLE_TIMEOUT_MS,
  checkIntervalMs: HTTP_TIMEOUT_CHECK_INTERVAL_MS,
}

/** The options of `http.createServer` that carry the timeouts; `applyHttpTimeouts` sets the rest after creation. */
export function httpServerTimeoutOptions(t: HttpTimeouts): { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number; connectionsCheckingInterval: number } {
  return { headersTimeout: t.headersMs, requestTimeout: t.requestMs, keepAliveTimeout: t.keepAliveMs, connectionsCheckingInterval: t.checkIntervalMs }
}

/** Sets the socket idle timeout: with no 'timeout' listener, Node destroys the socket when it fires. */
export function applyHttpTimeouts(server: Server, t: HttpTimeouts): void {
  server.setTimeout(t.socketIdleMs)
}
