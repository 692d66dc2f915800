import { afterAll, beforeAll } from 'vitest'
import { startPostgres, type TestPostgres } from './startPostgres'

export interface PostgresPerFile {
  /** This file's PostgreSQL server (started in beforeAll). */
  readonly server: TestPostgres
  /** A new, empty database on it; its connection string. */
  newDatabase(): Promise<string>
}

/**
 * One PostgreSQL server for the calling test file, started before its tests and removed after
 * them; each test takes its own database, so none sees another's boards.
 */
export function postgresPerFile(): PostgresPerFile {
  let server: TestPostgres | undefined
  let databases = 0
  beforeAll(async () => {
    server = await startPostgres()
  }, 60_000)
  afterAll(async () => {
    await server?.dispose()
  })
  return {
    get server() {
      if (!server) throw new Error('PostgreSQL is not running (its beforeAll failed)')
      return server
    },
    async newDatabase() {
      return this.server.createDatabase(`test_${++databases}`)
    },
  }
}
