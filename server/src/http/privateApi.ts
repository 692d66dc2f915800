import { Router, type Request } from 'express'
import { RevealBody, type PrivateCountsResponse, type RevealResponse } from '@whiteboard/shared/api/privateApi'
import { RevealTooLargeError, type PrivateDocs } from '../private/PrivateDocs'
import type { Storage } from '../storage/Storage'
import { formatBytes } from '../sync/formatBytes'
import { boardAccess } from './boardAccess'
import { existingBoard } from './existingBoard'
import { sendHistoryFailure } from './historyApi'
import { parseBody } from './parseBody'
import { sendApiError } from './sendApiError'
import { storageOr503 } from './storageUnavailable'

export interface PrivateApiOptions {
  storage: Storage
  secret: Buffer
  privateDocs: PrivateDocs
}

const FACILITATOR_ONLY = 'Only the facilitator can see how many private items people hold and reveal them'

/**
 * Private mode's routes, mounted at `/api/boards`, for facilitator links only (others 403):
 * - `GET /:id/private/counts`: how many private items each person holds, never their content;
 *   the facilitator's tools ask every few seconds while private mode is on;
 * - `POST /:id/private/reveal`: every private item into the board in one change (PrivateDocs.reveal).
 */
export function privateApi(opts: PrivateApiOptions): Router {
  const router = Router()

  router.get('/:id/private/counts', async (req: Request<{ id: string }>, res) => {
    const granted = boardAccess(req, res, opts.secret, req.params.id, 'facilitate', FACILITATOR_ONLY)
    if (!granted) return
    if (!(await existingBoard(res, opts.storage, granted.boardId))) return
    const people = await storageOr503(res, () => opts.privateDocs.counts(granted.boardId))
    if (!people) return
    const response: PrivateCountsResponse = { people }
    res.set('Cache-Control', 'no-store').json(response)
  })

  router.post('/:id/private/reveal', async (req: Request<{ id: string }>, res) => {
    const granted = boardAccess(req, res, opts.secret, req.params.id, 'facilitate', FACILITATOR_ONLY)
    if (!granted) return
    const body = parseBody(RevealBody, req, res)
    if (!body) return
    if (!(await existingBoard(res, opts.storage, granted.boardId))) return
    try {
      const response: RevealResponse = await opts.privateDocs.reveal(granted.boardId, body.author ?? '')
      res.json(response)
    } catch (err) {
      if (err instanceof RevealTooLargeError) {
        sendApiError(res, 413, 'board_too_large', `The private items do not fit on the board: it may hold at most ${formatBytes(err.maxBytes)}. Delete something from the board, then reveal again.`)
        return
      }
      sendHistoryFailure(res, err)
    }
  })

  return router
}
