import { Router } from 'express'
import type { ServerMetrics } from '../metrics/ServerMetrics'

/** `GET /metrics` in the Prometheus text format. It names no board and no token; with METRICS_TOKEN set it needs that token (metricsAccess.ts). */
export function metricsRoute(metrics: ServerMetrics): Router {
  const router = Router()
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType)
    res.setHeader('Cache-Control', 'no-store')
    res.end(await metrics.registry.metrics())
  })
  return router
}
