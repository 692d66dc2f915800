import { randomBytes } from 'node:crypto'
import express, { Router, type NextFunction, type Request, type Response } from 'express'
import { ownSchemaSerialized } from '@whiteboard/shared/board/storedSchema'
import {
  isTeamTemplateId,
  SaveTeamTemplateBodySchema,
  type SaveTeamTemplateResponse,
  type TeamTemplateList,
  type TeamTemplateSummary,
  type TemplateSavers,
} from '@whiteboard/shared/api/teamTemplatesApi'
import { checkTeamTemplateContent } from '@whiteboard/shared/templates/checkTeamTemplateContent'
import { MAX_TEAM_TEMPLATE_BYTES, MAX_TEAM_TEMPLATES } from '@whiteboard/shared/templates/teamTemplateLimits'
import type { DiskBudget } from '../storage/DiskBudget'
import type { Storage } from '../storage/Storage'
import type { TeamTemplateInfo } from '../storage/TeamTemplateRecord'
import { boardAccess } from './boardAccess'
import { diskBudgetGate } from './diskBudgetGate'
import { existingBoard } from './existingBoard'
import { parseBody } from './parseBody'
import { sendApiError } from './sendApiError'
import { storageOr503 } from './storageUnavailable'

export interface TeamTemplatesApiOptions {
  storage: Storage
  secret: Buffer
  /** TEMPLATE_SAVERS: whether facilitators may save templates on this server. */
  savers: TemplateSavers
  disk?: DiskBudget
}

// Type aliases, not interfaces: express's handlers need them to fit its string-indexed params.
type BoardParams = { id: string }
type TemplateParams = { id: string; templateId: string }

/** Said when a save comes while TEMPLATE_SAVERS=none. */
const SAVING_OFF = 'Saving templates is turned off on this server.'

/**
 * A team's own templates (mount at `/api/boards`, before the app's JSON parser: a save may be up
 * to MAX_TEAM_TEMPLATE_BYTES, which this router reads itself, after the token check, so that no
 * one without a facilitator link makes the server read that much).
 *
 * Templates belong to the server, not to a board: every route takes the facilitator token of
 * any board on it, through that board's address (a token does not name its board). So whoever
 * facilitates a board may save (unless TEMPLATE_SAVERS=none), read and delete any team template;
 * deleting stays possible with saving turned off, so a server can be tidied.
 */
export function teamTemplatesApi(opts: TeamTemplatesApiOptions): Router {
  const router = Router()
  const readBody = express.json({ limit: MAX_TEAM_TEMPLATE_BYTES })

  if (opts.disk) router.post('/:id/templates', diskBudgetGate(opts.disk))
  router.post('/:id/templates', async (req: Request<BoardParams>, res: Response, next: NextFunction) => {
    if (!(await facilitatorOfExistingBoard(req, res, opts))) return
    if (opts.savers === 'none') {
      sendApiError(res, 403, 'template_saving_off', SAVING_OFF)
      return
    }
    readBody(req, res, (err?: unknown) => {
      if (err) {
        const type = (err as { type?: unknown }).type
        if (type === 'entity.too.large') sendApiError(res, 413, 'template_too_large', `A template may be at most ${MAX_TEAM_TEMPLATE_BYTES / 1024 / 1024} MiB, images included`)
        else if (type === 'entity.parse.failed') sendApiError(res, 400, 'invalid_json', 'The request body is not valid JSON')
        else next(err)
        return
      }
      saveTemplate(req, res, opts).catch(next)
    })
  })

  router.get('/:id/templates/:templateId', async (req: Request<TemplateParams>, res) => {
    if (!(await facilitatorOfExistingBoard(req, res, opts))) return
    const found = isTeamTemplateId(req.params.templateId) ? await opts.storage.getTeamTemplate(req.params.templateId) : null
    if (!found) {
      sendTemplateNotFound(res)
      return
    }
    res.setHeader('Cache-Control', 'no-store')
    // The stored content is JSON the save judged; it goes out as it is, without parsing it again.
    res.type('application/json').send(`{"template":${JSON.stringify(summaryOf(found.info))},"content":${found.content}}`)
  })

  router.delete('/:id/templates/:templateId', async (req: Request<TemplateParams>, res) => {
    if (!(await facilitatorOfExistingBoard(req, res, opts))) return
    const deleted = isTeamTemplateId(req.params.templateId) ? await storageOr503(res, () => opts.storage.deleteTeamTemplate(req.params.templateId)) : false
    if (deleted === undefined) return
    if (!deleted) {
      sendTemplateNotFound(res)
      return
    }
    res.status(204).end()
  })

  return router
}

/**
 * The team template part of `GET /api/templates?board=<id>`: null, once the refusal is sent,
 * unless the token is a facilitator's of that existing board; the same answers as every board route.
 */
export async function teamTemplateList(req: Request, res: Response, opts: TeamTemplatesApiOptions, boardId: string): Promise<TeamTemplateList | null> {
  const access = boardAccess(req, res, opts.secret, boardId, 'facilitate')
  if (!access) return null
  if (!(await existingBoard(res, opts.storage, boardId))) return null
  const templates = await opts.storage.listTeamTemplates()
  return { templates: templates.map(summaryOf), saving: opts.savers }
}

async function saveTemplate(req: Request<BoardParams>, res: Response, opts: TeamTemplatesApiOptions): Promise<void> {
  if (req.body === undefined) {
    sendApiError(res, 415, 'unsupported_media_type', 'Send the request body as application/json')
    return
  }
  const body = parseBody(SaveTeamTemplateBodySchema, req, res)
  if (!body) return
  const check = checkTeamTemplateContent(body.content)
  if (!check.ok) {
    sendApiError(res, 400, 'bad_template', `The template cannot be saved: ${check.reason}`)
    return
  }
  // Stored in this server's tldraw schema, which the records were just judged by: an insert after an upgrade migrates from it.
  const content = JSON.stringify({ ...check.content, schema: ownSchemaSerialized() })
  const id = randomBytes(16).toString('base64url')
  const info = await storageOr503(res, () => opts.storage.createTeamTemplate({ id, name: body.name, description: body.description, content }, MAX_TEAM_TEMPLATES))
  if (info === undefined) return
  if (info === null) {
    sendApiError(res, 409, 'too_many_templates', `This server keeps at most ${MAX_TEAM_TEMPLATES} team templates. Delete one before saving another.`)
    return
  }
  const response: SaveTeamTemplateResponse = { template: summaryOf(info) }
  res.status(201).json(response)
}

async function facilitatorOfExistingBoard(req: Request<BoardParams>, res: Response, opts: TeamTemplatesApiOptions): Promise<boolean> {
  const access = boardAccess(req, res, opts.secret, req.params.id, 'facilitate')
  if (!access) return false
  return (await existingBoard(res, opts.storage, access.boardId)) !== null
}

function sendTemplateNotFound(res: Response): void {
  sendApiError(res, 404, 'template_not_found', 'This template does not exist (any more)')
}

function summaryOf(info: TeamTemplateInfo): TeamTemplateSummary {
  return { id: info.id, name: info.name, description: info.description, createdAt: info.createdAt, byteLength: info.byteLength }
}
