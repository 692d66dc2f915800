import { Router, type Request } from 'express'
import {
  CreateBoardBody,
  ROLES,
  boardLink,
  type BoardInfoResponse,
  type CreateBoardResponse,
  type Role,
  type RoleMap,
} from '@whiteboard/shared'
import { signToken } from '../auth/tokens'
import { createBoard } from '../boards/createBoard'
import type { TemplateCatalog } from '../boards/TemplateCatalog'
import { deleteTeamBoards } from '../gatherings/deleteTeamBoards'
import { boardGatheringInfo } from '../gatherings/gatheringView'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import { requestOrigin } from './requestOrigin'
import { boardAccess } from './boardAccess'
import { existingBoard } from './existingBoard'
import type { CreationLimits } from './creationLimits'
import { parseBody } from './parseBody'
import { sendApiError } from './sendApiError'
import { storageOr503 } from './storageUnavailable'

export interface BoardsApiOptions {
  storage: Storage
  secret: Buffer
  publicUrl: string | undefined
  /** Resolves `template` of a create request; absent until templates are wired in. */
  templates?: TemplateCatalog
  /** Closes the board's clients before a delete. */
  rooms: RoomManager
  /** New boards per client address. */
  limits: CreationLimits
  /** BOARD_RETENTION_DAYS, which board info tells the facilitator; undefined: boards are kept. */
  retentionDays?: number | undefined
}

/** `POST /api/boards`, `GET /api/boards/:id` and `DELETE /api/boards/:id`, mounted at `/api/boards`. */
export function boardsApi(opts: BoardsApiOptions): Router {
  const router = Router()

  router.post('/', async (req, res) => {
    const body = parseBody(CreateBoardBody, req, res)
    if (!body) return
    if (!opts.limits.admit(req, res, 'boards', 1)) return
    const lang = body.lang ?? 'nb'
    let extraRecords: NonNullable<ReturnType<TemplateCatalog['resolve']>>['records'] = []
    if (body.template !== undefined) {
      const template = opts.templates?.resolve(body.template, lang) ?? null
      if (!template) {
        sendApiError(res, 400, 'unknown_template', `There is no template called "${body.template}"`)
        return
      }
      extraRecords = template.records
    }
    const board = await storageOr503(res, () =>
      createBoard(opts.storage, {
        ...(body.title !== undefined ? { title: body.title } : {}),
        lang,
        extraRecords,
        templates: body.template !== undefined ? [body.template] : [],
      }),
    )
    if (!board) return
    const origin = requestOrigin(req, opts.publicUrl)
    const tokens = roleMap((role) => signToken(opts.secret, board.id, role))
    const response: CreateBoardResponse = {
      id: board.id,
      title: board.title,
      links: roleMap((role) => boardLink(origin, board.id, tokens[role])),
      tokens,
    }
    res.status(201).json(response)
  })

  router.get('/:id', async (req: Request<{ id: string }>, res) => {
    const granted = boardAccess(req, res, opts.secret, req.params.id, 'view')
    if (!granted) return
    const { boardId, role } = granted
    const board = await existingBoard(res, opts.storage, boardId)
    if (!board) return
    const gathering = await opts.storage.getGatheringOfBoard(boardId)
    const response: BoardInfoResponse = {
      id: board.id,
      title: board.title,
      lang: board.lang,
      role,
      ...(gathering ? { gathering: boardGatheringInfo(gathering) } : {}),
      ...(opts.retentionDays !== undefined ? { retentionDays: opts.retentionDays } : {}),
    }
    res.json(response)
  })

  // Deleting removes the content, history snapshots and images at once; only the facilitator may.
  router.delete('/:id', async (req: Request<{ id: string }>, res) => {
    const granted = boardAccess(req, res, opts.secret, req.params.id, 'facilitate', 'Only the facilitator can delete a board')
    if (!granted) return
    const { boardId } = granted
    if (!(await existingBoard(res, opts.storage, boardId))) return
    await deleteTeamBoards(opts.storage, opts.rooms, [boardId])
    res.status(204).end()
  })

  return router
}

function roleMap<T>(make: (role: Role) => T): RoleMap<T> {
  return Object.fromEntries(ROLES.map((role) => [role, make(role)])) as RoleMap<T>
}
