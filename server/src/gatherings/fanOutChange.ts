import type * as Y from 'yjs'
import type { Logger } from 'pino'
import type { FanOutResponse } from '@whiteboard/shared/api/gatheringsApi'
import type { RoomManager } from '../sync/RoomManager'

/**
 * Applies one server-made change to several boards at once, each through its room (committed
 * before anyone sees it). One board that cannot be loaded or saved does not stop the others;
 * the answer says which boards got it.
 */
export async function fanOutChange(rooms: RoomManager, log: Logger, boardIds: readonly string[], change: (doc: Y.Doc) => void): Promise<FanOutResponse> {
  const results = await Promise.allSettled(boardIds.map((boardId) => rooms.applyServerChange(boardId, change)))
  return {
    boards: boardIds.map((boardId, i) => {
      const result = results[i]!
      if (result.status === 'rejected') log.warn({ boardId, err: result.reason as unknown }, 'a gathering change did not reach a board')
      return { boardId, ok: result.status === 'fulfilled' }
    }),
  }
}
