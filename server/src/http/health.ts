import { Router } from 'express'
import type { Storage } from '../storage/Storage'
import type { DiskBudget } from '../storage/DiskBudget'
import type { StorageHealth } from '../storage/StorageHealth'
import type { ClusterCheck } from '../cluster/Cluster'

export interface HealthOptions {
  storage: Storage
  health: StorageHealth
  /** True once shutdown began: a load balancer should stop sending new people here. */
  isStopping: () => boolean
  /** The global disk budget; past it the server takes no new content, so it is not ready. */
  disk?: DiskBudget
  /** Multi-node mode: whether this node reaches Redis (cluster/Cluster.ts). */
  cluster?: { check(): ClusterCheck }
}

/**
 * - `GET /healthz` (liveness): the process answers. Never touches storage, so a slow disk
 *   does not get the process restarted.
 * - `GET /readyz` (readiness): 200 when the server can take work, 503 with the problems when
 *   not: shutting down, storage unreadable or unwritable, boards whose changes cannot be
 *   saved, the disk budget reached (storage/DiskBudget.ts). Damaged boards are listed by id;
 *   they do not make the server unready, since every other board still serves.
 *   In multi-node mode `redis` says whether this node reaches Redis. Redis down leaves the node
 *   ready (200): it serves on and reads the other nodes' updates from Postgres about once a
 *   second, and a load balancer that took every node out at once would end every workshop.
 *   `degraded` lists it.
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
    const cluster = opts.cluster?.check()
    const degraded = cluster?.problem ? [`redis: ${cluster.problem}`] : []
    res.setHeader('Cache-Control', 'no-store')
    res.status(problems.length === 0 ? 200 : 503).json({
      status: problems.length === 0 ? 'ready' : 'not ready',
      problems,
      storage: { readable: storage.readable, writable: storage.writable },
      saveFailures: report.saveFailures,
      damagedBoards: report.damaged,
      ...(opts.disk ? { disk: { ...opts.disk.lastReading, refusing: diskProblem !== null && diskProblem !== undefined } } : {}),
      ...(cluster ? { degraded, redis: { reachable: cluster.redisReachable }, node: cluster.nodeId } : {}),
    })
  })
  return router
}
