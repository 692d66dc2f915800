import { fetchBoardInfo, type BoardInfoResult } from './fetchBoardInfo'

/**
 * The board's info is asked for as soon as the route is known, while the board page's code
 * (tldraw, most of the bundle) still downloads and compiles; the board page then takes the
 * answer instead of asking only once it runs. On a cold open this starts the sync connection
 * about 0.4 s earlier.
 */
const pending = new Map<string, Promise<BoardInfoResult>>()

const keyOf = (boardId: string, token: string) => `${boardId}#${token}`

export function prefetchBoardInfo(boardId: string, token: string): void {
  const key = keyOf(boardId, token)
  if (!pending.has(key)) pending.set(key, fetchBoardInfo(boardId, token))
}

/** The prefetched answer, once (a later call asks the server again), or a fresh request. */
export function takeBoardInfo(boardId: string, token: string): Promise<BoardInfoResult> {
  const key = keyOf(boardId, token)
  const prefetched = pending.get(key)
  pending.delete(key)
  return prefetched ?? fetchBoardInfo(boardId, token)
}
