import { Router } from 'express'

/** `GET /api/time`. */
export interface TimeResponse {
  /** The server's clock, ms since the epoch. */
  now: number
}

/**
 * `GET /api/time` (mount at `/api/time`): the server's clock. The shared timer stores when it
 * ends on this clock; clients sample this endpoint to learn their offset against it, so a
 * laptop with a wrong clock still shows the same remaining time as everyone else. Public:
 * the time of day is no secret. Never cached, or the offset would be off by the cache's age.
 */
export function timeRouter(now: () => number = Date.now): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ now: now() } satisfies TimeResponse)
  })
  return router
}
