// Sub-path imports keep zod (used by the shared API schemas) out of the front page bundle.
import { BOARD_ROUTE_PREFIX } from '@whiteboard/shared/protocol/syncUrl'
import { isBoardId } from '@whiteboard/shared/protocol/boardId'
import { GATHERING_ROUTE_PREFIX } from '@whiteboard/shared/gatherings/gatheringLink'

/** The pages of the app, from the location. The token travels in the fragment, never to the server. */
export type Route =
  | { page: 'home' }
  | { page: 'board'; boardId: string; token: string | undefined }
  | { page: 'gathering'; gatheringId: string; token: string | undefined }
  | { page: 'bad-board-link' }
  | { page: 'not-found' }

export function parseRoute(location: Pick<Location, 'pathname' | 'hash'>): Route {
  const path = location.pathname
  if (path === '/' || path === '') return { page: 'home' }
  if (path.startsWith(BOARD_ROUTE_PREFIX)) {
    const boardId = path.slice(BOARD_ROUTE_PREFIX.length).replace(/\/$/, '')
    if (!isBoardId(boardId)) return { page: 'bad-board-link' }
    return { page: 'board', boardId, token: tokenFromHash(location.hash) }
  }
  if (path.startsWith(GATHERING_ROUTE_PREFIX)) {
    // Gathering ids have the board id format.
    const gatheringId = path.slice(GATHERING_ROUTE_PREFIX.length).replace(/\/$/, '')
    if (!isBoardId(gatheringId)) return { page: 'bad-board-link' }
    return { page: 'gathering', gatheringId, token: tokenFromHash(location.hash) }
  }
  return { page: 'not-found' }
}

function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')
  return token ? token : undefined
}
