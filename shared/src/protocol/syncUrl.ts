/**
 * The websocket path prefix; the full URL is `ws(s)://HOST/sync/<boardId>`. The board token
 * (and the voter token) travel in the subprotocol header, see {@link syncSubprotocols}: a URL
 * ends up in proxies' access logs, a header does not. Stock y-websocket clients may still put
 * them in the query, `?token=<token>&voter=<voterToken>`, unless the server refuses that
 * (`SYNC_URL_TOKENS=refuse`).
 */
export const SYNC_PATH_PREFIX = '/sync/'

/**
 * The subprotocol our sync endpoint speaks: the y-websocket protocol. A client that offers
 * subprotocols must get one of them selected in the answer, or the browser fails the
 * connection; the server selects this one, never one that carries a token.
 */
export const SYNC_SUBPROTOCOL = 'verkstedtavla-sync'

/** Prefix of the offered subprotocol that carries the board token. Tokens are made of subprotocol-safe characters (letters, digits, `-_.`). */
export const TOKEN_SUBPROTOCOL_PREFIX = 'token.'

/** Prefix of the offered subprotocol that carries the voter token. */
export const VOTER_SUBPROTOCOL_PREFIX = 'voter.'

/** What a client offers as `Sec-WebSocket-Protocol` to connect with `token` (and vote with `voterToken`). */
export function syncSubprotocols(token: string, voterToken?: string): string[] {
  const offered = [SYNC_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + token]
  if (voterToken !== undefined) offered.push(VOTER_SUBPROTOCOL_PREFIX + voterToken)
  return offered
}

/**
 * The sync path of a person's private doc on a board (private mode): `/sync/<boardId>/private`,
 * with the same board token and voter token as the board's own path. Which private doc it is
 * comes from the voter token alone (the person it was issued to), never from the URL, so a
 * client cannot ask for another person's. A stock y-websocket client reaches it with the room
 * name `<boardId>/private`.
 */
export const PRIVATE_SYNC_SUFFIX = '/private'

export function privateSyncRoom(boardId: string): string {
  return boardId + PRIVATE_SYNC_SUFFIX
}

/** The web app route that opens a board; the token travels in the fragment so it never reaches server logs or Referer headers. */
export const BOARD_ROUTE_PREFIX = '/b/'

export function boardLink(origin: string, boardId: string, token: string): string {
  return `${origin}${BOARD_ROUTE_PREFIX}${boardId}#token=${encodeURIComponent(token)}`
}
