import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { CloseCode } from '@whiteboard/shared'
import { loadBoardSecret } from './auth/secret'
import type { TemplateCatalog } from './boards/TemplateCatalog'
import type { Config } from './config'
import { createApp } from './http/app'
import { createLogger } from './logger'
import { MemoryStorage } from './storage/MemoryStorage'
import { SqliteStorage } from './storage/SqliteStorage'
import type { Storage } from './storage/Storage'
import { RoomManager } from './sync/RoomManager'
import { attachSyncEndpoint } from './sync/upgrade'
import { methodTemplateCatalog } from './boards/methodTemplateCatalog'
import type { SyncTimings } from './sync/syncLimits'
import { defaultUpdateGuard, type UpdateGuard } from './sync/updateGuard'

export interface StartServerOptions {
  logger?: Logger
  /** Use this storage instead of the one `config.storage` names; it is closed with the server. */
  storage?: Storage
  /** Replaces the default guard (role check); compose with `defaultUpdateGuard` to extend it. */
  updateGuard?: UpdateGuard
  /** Defaults to the shared method-template library. */
  templates?: TemplateCatalog
  clientDistDir?: string
  /** Heartbeat timing of the sync endpoint (keepalive, ping); tests shorten it. */
  syncTimings?: Partial<SyncTimings>
}

export interface RunningServer {
  /** The bound port (the real one when `config.port` was 0). */
  port: number
  httpServer: Server
  storage: Storage
  rooms: RoomManager
  log: Logger
  /** Stops accepting, closes clients with 1012, commits what is queued, closes storage. Idempotent. */
  close(): Promise<void>
}

/** Starts the whole server (HTTP + sync) in this process; main.ts and the integration tests both use it. */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  const log = options.logger ?? createLogger(config.logLevel)
  const secret = await loadBoardSecret(config)
  const storage = options.storage ?? (config.storage === 'memory' ? new MemoryStorage() : new SqliteStorage({ dataDir: config.dataDir }))
  const app = createApp({
    storage,
    secret,
    log,
    publicUrl: config.publicUrl,
    templates: options.templates ?? methodTemplateCatalog,
    ...(options.clientDistDir ? { clientDistDir: options.clientDistDir } : {}),
  })
  const httpServer = createServer(app)
  const rooms = new RoomManager({
    storage,
    log,
    unloadDelayMs: config.roomUnloadDelayMs,
    compactAfterUpdates: config.compactAfterUpdates,
    compactAfterBytes: config.compactAfterBytes,
  })
  const sync = attachSyncEndpoint(httpServer, { rooms, secret, log, guard: options.updateGuard ?? defaultUpdateGuard,
    ...(options.syncTimings ? { timings: options.syncTimings } : {}),
  })

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject)
        resolve()
      })
    })
  } catch (err) {
    await storage.close()
    throw err
  }
  const port = (httpServer.address() as AddressInfo).port

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      await sync.close(CloseCode.SERVICE_RESTART, 'The server is restarting')
      httpServer.closeAllConnections()
      await stopped
      await storage.close()
    })()
    return closing
  }

  return { port, httpServer, storage, rooms, log, close }
}
