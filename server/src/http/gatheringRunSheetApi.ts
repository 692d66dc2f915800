import { Router, type Request, type Response } from 'express'
import type { Logger } from 'pino'
import { PutRunSheetBody, StartStepBody, type GatheringRunSheetResponse } from '@whiteboard/shared/api/gatheringRunSheetApi'
import { fanOutChange } from '../gatherings/fanOutChange'
import { gatheringAccess } from '../gatherings/gatheringAccess'
import { readRunSheetState, startStepChange, writeRunSheetChange } from '../gatherings/runSheetChanges'
import type { GatheringRecord } from '../storage/GatheringRecord'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import { parseBody } from './parseBody'
import { requestToken } from './requestToken'
import { sendApiError } from './sendApiError'

export interface GatheringRunSheetApiOptions {
  storage: Storage
  secret: Buffer
  rooms: RoomManager
  log: Logger
}

type IdParams = { id: string }

/**
 * A gathering's run sheet (shared/src/api/gatheringRunSheetApi.ts), mounted inside the
 * gatherings router. The sheet lives in the team boards' docs, not in the gathering's record:
 * it then travels with each board's history and export like a board's own run sheet, and
 * nothing new is stored. The first active team board holding one is the gathering's; a start
 * writes it again to every board, so all of them hold the same.
 */
export function gatheringRunSheetApi(opts: GatheringRunSheetApiOptions): Router {
  const router = Router()

  async function authorize(req: Request<IdParams>, res: Response): Promise<string[] | undefined> {
    const access = await gatheringAccess(opts.storage, opts.secret, req.params.id, requestToken(req))
    if (!access.ok) {
      sendApiError(res, access.status, access.error, access.message)
      return undefined
    }
    return activeBoards(access.gathering)
  }

  /** The gathering's run sheet as its team boards hold it; undefined once a 503 is sent. */
  async function read(res: Response, boardIds: readonly string[]): Promise<GatheringRunSheetResponse | undefined> {
    let found: GatheringRunSheetResponse | undefined
    const frames = new Map<string, GatheringRunSheetResponse['frames'][number]>()
    try {
      for (const boardId of boardIds) {
        // Read through the room, so the answer is the board as committed, other nodes' changes included; nothing is written.
        await opts.rooms.applyServerChange(boardId, (doc) => {
          const { hasSheet, ...state } = readRunSheetState(doc)
          for (const frame of state.frames) if (!frames.has(frame.template)) frames.set(frame.template, frame)
          if (hasSheet && !found) found = state
        })
      }
    } catch (err) {
      opts.log.warn({ err }, 'a gathering run sheet could not be read')
      sendApiError(res, 503, 'board_unavailable', 'A team board could not be reached right now; try again shortly')
      return undefined
    }
    return { sheet: found?.sheet ?? { steps: [] }, current: found?.current ?? null, frames: [...frames.values()] }
  }

  router.get('/:id/run-sheet', async (req: Request<IdParams>, res) => {
    const boardIds = await authorize(req, res)
    if (!boardIds) return
    const state = await read(res, boardIds)
    if (!state) return
    res.setHeader('Cache-Control', 'no-store')
    res.json(state)
  })

  router.put('/:id/run-sheet', async (req: Request<IdParams>, res) => {
    const boardIds = await authorize(req, res)
    if (!boardIds) return
    const sheet = parseBody(PutRunSheetBody, req, res)
    if (!sheet) return
    res.json(await fanOutChange(opts.rooms, opts.log, boardIds, writeRunSheetChange(sheet)))
  })

  router.post('/:id/run-sheet/start', async (req: Request<IdParams>, res) => {
    const boardIds = await authorize(req, res)
    if (!boardIds) return
    const body = parseBody(StartStepBody, req, res)
    if (!body) return
    const state = await read(res, boardIds)
    if (!state) return
    if (!state.sheet.steps.some((s) => s.id === body.stepId)) {
      sendApiError(res, 404, 'step_not_found', "The gathering's run sheet has no such step")
      return
    }
    res.json(await fanOutChange(opts.rooms, opts.log, boardIds, startStepChange(state.sheet, body.stepId, Date.now())))
  })

  return router
}

function activeBoards(gathering: GatheringRecord): string[] {
  return gathering.teams.filter((t) => !t.archived).map((t) => t.boardId)
}
