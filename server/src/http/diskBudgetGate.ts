import type { RequestHandler } from 'express'
import { diskBudgetRefusalText, type DiskBudget } from '../storage/DiskBudget'
import { sendApiError } from './sendApiError'

/**
 * The JSON routes that add content to the server's disk: creating boards, gatherings and team
 * boards, taking a named snapshot, and restoring one (which keeps the replaced state as a
 * snapshot). Uploads are judged by BoardAssets after their body is read; sync writes by the
 * update guard. Deletions are never gated: they are how space comes back.
 */
export const CONTENT_ADDING_ROUTES = [
  '/api/boards',
  '/api/gatherings',
  '/api/gatherings/:id/boards',
  '/api/boards/:id/snapshots',
  '/api/boards/:id/snapshots/:sid/restore',
]

/**
 * Answers 507 Insufficient Storage with the reason while the disk budget is reached (the server
 * cannot store what the request would create, whoever asks), before any route reads storage.
 * Mount it with `app.post(CONTENT_ADDING_ROUTES, ...)`.
 */
export function diskBudgetGate(disk: DiskBudget): RequestHandler {
  return (_req, res, next) => {
    const problem = disk.problem
    if (!problem) return next()
    sendApiError(res, 507, 'disk_budget', diskBudgetRefusalText(problem))
  }
}
