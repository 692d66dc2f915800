import { Router } from 'express'
import { templateSummaries } from '@whiteboard/shared/templates/catalog'
import type { TemplateListResponse } from '@whiteboard/shared/templates/types'

/**
 * `GET /api/templates` (mount at `/api/templates`): every method template's id, names,
 * short descriptions, category and frame size, for the template picker and for API users
 * choosing `template` in `POST /api/boards`. Public: it lists built-in data, nothing of any board.
 */
export function templatesRouter(): Router {
  const router = Router()
  // The catalog is compiled in, so the answer is built once and never changes while the process runs.
  const body: TemplateListResponse = { templates: templateSummaries() }
  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300')
    res.json(body)
  })
  return router
}
