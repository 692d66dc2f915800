import { CloseCode } from '@whiteboard/shared'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'

/** Close reason of everyone on a board that its gathering's facilitator deleted. */
const DELETED_REASON = 'This board was deleted by the facilitator'

/**
 * Deletes team boards with everything they hold (update log, history snapshots, assets).
 * Everyone on a board is closed first with BOARD_NOT_FOUND, which is terminal, so no client
 * reconnects and recreates presence on a board that is going; the room commits what it had
 * queued, and only then is the board removed from storage.
 */
export async function deleteTeamBoards(storage: Storage, rooms: RoomManager, boardIds: readonly string[], reason: string = DELETED_REASON): Promise<void> {
  await Promise.all(
    boardIds.map(async (boardId) => {
      await rooms.evict(boardId, CloseCode.BOARD_NOT_FOUND, reason)
      await storage.deleteBoard(boardId)
    }),
  )
}
