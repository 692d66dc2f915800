import { Router, type Request, type Response } from 'express'
import type { Logger } from 'pino'
import { boardLink, isBoardId, type ApiError, type BoardLang } from '@whiteboard/shared'
import {
  BroadcastBody,
  CreateGatheringBody,
  GATHERING_TOKENS_HEADER,
  MAX_GATHERING_TEAMS,
  MAX_LISTED_GATHERINGS,
  MAX_LISTED_PEOPLE,
  NewTeamBody,
  PatchGatheringBody,
  PatchTeamBody,
  type BroadcastResponse,
  type GatheringListResponse,
  type GatheringStatusResponse,
  type PeekResponse,
  type PersonOnBoard,
} from '@whiteboard/shared/api/gatheringsApi'
import { BROADCAST_SHOWN_MS } from '@whiteboard/shared/facilitation/broadcastMessage'
import { signToken } from '../auth/tokens'
import type { TemplateCatalog } from '../boards/TemplateCatalog'
import { broadcastChange } from '../gatherings/broadcastChange'
import { addPerson, peopleOn } from '../gatherings/countPeople'
import type { ActivityElsewhere } from '../cluster/PeopleAcrossNodes'
import { createTeamBoards } from '../gatherings/createTeamBoards'
import { deleteTeamBoards } from '../gatherings/deleteTeamBoards'
import { fanOutChange } from '../gatherings/fanOutChange'
import { gatheringAccess } from '../gatherings/gatheringAccess'
import { verifyGatheringToken } from '../gatherings/gatheringTokens'
import { gatheringResponse, gatheringSummary } from '../gatherings/gatheringView'
import { newGatheringId } from '../gatherings/newGatheringId'
import { stopTimerChange } from '../gatherings/stopTimerChange'
import { summonToContentChange } from '../gatherings/summonToContentChange'
import { withdrawBroadcastChange } from '../gatherings/withdrawBroadcastChange'
import type { GatheringRecord, GatheringTeamRecord, NewGatheringTeam } from '../storage/GatheringRecord'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import { boardAccess } from './boardAccess'
import { gatheringRunSheetApi } from './gatheringRunSheetApi'
import type { CreationLimits } from './creationLimits'
import { parseBody } from './parseBody'
import { requestOrigin } from './requestOrigin'
import { requestToken } from './requestToken'
import { sendApiError } from './sendApiError'
import { storageOr503 } from './storageUnavailable'

export interface GatheringsApiOptions {
  storage: Storage
  secret: Buffer
  publicUrl: string | undefined
  templates?: TemplateCatalog
  rooms: RoomManager
  log: Logger
  /** New boards per client address: a gathering counts one per team. */
  limits: CreationLimits
  /** Multi-node mode: who is on the boards on the other nodes, united with this node's rooms in the status (cluster/PeopleAcrossNodes.ts). */
  activityElsewhere?: (boardIds: readonly string[]) => Promise<Map<string, ActivityElsewhere>>
}

type IdParams = { id: string }
type TeamParams = { id: string; boardId: string }

const NO_SUCH_TEAM: ApiError = { error: 'board_not_found', message: 'This gathering has no such team board' }

/**
 * The gatherings API, mounted at `/api/gatherings`. Every route but create and peek needs the
 * gathering's facilitator token (`Authorization: Bearer`, or `?token=`); see
 * gatherings/gatheringTokens.ts for why, and gatherings/gatheringAccess.ts for the answers.
 *
 * - `POST /`: create a gathering with its team boards (201).
 * - `GET /`: list the gatherings whose tokens the request carries (header `x-gathering-tokens`).
 * - `GET|PATCH|DELETE /:id`: read, rename/move/archive/allow peeking, delete with every board.
 * - `GET /:id/status`: people on each board now and its last change.
 * - `POST /:id/broadcast`: a message and/or a timer to every active team board.
 * - `DELETE /:id/broadcast`: withdraw the message from every team board.
 * - `DELETE /:id/timer`: stop the timer on every team board.
 * - `POST /:id/boards`, `PATCH|DELETE /:id/boards/:boardId`: add, rename/archive, delete a team.
 * - `POST /:id/boards/:boardId/summon`: bring everyone on that board to its content.
 * - `GET /:id/peek?board=<boardId>`: with a token of that team board, viewer links of the
 *   other teams' boards, when the facilitator allows peeking.
 * - `GET|PUT /:id/run-sheet`, `POST /:id/run-sheet/start`: the gathering's run sheet (gatheringRunSheetApi.ts).
 */
export function gatheringsApi(opts: GatheringsApiOptions): Router {
  const router = Router()

  /** The gathering of `:id` if the request carries its facilitator token; else the refusal is sent. */
  async function authorize(req: Request<IdParams>, res: Response): Promise<GatheringRecord | undefined> {
    const access = await gatheringAccess(opts.storage, opts.secret, req.params.id, requestToken(req))
    if (access.ok) return access.gathering
    sendApiError(res, access.status, access.error, access.message)
    return undefined
  }

  /** The gathering and its team `:boardId`, as `authorize`; a board outside the gathering is refused with 404. */
  async function authorizeTeam(req: Request<TeamParams>, res: Response): Promise<{ gathering: GatheringRecord; team: GatheringTeamRecord } | undefined> {
    const gathering = await authorize(req, res)
    if (!gathering) return undefined
    const team = gathering.teams.find((t) => t.boardId === req.params.boardId)
    if (team) return { gathering, team }
    sendApiError(res, 404, NO_SUCH_TEAM.error, NO_SUCH_TEAM.message)
    return undefined
  }

  /** New team boards, or undefined once the refusal (unknown template, storage down) is sent. */
  async function makeTeamBoards(res: Response, teams: readonly NewTeamBody[], lang: BoardLang): Promise<NewGatheringTeam[] | undefined> {
    const made = await storageOr503(res, () => createTeamBoards(opts.storage, opts.templates, teams, lang))
    if (!made) return undefined
    if (made.ok) return made.teams
    sendApiError(res, 400, 'unknown_template', `There is no template called "${made.unknownTemplate}"`)
    return undefined
  }

  function respond(req: Request, res: Response, gathering: GatheringRecord, status = 200): void {
    res.status(status).json(gatheringResponse(gathering, opts.secret, requestOrigin(req, opts.publicUrl)))
  }

  /**
   * Answers an update: `undefined` means storageOr503 has already answered, `null` that the
   * gathering or team went away between the check and the write.
   */
  function respondUpdated(req: Request, res: Response, updated: GatheringRecord | null | undefined, gone: ApiError): void {
    if (updated === undefined) return
    if (updated) respond(req, res, updated)
    else sendApiError(res, 404, gone.error, gone.message)
  }

  router.post('/', async (req, res) => {
    const body = parseBody(CreateGatheringBody, req, res)
    if (!body) return
    if (!opts.limits.admit(req, res, 'boards', body.teams.length)) return
    const lang = body.lang ?? 'nb'
    const teams = await makeTeamBoards(res, body.teams, lang)
    if (!teams) return
    const gathering = await storageOr503(res, async () => {
      try {
        return await opts.storage.createGathering({ id: newGatheringId(), title: body.title, date: body.date, lang, allowPeek: body.allowPeek ?? false, teams })
      } catch (err) {
        await Promise.allSettled(teams.map((t) => opts.storage.deleteBoard(t.boardId)))
        throw err
      }
    })
    if (gathering) respond(req, res, gathering, 201)
  })

  router.get('/', async (req, res) => {
    const tokens = listTokens(req)
    if (tokens.length === 0) {
      sendApiError(res, 401, 'auth_denied', "No gathering token given. Send the facilitator tokens of the gatherings to list in the 'x-gathering-tokens' header.")
      return
    }
    if (tokens.length > MAX_LISTED_GATHERINGS) {
      sendApiError(res, 400, 'too_many_tokens', `At most ${MAX_LISTED_GATHERINGS} gathering tokens can be listed at once`)
      return
    }
    const ids = new Set<string>()
    let boardTokens = 0
    for (const token of tokens) {
      const check = verifyGatheringToken(opts.secret, token)
      if (check.ok) ids.add(check.gatheringId)
      else if (check.reason === 'board-token') boardTokens++
    }
    if (ids.size === 0) {
      if (boardTokens > 0) sendApiError(res, 403, 'forbidden', 'A team board link cannot list gatherings. Use a gathering facilitator link.')
      else sendApiError(res, 401, 'auth_denied', 'None of the tokens is a valid gathering token')
      return
    }
    const found = await Promise.all([...ids].map((id) => opts.storage.getGathering(id)))
    const origin = requestOrigin(req, opts.publicUrl)
    const gatherings = found
      .filter((g): g is GatheringRecord => g !== null)
      .sort((a, b) => (a.date === b.date ? b.createdAt - a.createdAt : a.date < b.date ? 1 : -1))
      .map((g) => gatheringSummary(g, opts.secret, origin))
    const response: GatheringListResponse = { gatherings }
    res.json(response)
  })

  router.get('/:id', async (req: Request<IdParams>, res) => {
    const gathering = await authorize(req, res)
    if (gathering) respond(req, res, gathering)
  })

  router.patch('/:id', async (req: Request<IdParams>, res) => {
    const gathering = await authorize(req, res)
    if (!gathering) return
    const patch = parseBody(PatchGatheringBody, req, res)
    if (!patch) return
    const updated = await storageOr503(res, () => opts.storage.updateGathering(gathering.id, patch))
    respondUpdated(req, res, updated, { error: 'gathering_not_found', message: 'This gathering does not exist (any more)' })
  })

  router.delete('/:id', async (req: Request<IdParams>, res) => {
    const gathering = await authorize(req, res)
    if (!gathering) return
    const done = await storageOr503(res, async () => {
      // Boards first: if this stops halfway, the gathering still lists what is left, and deleting again finishes the job.
      await deleteTeamBoards(
        opts.storage,
        opts.rooms,
        gathering.teams.map((t) => t.boardId),
      )
      await opts.storage.deleteGathering(gathering.id)
      return true
    })
    if (done) res.status(204).end()
  })

  router.get('/:id/status', async (req: Request<IdParams>, res) => {
    const gathering = await authorize(req, res)
    if (!gathering) return
    const boardIds = gathering.teams.map((team) => team.boardId)
    const elsewhere = (await opts.activityElsewhere?.(boardIds)) ?? new Map<string, ActivityElsewhere>()
    const lastChanges = await storageOr503(res, () => opts.storage.lastChangesByPeople(boardIds))
    if (!lastChanges) return
    const response: GatheringStatusResponse = {
      now: Date.now(),
      boards: gathering.teams.map((team) => {
        const room = opts.rooms.peek(team.boardId)
        const people = room ? peopleOn(room.presence.statesByConnection()) : new Map<string, PersonOnBoard>()
        const other = elsewhere.get(team.boardId)
        for (const [id, person] of other?.people ?? []) addPerson(people, id, person)
        const everyone = [...people.values()]
        const looking = everyone.filter((p) => p.looking).length
        const names = everyone.sort((a, b) => Number(a.looking) - Number(b.looking) || a.name.localeCompare(b.name)).slice(0, MAX_LISTED_PEOPLE)
        return { boardId: team.boardId, people: everyone.length - looking, looking, names, lastActivity: lastChanges.get(team.boardId) ?? null }
      }),
    }
    res.setHeader('Cache-Control', 'no-store')
    res.json(response)
  })

  router.post('/:id/broadcast', async (req: Request<IdParams>, res) => {
    const gathering = await authorize(req, res)
    if (!gathering) return
    const body = parseBody(BroadcastBody, req, res)
    if (!body) return
    const boardIds = gathering.teams.filter((t) => !t.archived).map((t) => t.boardId)
    const at = Date.now()
    const result = await fanOutChange(opts.rooms, opts.log, boardIds, broadcastChange(body, at))
    const response: BroadcastResponse = { ...result, at, ...(body.message !== undefined ? { shownUntil: at + BROADCAST_SHOWN_MS } : {}) }
    res.json(response)
  })

  // Withdrawing and stopping reach archived boards too: a board archived after a broadcast must not keep showing it.
  router.delete('/:id/broadcast', async (req: Request<IdParams>, res) => {
    const gathering = await authorize(req, res)
    if (!gathering) return
    res.json(await fanOutChange(opts.rooms, opts.log, gathering.teams.map((t) => t.boardId), withdrawBroadcastChange))
  })

  router.delete('/:id/timer', async (req: Request<IdParams>, res) => {
    const gathering = await authorize(req, res)
    if (!gathering) return
    res.json(await fanOutChange(opts.rooms, opts.log, gathering.teams.map((t) => t.boardId), stopTimerChange))
  })

  router.post('/:id/boards', async (req: Request<IdParams>, res) => {
    const gathering = await authorize(req, res)
    if (!gathering) return
    const team = parseBody(NewTeamBody, req, res)
    if (!team) return
    if (gathering.teams.length >= MAX_GATHERING_TEAMS) {
      sendApiError(res, 400, 'too_many_teams', `A gathering has at most ${MAX_GATHERING_TEAMS} team boards`)
      return
    }
    if (!opts.limits.admit(req, res, 'boards', 1)) return
    const made = await makeTeamBoards(res, [team], gathering.lang)
    if (!made) return
    const updated = await storageOr503(res, () => opts.storage.addGatheringTeam(gathering.id, made[0]!))
    if (updated) respond(req, res, updated, 201)
  })

  router.patch('/:id/boards/:boardId', async (req: Request<TeamParams>, res) => {
    const found = await authorizeTeam(req, res)
    if (!found) return
    const { gathering, team } = found
    const patch = parseBody(PatchTeamBody, req, res)
    if (!patch) return
    const updated = await storageOr503(res, async () => {
      const next = await opts.storage.updateGatheringTeam(gathering.id, team.boardId, patch)
      // The board's own title follows the team name, for its page title and exports.
      if (next && patch.name !== undefined) await opts.storage.updateBoardMeta(team.boardId, { title: patch.name })
      return next
    })
    respondUpdated(req, res, updated, NO_SUCH_TEAM)
  })

  router.delete('/:id/boards/:boardId', async (req: Request<TeamParams>, res) => {
    const found = await authorizeTeam(req, res)
    if (!found) return
    const { gathering, team } = found
    const done = await storageOr503(res, async () => {
      await deleteTeamBoards(opts.storage, opts.rooms, [team.boardId])
      await opts.storage.removeGatheringTeam(gathering.id, team.boardId)
      return true
    })
    if (done) res.status(204).end()
  })

  router.post('/:id/boards/:boardId/summon', async (req: Request<TeamParams>, res) => {
    const found = await authorizeTeam(req, res)
    if (!found) return
    const result = await fanOutChange(opts.rooms, opts.log, [found.team.boardId], summonToContentChange)
    if (result.boards[0]?.ok) res.json(result)
    else sendApiError(res, 503, 'board_unavailable', 'The board could not be reached right now; try again shortly')
  })

  router.get('/:id/peek', async (req: Request<IdParams>, res) => {
    if (!isBoardId(req.params.id)) {
      sendApiError(res, 400, 'bad_gathering_id', 'The gathering address is not valid')
      return
    }
    // A team's own board link, any role: peeking is what the participants of a team do.
    const boardId = typeof req.query.board === 'string' ? req.query.board : ''
    if (!boardAccess(req, res, opts.secret, boardId, 'view')) return
    const gathering = await opts.storage.getGathering(req.params.id)
    const own = gathering?.teams.find((t) => t.boardId === boardId)
    if (!gathering || !own) {
      sendApiError(res, 404, 'gathering_not_found', 'This board is not part of that gathering')
      return
    }
    if (!gathering.allowPeek || gathering.archived) {
      sendApiError(res, 403, 'peek_not_allowed', "The facilitator has not allowed looking at the other teams' boards")
      return
    }
    const origin = requestOrigin(req, opts.publicUrl)
    const response: PeekResponse = {
      teams: gathering.teams
        .filter((t) => !t.archived && t.boardId !== boardId)
        .map((t) => ({ boardId: t.boardId, name: t.name, link: boardLink(origin, t.boardId, signToken(opts.secret, t.boardId, 'viewer')) })),
    }
    res.setHeader('Cache-Control', 'no-store')
    res.json(response)
  })

  router.use(gatheringRunSheetApi(opts))

  return router
}

/** Gathering tokens of a list request: the `x-gathering-tokens` header (comma or space separated), or one `Authorization: Bearer`. */
function listTokens(req: Request): string[] {
  const header = req.get(GATHERING_TOKENS_HEADER)
  const list = header ? header.split(/[\s,]+/).filter(Boolean) : []
  const single = requestToken(req)
  if (single) list.push(single)
  return list
}
