import type { Response } from 'express'
import { BoardDamagedError } from '../storage/BoardDamagedError'
import type { BoardMeta, Storage } from '../storage/Storage'
import { sendRefusal, type ApiRefusal } from './ApiRefusal'

/** A valid token for a board that is not (or no longer) stored. */
export const BOARD_NOT_FOUND: ApiRefusal = { status: 404, error: 'board_not_found', message: 'This board does not exist' }

/** A stored board whose rows cannot be read: only the person who runs the server can help. */
export const BOARD_DAMAGED: ApiRefusal = {
  status: 500,
  error: 'board_damaged',
  message: 'The stored board is damaged and cannot be opened. Tell the person who runs the server.',
}

/**
 * The board's stored meta, the step every board route takes after its token check
 * (boardAccess.ts); null once {@link BOARD_NOT_FOUND} or {@link BOARD_DAMAGED} is sent, so every
 * route answers a missing or damaged board alike.
 */
export async function existingBoard(res: Response, storage: Storage, boardId: string): Promise<BoardMeta | null> {
  let board
  try {
    board = await storage.getBoardMeta(boardId)
  } catch (err) {
    if (!(err instanceof BoardDamagedError)) throw err
    sendRefusal(res, BOARD_DAMAGED)
    return null
  }
  if (!board) sendRefusal(res, BOARD_NOT_FOUND)
  return board
}
