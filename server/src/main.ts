import { ConfigError, loadConfig } from './config'
import { createLogger } from './logger'
import { startServer } from './startServer'

/** Entry point: `npm run serve` runs its build (server/dist/main.js, see server/build/), configured through the environment (see config.ts). */
async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(err.message)
    process.exit(1)
  }
  const log = createLogger(config.logLevel)
  const server = await startServer(config, { logger: log, processMetrics: true })
  // In multi-node mode the node's id names it in the other nodes' logs (its presence, its seats).
  log.info({ port: server.port, host: config.host, storage: config.storage, dataDir: config.dataDir, ...(server.cluster ? { node: server.cluster.nodeId } : {}) }, 'listening')

  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    server.close().then(
      () => {
        log.info('stopped')
        process.exit(0)
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((err: unknown) => {
  console.error('The server could not start:', err instanceof Error ? err.message : err)
  process.exit(1)
})
