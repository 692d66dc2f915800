import type { Request, Response } from 'express'
import { canEdit, isBoardId, type Role } from '@whiteboard/shared'
import { TOKEN_REFUSAL_TEXT, verifyToken } from '../auth/tokens'
import { sendRefusal, type ApiRefusal } from './ApiRefusal'
import { requestToken } from './requestToken'

/** What a route needs of the board token it is given. */
export type BoardNeed = 'view' | 'edit' | 'facilitate'

export type BoardAccess = { ok: true; boardId: string; role: Role } | { ok: false; refusal: ApiRefusal }

/** Said when a valid token's role is too weak, unless the route says what exactly was refused. */
const ROLE_REFUSAL: Record<Exclude<BoardNeed, 'view'>, string> = {
  edit: 'Your link only allows viewing; this needs a participant or facilitator link.',
  facilitate: "Only the facilitator can do this; it needs the board's facilitator link.",
}

/**
 * The one board check of every HTTP route that takes a board token (board info and delete,
 * uploads and images, history, peeking). Its answers, in this order:
 *
 * - 400 `bad_board_id`: the id cannot name a board. Decided before any crypto or storage.
 * - 401 `auth_denied`: no token, a malformed one, or one whose signature does not match this
 *   board. A token of another board is answered exactly like a forged one, because to the
 *   server it is one: a board token does not name its board, so all the server sees is a
 *   signature that does not match. 403 would claim the server knows who is asking.
 * - 403 `forbidden`: a valid token of this board whose role may not do this. Here the server
 *   does know who asks, and refuses the act, not the person.
 *
 * Whether the board exists is each route's next step (404 `board_not_found`), so a caller
 * without a valid token learns nothing about which boards exist.
 */
export function checkBoardAccess(req: Request, secret: Buffer, boardId: string, need: BoardNeed, roleRefusal?: string): BoardAccess {
  if (!isBoardId(boardId)) return { ok: false, refusal: { status: 400, error: 'bad_board_id', message: 'The board address is not valid' } }
  const check = verifyToken(secret, boardId, requestToken(req))
  if (!check.ok) return { ok: false, refusal: { status: 401, error: 'auth_denied', message: TOKEN_REFUSAL_TEXT[check.reason] } }
  if (need !== 'view' && !(need === 'edit' ? canEdit(check.role) : check.role === 'facilitator')) {
    return { ok: false, refusal: { status: 403, error: 'forbidden', message: roleRefusal ?? ROLE_REFUSAL[need] } }
  }
  return { ok: true, boardId, role: check.role }
}

/** {@link checkBoardAccess}, answering the refusal itself; null once it is sent. */
export function boardAccess(req: Request, res: Response, secret: Buffer, boardId: string, need: BoardNeed, roleRefusal?: string): { boardId: string; role: Role } | null {
  const access = checkBoardAccess(req, secret, boardId, need, roleRefusal)
  if (access.ok) return { boardId: access.boardId, role: access.role }
  sendRefusal(res, access.refusal)
  return null
}
