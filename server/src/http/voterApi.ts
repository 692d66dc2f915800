import { Router, type Request } from 'express'
import type { VoterResponse } from '@whiteboard/shared/api/voterApi'
import { issueVoter } from '../auth/voterTokens'
import type { Storage } from '../storage/Storage'
import { boardAccess } from './boardAccess'
import { existingBoard } from './existingBoard'
import type { CreationLimits } from './creationLimits'

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
    if (!(await existingBoard(res, opts.storage, granted.boardId))) return
    const response: VoterResponse = issueVoter(opts.secret, granted.boardId)
    res.status(201).json(response)
  })
  return router
}
