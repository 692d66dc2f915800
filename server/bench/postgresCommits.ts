/**
 * Commit throughput to Postgres beside SQLite's: the persistence benchmark's shape-move updates,
 * committed through PostgresStorage (on a durable Postgres: fsync on, synchronous_commit on, so
 * a commit returns once its WAL is on disk) and through SqliteStorage in the same run, a commit
 * of 1, 10 or 100 updates at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PostgresStorage } from '../src/storage/PostgresStorage'
import { SqliteStorage } from '../src/storage/SqliteStorage'
import type { ClusterBackends } from './cluster/startClusterBackends'
import { measureCommits, type CommitRate } from './storage/measureCommits'

export interface PostgresCommitsOptions {
  updates: number
  groupSizes: number[]
  log?: (line: string) => void
}

export interface PostgresCommitsResult {
  updateBytes: number
  postgres: CommitRate[]
  sqlite: CommitRate[]
}

export async function runPostgresCommits(backends: ClusterBackends, opts: PostgresCommitsOptions): Promise<PostgresCommitsResult> {
  const log = opts.log ?? (() => {})
  const postgres = await PostgresStorage.open({ connectionString: await backends.postgres.createDatabase('bench_commits') })
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-bench-commits-'))
  const sqlite = new SqliteStorage({ dataDir })
  try {
    const pg = await measureCommits(postgres, { ...opts, boardPrefix: 'commit', label: 'commits to Postgres', log })
    const lite = await measureCommits(sqlite, { ...opts, boardPrefix: 'commit', label: 'commits to SQLite', log })
    return { updateBytes: pg.updateBytes, postgres: pg.commits, sqlite: lite.commits }
  } finally {
    await Promise.allSettled([postgres.close(), sqlite.close()])
    rmSync(dataDir, { recursive: true, force: true })
  }
}
