import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { CloseCode } from '@whiteboard/shared'
import { loadBoardSecret } from './auth/secret'
import type { TemplateCatalog } from './boards/TemplateCatalog'
import type { Config } from './config'
import { createApp } from './http/app'
import { AnswerBudget, type AnswerBudgetLimits } from './http/AnswerBudget'
import { LargeAnswers } from './http/LargeAnswers'
import { registerAnswerBudgetMetrics } from './metrics/registerAnswerBudgetMetrics'
import { clientAddress } from './sync/clientAddress'
import { applyHttpTimeouts, DEFAULT_HTTP_TIMEOUTS, httpServerTimeoutOptions, type HttpTimeouts } from './http/httpTimeouts'
import { AssetSweeper } from './assets/AssetSweeper'
import { BoardRetention } from './retention/BoardRetention'
import { DeletedBoardWatch } from './boards/DeletedBoardWatch'
import { BoardUsage } from './retention/BoardUsage'
import { BoardAssets } from './assets/BoardAssets'
import { BoardHistory } from './history/BoardHistory'
import { createLogger } from './logger'
import { Cluster, type ClusterTimings } from './cluster/Cluster'
import { clusterBoardLog } from './cluster/clusterBoardLog'
import { registerClusterMetrics } from './cluster/registerClusterMetrics'
import { openStorage } from './storage/openStorage'
import type { Storage } from './storage/Storage'
import { RoomManager } from './sync/RoomManager'
import { PrivateDocs } from './private/PrivateDocs'
import { createPrivateDocGuard } from './private/privateDocGuard'
import { MAX_PRIVATE_DOC_BYTES } from '@whiteboard/shared'
import type { UpdateGathering } from './sync/CommitChain'
import type { PresenceLimits } from './sync/presenceLimits'
import { attachSyncEndpoint } from './sync/upgrade'
import { methodTemplateCatalog } from './boards/methodTemplateCatalog'
import { resolveSyncLimits, type SyncLimits, type SyncTimings } from './sync/syncLimits'
import { createUpdateGuard, type UpdateGuard } from './sync/updateGuard'
import { ServerMetrics } from './metrics/ServerMetrics'
import { DiskBudget, readDataDir, type ReadDisk } from './storage/DiskBudget'
import { StorageHealth } from './storage/StorageHealth'

export interface StartServerOptions {
  logger?: Logger
  /** Use this storage instead of the one `config.storage` names; it is closed with the server. */
  storage?: Storage
  /** Replaces the server's guard (`createUpdateGuard`); compose with it to extend it. */
  updateGuard?: UpdateGuard
  /** Defaults to the shared method-template library. */
  templates?: TemplateCatalog
  clientDistDir?: string
  /** Heartbeat timing of the sync endpoint (keepalive, ping); tests shorten it. */
  syncTimings?: Partial<SyncTimings>
  /** Limits of the sync endpoint beyond those in `config` (rates, send buffer); tests shrink them. */
  syncLimits?: Partial<SyncLimits>
  /** When large rooms gather updates (CommitChain's UPDATE_GATHERING); tests change it. */
  updateGathering?: UpdateGathering
  /** Presence limits (sync/presenceLimits.ts); tests shrink them. */
  presenceLimits?: Partial<PresenceLimits>
  /** Node's process metrics (CPU, memory, event loop) on /metrics; main.ts turns them on. */
  processMetrics?: boolean
  /** HTTP socket and request timeouts (httpTimeouts.ts); tests shorten them. */
  httpTimeouts?: Partial<HttpTimeouts>
  /** Limits of the memory budget for large answers (AnswerBudget.ts); tests shrink them. */
  answerBudget?: Partial<AnswerBudgetLimits>
  /** Reads the free disk space for the disk budget (DiskBudget.ts); defaults to statfs on DATA_DIR, tests inject their own. */
  readDisk?: ReadDisk
  /** The clock of automatic snapshots and the asset sweep; tests move it. Defaults to Date.now. */
  clock?: () => number
  /** Largest private doc of one person (MAX_PRIVATE_DOC_BYTES); tests shrink it. */
  maxPrivateDocBytes?: number
  /** How multi-node mode waits and polls (Cluster.ts); tests change it. */
  clusterTimings?: Partial<ClusterTimings>
}

export interface RunningServer {
  /** The bound port (the real one when `config.port` was 0). */
  port: number
  httpServer: Server
  storage: Storage
  rooms: RoomManager
  /** People's private docs (private mode). */
  privateDocs: PrivateDocs
  history: BoardHistory
  metrics: ServerMetrics
  health: StorageHealth
  /** Large answers in progress and the memory they hold (tests and the benchmark read it). */
  answers: LargeAnswers
  /** The global disk budget (tests refresh it after changing what their disk reads). */
  disk: DiskBudget
  /** Deletes images no board has used for a day (tests run it with a moved clock). */
  assetSweeper: AssetSweeper
  /** Deletes boards nobody used for BOARD_RETENTION_DAYS; null without it (tests run it with a moved clock). */
  retention: BoardRetention | null
  /** Multi-node mode's fan-out between nodes; null on one node. */
  cluster: Cluster | null
  log: Logger
  /** Stops accepting, closes clients with 1012, commits what is queued, closes storage. Idempotent. */
  close(): Promise<void>
}

/** Starts the whole server (HTTP + sync) in this process; main.ts and the integration tests both use it. */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  const log = options.logger ?? createLogger(config.logLevel)
  const secret = await loadBoardSecret(config)
  const storage = options.storage ?? (await openStorage(config, log))
  const metrics = new ServerMetrics({ processMetrics: options.processMetrics ?? false })
  const health = new StorageHealth()
  // Multi-node mode (REDIS_URL beside DATABASE_URL): Postgres commits, Redis carries what is live between the nodes.
  const cluster = config.redisUrl === undefined ? null : new Cluster({ redisUrl: config.redisUrl, storage, log, ...(options.clusterTimings ? { timings: options.clusterTimings } : {}) })
  if (cluster) registerClusterMetrics(metrics.registry, cluster.counters, () => cluster.link.up)
  const limits = resolveSyncLimits({
    maxBoardBytes: config.maxBoardBytes,
    maxConnectionsPerBoard: config.maxConnectionsPerBoard,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    ...options.syncLimits,
  })
  let stopping = false
  // Past it, new content is refused everywhere it comes in (HTTP 507, sync 4500) and /readyz says so.
  const disk = new DiskBudget({ minFreeBytes: config.minFreeDiskBytes, dataBudgetBytes: config.dataBudgetBytes, read: options.readDisk ?? readDataDir(config.dataDir), log })
  await disk.start()
  // Follows every loaded room for its automatic snapshots.
  const history = new BoardHistory({
    storage,
    log,
    intervalMs: config.snapshotIntervalMs,
    retention: config.snapshotRetention,
    maxHistoryBytes: config.maxHistoryBytesPerBoard,
    disk,
    ...(options.clock ? { clock: options.clock } : {}),
  })
  // Records when boards are opened and left, for board retention, and passes on to history.
  const usage = new BoardUsage({ storage, log, clock: options.clock ?? Date.now, next: history })
  // Rooms before the app: the gatherings API changes boards through them.
  const rooms = new RoomManager({
    storage,
    log,
    unloadDelayMs: config.roomUnloadDelayMs,
    compactAfterUpdates: config.compactAfterUpdates,
    compactAfterBytes: config.compactAfterBytes,
    observer: metrics,
    health,
    lifecycle: usage,
    guard: options.updateGuard ?? createUpdateGuard({ maxBoardBytes: limits.maxBoardBytes, diskProblem: () => disk.problem }),
    ...(cluster ? { boardLog: clusterBoardLog(storage, cluster) } : {}),
    ...(options.updateGathering ? { updateGathering: options.updateGathering } : {}),
    ...(options.presenceLimits ? { presenceLimits: options.presenceLimits } : {}),
    // A deleted board's private docs close with it (privateDocs is made just below, before any eviction can run).
    evicted: (boardId: string, code: number, reason: string): Promise<void> => privateDocs.evict(boardId, code, reason),
  })
  const privateDocs: PrivateDocs = new PrivateDocs({
    storage,
    log,
    observer: metrics,
    health,
    unloadDelayMs: config.roomUnloadDelayMs,
    compactAfterUpdates: config.compactAfterUpdates,
    compactAfterBytes: config.compactAfterBytes,
    guard: createPrivateDocGuard({ maxPrivateDocBytes: options.maxPrivateDocBytes ?? MAX_PRIVATE_DOC_BYTES, diskProblem: () => disk.problem }),
    boards: rooms,
    history,
    maxBoardBytes: limits.maxBoardBytes,
    // A person's tabs on two nodes share their private doc through the cluster, as a board's people do.
    ...(cluster ? { cluster } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  })
  // Snapshot downloads and images reserve their size here before they are read (AnswerBudget.ts).
  const answers = new LargeAnswers(new AnswerBudget(options.answerBudget), (req) => clientAddress(req, config.trustProxy))
  registerAnswerBudgetMetrics(metrics.registry, answers.budget)
  const assets = new BoardAssets({
    storage,
    rooms,
    limits: { maxAssetsPerBoard: config.maxAssetsPerBoard, maxAssetBytesPerBoard: config.maxAssetBytesPerBoard, maxBoardBytes: limits.maxBoardBytes },
    disk,
  })
  const assetSweeper = new AssetSweeper({ storage, assets, log, ...(options.clock ? { clock: options.clock } : {}) })
  assetSweeper.start()
  // BOARD_RETENTION_DAYS: unused boards are deleted for good; without it, boards are kept.
  const retention =
    config.boardRetentionDays === undefined
      ? null
      : new BoardRetention({ storage, rooms, log, days: config.boardRetentionDays, inUse: () => usage.inUse, ...(options.clock ? { clock: options.clock } : {}) })
  retention?.start()
  // A board deleted from outside this process (the admin command, another node) closes here too,
  // its people's private tabs with it (evicting a board evicts its private docs).
  const deletedBoards = new DeletedBoardWatch({ storage, rooms, inUse: () => new Set([...usage.inUse, ...privateDocs.boardIds]), log })
  deletedBoards.start()
  const app = createApp({
    storage,
    secret,
    log,
    publicUrl: config.publicUrl,
    templates: options.templates ?? methodTemplateCatalog,
    ...((options.clientDistDir ?? config.clientDistDir) ? { clientDistDir: options.clientDistDir ?? config.clientDistDir } : {}),
    metrics,
    health,
    isStopping: () => stopping,
    rooms,
    history,
    privateDocs,
    assets,
    disk,
    ...(cluster ? { cluster } : {}),
    trustProxy: config.trustProxy,
    retentionDays: config.boardRetentionDays,
    answers,
    access: { boardCreation: config.boardCreation, creatorKey: config.creatorKey, allowedHosts: config.allowedHosts, metricsToken: config.metricsToken },
    templateSavers: config.templateSavers,
  })
  const timeouts: HttpTimeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.httpTimeouts }
  const httpServer = createServer(httpServerTimeoutOptions(timeouts), app)
  applyHttpTimeouts(httpServer, timeouts)
  const sync = attachSyncEndpoint(httpServer, {
    rooms,
    secret,
    log,
    limits,
    observer: metrics,
    origins: { allowed: new Set(config.allowedOrigins), publicUrl: config.publicUrl },
    trustProxy: config.trustProxy,
    urlTokens: config.syncUrlTokens,
    ...(options.syncTimings ? { timings: options.syncTimings } : {}),
    ...(cluster ? { seats: cluster.seats } : {}),
    privateDocs,
  })
  metrics.attach({
    boardsLoaded: () => rooms.size,
    connections: () => sync.connectionCount,
    boardsFailingToSave: () => health.failingCount,
    boardsDamaged: () => health.damagedCount,
    presenceBytes: () => rooms.presenceBytes,
    largestBoardPresenceBytes: () => rooms.largestBoardPresenceBytes,
  })
  const startupCheck = await storage.checkHealth()
  if (startupCheck.problem) log.error({ problem: startupCheck.problem }, 'storage is not healthy; boards can be read but changes will be refused')

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject)
        resolve()
      })
    })
  } catch (err) {
    disk.close()
    await deletedBoards.close()
    await retention?.close()
    await assetSweeper.close()
    await history.close()
    await cluster?.close()
    await storage.close()
    throw err
  }
  const port = (httpServer.address() as AddressInfo).port

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopping = true
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      await sync.close(CloseCode.SERVICE_RESTART, 'The server is restarting')
      httpServer.closeAllConnections()
      await stopped
      disk.close()
      await deletedBoards.close()
      await retention?.close()
      await assetSweeper.close()
      await history.close()
      // After the connections closed: their presence removals and seats went out first.
      await cluster?.close()
      await storage.close()
    })()
    return closing
  }

  return { port, httpServer, storage, rooms, privateDocs, history, metrics, health, answers, disk, assetSweeper, retention, cluster, log, close }
}
