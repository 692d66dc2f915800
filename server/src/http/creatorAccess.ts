import type { Request, RequestHandler, Response } from 'express'
import { CREATOR_KEY_HEADER, CREATOR_KEY_REFUSALS } from '@whiteboard/shared/api/creationApi'
import { sameSecret } from '../auth/sameSecret'
import { sendApiError } from './sendApiError'

export interface CreatorAccessOptions {
  boardCreation: 'open' | 'key'
  /** Set whenever `boardCreation` is `key` (config.ts insists). */
  creatorKey: string | undefined
}

/**
 * Whether a request may create boards (`POST /api/boards`) and gatherings (`POST /api/gatherings`).
 * With BOARD_CREATION=key it must carry CREATOR_KEY in the X-Creator-Key header: 401
 * `creator_key_required` without one, 403 `creator_key_wrong` for another key. Everything else
 * (opening a board, managing a gathering) goes by its own link tokens, never by this key.
 */
export function creatorAccess(opts: CreatorAccessOptions): RequestHandler {
  const { boardCreation, creatorKey } = opts
  return (req: Request, res: Response, next) => {
    if (boardCreation === 'open') return next()
    const given = req.get(CREATOR_KEY_HEADER)
    if (!given) {
      sendApiError(res, 401, CREATOR_KEY_REFUSALS.missing, 'This server creates boards only with its creator key. Ask the person who runs the server for it.')
      return
    }
    // Without a key configured nothing matches: a slip in the settings closes creation, never opens it.
    if (creatorKey === undefined || !sameSecret(given, creatorKey)) {
      sendApiError(res, 403, CREATOR_KEY_REFUSALS.wrong, 'The creator key is not right. Check it with the person who runs the server.')
      return
    }
    next()
  }
}
