import type { Logger } from 'pino'
import type { Config } from '../config'
import { MemoryStorage } from './MemoryStorage'
import { PostgresStorage } from './PostgresStorage'
import { SqliteStorage } from './SqliteStorage'
import type { Storage } from './Storage'

/**
 * The storage `config.storage` names: Postgres when DATABASE_URL is set (its schema migrated
 * before this resolves), else SQLite in DATA_DIR, or memory for throwaway runs.
 */
export async function openStorage(config: Pick<Config, 'storage' | 'databaseUrl' | 'dataDir'>, log: Logger): Promise<Storage> {
  if (config.storage === 'postgres') {
    if (config.databaseUrl === undefined) throw new Error('Postgres storage needs DATABASE_URL')
    return PostgresStorage.open({
      connectionString: config.databaseUrl,
      // A broken idle connection is replaced on the next call; a failing call is refused and logged where it is made.
      // Only the message: node-postgres hangs the connection (and its parameters) on the error.
      onConnectionError: (err) => log.warn({ problem: err.message }, 'a pooled Postgres connection failed'),
    })
  }
  if (config.storage === 'memory') return new MemoryStorage()
  return new SqliteStorage({ dataDir: config.dataDir })
}
