import { Router } from 'express'
import { templateSummaries } from '@whiteboard/shared/templates/catalog'
import type { TemplateListResponse } from '@whiteboard/shared/templates/types'
import { teamTemplateList, type TeamTemplatesApiOptions } from './teamTemplatesApi'

/**
 * `GET /api/templates` (mount at `/api/templates`): every method template's id, names,
 * short descriptions, category and frame size, for the template picker and for API users
 * choosing `template` in `POST /api/boards`. Public: it lists built-in data, nothing of any board.
 *
 * With `?board=<id>` and that board's facilitator token it also lists the team's own templates
 * (`team`, teamTemplatesApi.ts), which belong to the server and are for its facilitators only.
 * Without team templates options (unit tests of the catalog) only the built-in list is served.
 */
export function templatesRouter(team?: TeamTemplatesApiOptions): Router {
  const router = Router()
  // The catalog is compiled in, so the answer is built once and never changes while the process runs.
  const body: TemplateListResponse = { templates: templateSummaries() }
  router.get('/', async (req, res) => {
    const board = req.query.board
    if (team && typeof board === 'string') {
      const list = await teamTemplateList(req, res, team, board)
      if (!list) return
      res.setHeader('Cache-Control', 'no-store')
      const withTeam: TemplateListResponse = { ...body, team: list }
      res.json(withTeam)
      return
    }
    res.setHeader('Cache-Control', 'public, max-age=300')
    res.json(body)
  })
  return router
}
