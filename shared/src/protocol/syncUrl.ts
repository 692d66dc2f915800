/** The websocket path prefix; the full URL is `ws(s)://HOST/sync/<boardId>?token=<token>`. */
export const SYNC_PATH_PREFIX = '/sync/'

/** The web app route that opens a board; the token travels in the fragment so it never reaches server logs or Referer headers. */
export const BOARD_ROUTE_PREFIX = '/b/'

export function boardLink(origin: string, boardId: string, token: string): string {
  return `${origin}${BOARD_ROUTE_PREFIX}${boardId}#token=${encodeURIComponent(token)}`
}
