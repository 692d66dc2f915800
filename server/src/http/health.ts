import { Router } from 'express'
import type { Storage } from '../storage/Storage'
import type { DiskBudget } from '../storage/DiskBudget'
import type { StorageHealth } from '../storage/StorageHealth'

export interface HealthOptions {
  storage: Storage
  health: StorageHealth
  /** True once shutdown began: a load balancer should stop sending new people here. */
  isStopping: () => boolean
  /** The global disk budget; past it the server takes no new content, so it is not ready. */
  disk?: DiskBudget
}

/**
 * - `GET /healthz` (liveness): the process answers. Never touches storage, so a slow disk
 *   does not get the process restarted.
 * - `GET /readyz` (readiness): 200 when the server can take work, 503 with the problems when
 *   not: shutting down, storage unreadable or unwritable, boards whose changes cannot be
 *   saved, the disk budget reached (storage/DiskBudget.ts). Damaged boards are listed by id;
 *   they do not make the server unready, since every other board still serves.
 */
export function healthRoutes(opts: HealthOptions): Router {
  const router = Router()
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ status: 'ok' })
  })
  router.get('/readyz', async (_req, res) => {
    const storage = await opts.storage.checkHealth()
    const report = opts.health.report()
    const problems: string[] = []
    if (opts.isStopping()) problems.push('the server is shutting down')
    if (storage.problem) problems.push(`storage: ${storage.problem}`)
    if (report.saveFailures.count > 0) problems.push(`${report.saveFailures.count} board(s) cannot save changes`)
    const diskProblem = opts.disk?.problem
    if (diskProblem) problems.push(`disk budget: ${diskProblem}; new content is refused`)
    res.setHeader('Cache-Control', 'no-store')
    res.status(problems.length === 0 ? 200 : 503).json({
      status: problems.length === 0 ? 'ready' : 'not ready',
      problems,
      storage: { readable: storage.readable, writable: storage.writable },
      saveFailures: report.saveFailures,
      damagedBoards: report.damaged,
      ...(opts.disk ? { disk: { ...opts.disk.lastReading, refusing: diskProblem !== null && diskProblem !== undefined } } : {}),
    })
  })
  return router
}
