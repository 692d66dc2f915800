import express, { type ErrorRequestHandler, type Express } from 'express'
import type { Logger } from 'pino'
import { MAX_JSON_BODY_BYTES } from '@whiteboard/shared'
import { CREATION_POLICY_PATH, type CreationPolicyResponse } from '@whiteboard/shared/api/creationApi'
import type { Config } from '../config'
import type { TemplateSavers } from '@whiteboard/shared/api/teamTemplatesApi'
import type { TemplateCatalog } from '../boards/TemplateCatalog'
import type { ServerMetrics } from '../metrics/ServerMetrics'
import type { Storage } from '../storage/Storage'
import type { StorageHealth } from '../storage/StorageHealth'
import type { RoomManager } from '../sync/RoomManager'
import type { BoardHistory } from '../history/BoardHistory'
import type { BoardAssets } from '../assets/BoardAssets'
import type { DiskBudget } from '../storage/DiskBudget'
import { limitedAddress } from '../sync/clientAddress'
import { assetsApi } from './assetsApi'
import { concurrentRequests } from './concurrentRequests'
import type { LargeAnswers } from './LargeAnswers'
import { CONTENT_ADDING_ROUTES, diskBudgetGate } from './diskBudgetGate'
import { boardsApi } from './boardsApi'
import { clientFiles } from './clientFiles'
import { creationLimits } from './creationLimits'
import { creatorAccess } from './creatorAccess'
import { gatheringsApi } from './gatheringsApi'
import { healthRoutes } from './health'
import type { Cluster } from '../cluster/Cluster'
import { historyApi } from './historyApi'
import { linkHost } from './linkHost'
import { metricsAccess } from './metricsAccess'
import { metricsRoute } from './metrics'
import { notesExportApi } from './notesExportApi'
import { securityHeaders } from './securityHeaders'
import { sendApiError } from './sendApiError'
import { templatesRouter } from './templatesApi'
import { teamTemplatesApi, type TeamTemplatesApiOptions } from './teamTemplatesApi'
import { timeRouter } from './timeApi'
import { voterApi } from './voterApi'
import { privateApi } from './privateApi'
import type { PrivateDocs } from '../private/PrivateDocs'

export interface AppOptions {
  storage: Storage
  secret: Buffer
  log: Logger
  publicUrl: string | undefined
  templates?: TemplateCatalog
  /** The built client; defaults to client/dist of this repository. */
  clientDistDir?: string
  metrics: ServerMetrics
  health: StorageHealth
  isStopping: () => boolean
  /** The loaded boards; the gatherings API reads presence from them and changes boards through them. */
  rooms: RoomManager
  /** Board snapshots; without it the history routes are not mounted. */
  history?: BoardHistory
  /** People's private docs (private mode); without it the private routes are not mounted. */
  privateDocs?: PrivateDocs
  /** Uploads under each board's image quotas. */
  assets: BoardAssets
  /** The global disk budget: past it, routes that add content answer 507 and /readyz 503. */
  disk?: DiskBudget
  /** Multi-node mode: /readyz reports whether this node reaches Redis, the gathering overview counts people on every node. */
  cluster?: Pick<Cluster, 'check' | 'activityElsewhere'>
  /** Read client addresses from X-Forwarded-For (behind a reverse proxy), for per-address limits. */
  trustProxy: boolean
  /** BOARD_RETENTION_DAYS, shown to facilitators in board info; undefined: boards are kept. */
  retentionDays?: number | undefined
  /** Large answers (snapshot downloads, images) under the server's memory budget. */
  answers: LargeAnswers
  /** Who may create boards, which Host headers links may be built on, and the token of /metrics and /readyz; default: all open. */
  access?: HttpAccessSettings
  /** TEMPLATE_SAVERS: whether facilitators may save team templates; default `facilitators`. */
  templateSavers?: TemplateSavers
}

/** The settings of creatorAccess.ts, linkHost.ts and metricsAccess.ts. */
export type HttpAccessSettings = Pick<Config, 'boardCreation' | 'creatorKey' | 'allowedHosts' | 'metricsToken'>

/** The HTTP side: JSON API under /api, /healthz, /readyz, /metrics and the built client. The sync endpoint is attached to the server separately. */
export function createApp(opts: AppOptions): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('query parser', 'simple')

  app.use(securityHeaders({ publicUrl: opts.publicUrl }))
  app.use((req, res, next) => {
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      // The path only, never the query: it may hold a token.
      opts.log.debug({ method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'http')
    })
    next()
  })

  const access: HttpAccessSettings = opts.access ?? { boardCreation: 'open', creatorKey: undefined, allowedHosts: [], metricsToken: undefined }
  const limits = creationLimits({ trustProxy: opts.trustProxy })
  const links = linkHost({ publicUrl: opts.publicUrl, allowedHosts: access.allowedHosts })

  app.use(['/metrics', '/readyz'], metricsAccess(access.metricsToken))
  app.use(
    healthRoutes({ storage: opts.storage, health: opts.health, isStopping: opts.isStopping, ...(opts.disk ? { disk: opts.disk } : {}), ...(opts.cluster ? { cluster: opts.cluster } : {}) }),
  )
  app.use(metricsRoute(opts.metrics))
  // After health and metrics: probes are cheap and must answer while one address floods the rest.
  app.use(concurrentRequests({ addressOf: (req) => limitedAddress(req, opts.trustProxy) }))

  // Uploads are raw bytes: the assets routes read their own bodies, so they come before the JSON parser.
  app.use(assetsApi({ storage: opts.storage, secret: opts.secret, assets: opts.assets, answers: opts.answers, limits }))
  // Team templates read their own (larger) bodies, after the token check.
  const teamTemplates: TeamTemplatesApiOptions = { storage: opts.storage, secret: opts.secret, savers: opts.templateSavers ?? 'facilitators', ...(opts.disk ? { disk: opts.disk } : {}) }
  app.use('/api/boards', teamTemplatesApi(teamTemplates))
  app.use('/api', express.json({ limit: MAX_JSON_BODY_BYTES }))
  app.use('/api', (req, res, next) => {
    // A body that express.json did not take is not JSON; refuse it rather than read it as `{}`.
    if (req.body === undefined && hasBody(req.headers)) {
      sendApiError(res, 415, 'unsupported_media_type', 'Send the request body as application/json')
      return
    }
    next()
  })
  // Creating: the creator key first (who may), then the Host the new links will carry.
  app.post(['/api/boards', '/api/gatherings'], creatorAccess(access))
  app.post('/api/boards', links)
  app.use('/api/gatherings', links)
  app.get(CREATION_POLICY_PATH, (_req, res) => {
    const response: CreationPolicyResponse = { creation: access.boardCreation }
    res.json(response)
  })
  if (opts.disk) app.post(CONTENT_ADDING_ROUTES, diskBudgetGate(opts.disk))
  app.use('/api/time', timeRouter())
  app.use(
    '/api/boards',
    boardsApi({ storage: opts.storage, secret: opts.secret, publicUrl: opts.publicUrl, rooms: opts.rooms, limits, retentionDays: opts.retentionDays, ...(opts.templates ? { templates: opts.templates } : {}) }),
  )
  app.use('/api/boards', voterApi({ storage: opts.storage, secret: opts.secret, limits }))
  if (opts.privateDocs) app.use('/api/boards', privateApi({ storage: opts.storage, secret: opts.secret, privateDocs: opts.privateDocs }))
  app.use('/api/boards', notesExportApi({ storage: opts.storage, secret: opts.secret, rooms: opts.rooms }))
  app.use('/api/templates', templatesRouter(teamTemplates))
  app.use(
    '/api/gatherings',
    gatheringsApi({
      storage: opts.storage,
      secret: opts.secret,
      publicUrl: opts.publicUrl,
      rooms: opts.rooms,
      log: opts.log,
      limits,
      ...(opts.templates ? { templates: opts.templates } : {}),
      ...(opts.cluster ? { activityElsewhere: (ids: readonly string[]) => opts.cluster!.activityElsewhere(ids) } : {}),
    }),
  )
  if (opts.history) app.use('/api/boards', historyApi({ history: opts.history, rooms: opts.rooms, secret: opts.secret, answers: opts.answers }))
  app.use('/api', (_req, res) => {
    sendApiError(res, 404, 'not_found', 'There is no such API endpoint')
  })

  app.use(clientFiles(opts.clientDistDir))
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found\n')
  })

  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500
    const type = (err as { type?: unknown }).type
    if (status >= 500) opts.log.error({ err, method: req.method, path: req.originalUrl.split('?')[0] }, 'request failed')
    if (res.headersSent) {
      res.end()
      return
    }
    if (type === 'entity.too.large') sendApiError(res, 413, 'body_too_large', `The request body is larger than ${MAX_JSON_BODY_BYTES} bytes`)
    else if (type === 'entity.parse.failed') sendApiError(res, 400, 'invalid_json', 'The request body is not valid JSON')
    else if (status >= 400 && status < 500) sendApiError(res, status, 'bad_request', 'The request could not be handled')
    // Never the error itself: stack traces and messages of internals stay in the log.
    else sendApiError(res, 500, 'internal', 'Something went wrong on the server; try again')
  }
  app.use(onError)
  return app
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length']
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}
