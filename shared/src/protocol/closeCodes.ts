/**
 * Every websocket close code the sync server sends, defined once for server and client.
 *
 * Why 4xxx: a plain HTTP 401 at the upgrade reaches a browser only as 1006 with no
 * reason, so the server accepts the upgrade, sends the y-protocols auth
 * "permission denied" message with a reason, then closes with one of these codes.
 * Codes in `TERMINAL_CLOSE_CODES` mean "reconnecting will not help": the client shows
 * the reason and stops retrying.
 */
export const CloseCode = {
  /** Standard: the frame exceeded `MAX_FRAME_BYTES` (sent by ws itself). */
  MESSAGE_TOO_BIG: 1009,
  /** Standard: server restarting (graceful shutdown); clients reconnect. */
  SERVICE_RESTART: 1012,
  /** Token missing, forged, expired or issued for another board. */
  AUTH_DENIED: 4001,
  /** The role of the token may not do what the client tried (e.g. a viewer writing). */
  FORBIDDEN: 4003,
  /** No board with this id exists. */
  BOARD_NOT_FOUND: 4004,
  /** The board id in the URL is not in the board id format. */
  BAD_BOARD_ID: 4005,
  /** A frame could not be decoded as the y-websocket protocol. */
  MALFORMED_FRAME: 4006,
  /** An update would put an invalid record into the board. */
  INVALID_UPDATE: 4007,
  /** The board reached `MAX_BOARD_BYTES`; writes are refused. */
  BOARD_TOO_LARGE: 4008,
  /**
   * A participant's update would change what only a facilitator may change: template
   * scaffolding, the facilitation state (timer, voting, summon, presenting) or another
   * person's votes. Honest participant clients never send this, so it is terminal.
   */
  FACILITATOR_ONLY: 4009,
  /**
   * A participant changed the board while the facilitator had frozen it. An honest client is
   * read-only then; one whose change crossed the freeze on the wire is told why it was refused.
   */
  BOARD_FROZEN: 4010,
  /** Too many messages or bytes per second from this connection. */
  RATE_LIMITED: 4029,
  /** `MAX_CONNECTIONS_PER_BOARD` reached. */
  BOARD_FULL: 4030,
  /** `MAX_CONNECTIONS_PER_IP` reached. */
  TOO_MANY_CONNECTIONS: 4031,
  /** The websocket Origin header is not in the allow-list. */
  ORIGIN_NOT_ALLOWED: 4032,
  /** The client did not read what the server sent fast enough. */
  SLOW_CONSUMER: 4033,
  /** The board could not be loaded or persisted (storage fault); retrying later may help. */
  STORAGE_UNAVAILABLE: 4500,
  /** The stored board is damaged and cannot be served. */
  BOARD_DAMAGED: 4501,
} as const

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** Close codes after which a client must not reconnect on its own. */
export const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.AUTH_DENIED,
  CloseCode.FORBIDDEN,
  CloseCode.BOARD_NOT_FOUND,
  CloseCode.BAD_BOARD_ID,
  CloseCode.INVALID_UPDATE,
  CloseCode.BOARD_TOO_LARGE,
  CloseCode.FACILITATOR_ONLY,
  CloseCode.BOARD_FROZEN,
  CloseCode.BOARD_FULL,
  CloseCode.ORIGIN_NOT_ALLOWED,
  CloseCode.BOARD_DAMAGED,
])

/**
 * Terminal codes that refuse a change the client itself sent (not its access or the board).
 * Sending the same change again, e.g. from an offline copy after a reload, is refused again.
 */
export const OWN_CHANGE_REFUSED_CODES: ReadonlySet<number> = new Set([
  CloseCode.FORBIDDEN,
  CloseCode.INVALID_UPDATE,
  CloseCode.BOARD_TOO_LARGE,
  CloseCode.FACILITATOR_ONLY,
  CloseCode.BOARD_FROZEN,
])
