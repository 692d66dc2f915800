import type { RequestHandler } from 'express'
import { sameSecret } from '../auth/sameSecret'
import { sendApiError } from './sendApiError'

/**
 * With METRICS_TOKEN set, `/metrics` and `/readyz` answer only requests with
 * `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise): they tell how many boards and
 * connections there are and whether storage fails, which is the operator's business.
 * `/healthz` stays open, since it says only that the process is alive.
 * Without the setting both stay open, as a scraper on a private network expects.
 */
export function metricsAccess(metricsToken: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (metricsToken === undefined) return next()
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization')?.trim() ?? '')
    if (match && sameSecret(match[1]!, metricsToken)) return next()
    res.set('WWW-Authenticate', 'Bearer')
    sendApiError(res, 401, 'auth_denied', 'This needs the metrics token: send Authorization: Bearer <METRICS_TOKEN>.')
  }
}
