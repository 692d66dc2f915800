import { Router, type Request } from 'express'
import type { VoterResponse } from '@whiteboard/shared/api/voterApi'
import { issueVoter } from '../auth/voterTokens'
import { BoardDamagedError } from '../storage/BoardDamagedError'
import type { Storage } from '../storage/Storage'
import { boardAccess } from './boardAccess'
import type { CreationLimits } from './creationLimits'
import { sendApiError } from './sendApiError'

export interface VoterApiOptions {
  storage: Storage
  secret: Buffer
  limits: CreationLimits
}

/**
 * `POST /api/boards/:id/voter`, mounted at `/api/boards`: issues a voter id and its signed token
 * (auth/voterTokens.ts) to a link that may vote. Viewers get 403: they cannot vote. Each call
 * makes a new voter; the web app asks once per board and browser and keeps the answer.
 */
export function voterApi(opts: VoterApiOptions): Router {
  const router = Router()
  router.post('/:id/voter', async (req: Request<{ id: string }>, res) => {
    const granted = boardAccess(req, res, opts.secret, req.params.id, 'edit', 'Your link only allows viewing; viewers cannot vote.')
    if (!granted) return
    if (!opts.limits.admit(req, res, 'voters', 1)) return
    let board
    try {
      board = await opts.storage.getBoardMeta(granted.boardId)
    } catch (err) {
      if (!(err instanceof BoardDamagedError)) throw err
      sendApiError(res, 500, 'board_damaged', 'The stored board is damaged and cannot be opened. Tell the person who runs the server.')
      return
    }
    if (!board) {
      sendApiError(res, 404, 'board_not_found', 'This board does not exist')
      return
    }
    const response: VoterResponse = issueVoter(opts.secret, granted.boardId)
    res.status(201).json(response)
  })
  return router
}
