import { describe, expect, it } from 'vitest'
import pg from 'pg'
import { postgresPerFile } from '../../test/postgres/postgresPerFile'
import { PostgresStorage } from './PostgresStorage'
import { MIGRATION_LOCK_KEY, POSTGRES_SCHEMA_VERSION } from './postgresMigrations'
import { describeStorageContract } from './storage.contract'

const postgres = postgresPerFile()

describeStorageContract('PostgresStorage', async () => {
  const url = await postgres.newDatabase()
  let current = await PostgresStorage.open({ connectionString: url })
  return {
    get storage() {
      return current
    },
    reopen: async () => {
      await current.close()
      current = await PostgresStorage.open({ connectionString: url })
      return current
    },
    dispose: async () => {
      await current.close()
    },
  }
})

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'

describe('PostgresStorage on a shared database', () => {
  it('gives two concurrent appenders to one board strictly increasing seqs in commit order', async () => {
    const url = await postgres.newDatabase()
    // Two storages with pools of their own: two nodes writing the same board.
    const [a, b] = await Promise.all([PostgresStorage.open({ connectionString: url }), PostgresStorage.open({ connectionString: url })])
    const watcher = new pg.Client({ connectionString: url })
    await watcher.connect()
    try {
      await a.createBoard({ id: BOARD, title: 't', lang: 'en', templates: [] }, new Uint8Array([0, 0]))
      // Hold the board's row in a transaction of our own: both appenders must queue behind it,
      // and then behind each other, instead of taking numbers side by side.
      const holder = new pg.Client({ connectionString: url })
      await holder.connect()
      await holder.query('BEGIN')
      await holder.query('SELECT 1 FROM boards WHERE id = $1 FOR UPDATE', [BOARD])
      const BATCHES = 20
      const appends: Promise<number>[] = []
      // Ten per node: each node's pool (POSTGRES_POOL_SIZE) can hold them all waiting at once.
      for (let i = 0; i < BATCHES; i++) {
        const storage = i % 2 === 0 ? a : b
        appends.push(storage.appendUpdates(BOARD, [new Uint8Array([i]), new Uint8Array([i, i])]))
      }
      // Every appender is waiting on the lock (Postgres shows them as blocked) before we let go.
      await waitForBlocked(watcher, BATCHES)
      // A reader that follows the log by "seq > last seen", as a node catching up does: it must
      // see every row, which holds only if no number commits after a higher one.
      const seen: number[] = []
      let done = false
      const following = (async () => {
        for (;;) {
          const last = seen.at(-1) ?? 0
          const rows = (await watcher.query<{ seq: string }>('SELECT seq FROM updates WHERE board_id = $1 AND seq > $2 ORDER BY seq', [BOARD, last])).rows
          seen.push(...rows.map((r) => Number(r.seq)))
          if (done && rows.length === 0) return
          if (seen.length === 2 * BATCHES) done = true
        }
      })()
      await holder.query('COMMIT')
      await holder.end()
      const seqs = await Promise.all(appends)
      done = true
      await following
      // Each batch got two numbers of its own.
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: BATCHES }, (_, i) => 2 * (i + 1)))
      expect(seen).toEqual(Array.from({ length: 2 * BATCHES }, (_, i) => i + 1))
      // Commit order, read from Postgres (track_commit_timestamp): never earlier for a higher seq.
      const rows = (
        await watcher.query<{ seq: string; data: Buffer; committed: Date }>(
          'SELECT seq, data, pg_xact_commit_timestamp(xmin) AS committed FROM updates WHERE board_id = $1 ORDER BY seq',
          [BOARD],
        )
      ).rows
      const commits = rows.map((r) => r.committed.getTime())
      expect(commits).toEqual([...commits].sort((x, y) => x - y))
      // Each batch's rows are consecutive and in order: seq 2k-1 holds [i], seq 2k holds [i, i].
      for (let k = 0; k < BATCHES; k++) {
        const one = rows[2 * k]!.data
        const two = rows[2 * k + 1]!.data
        expect(two.length).toBe(2)
        expect([...two]).toEqual([one[0], one[0]])
      }
      expect((await b.loadBoard(BOARD))?.lastSeq).toBe(40)
    } finally {
      await watcher.end()
      await Promise.all([a.close(), b.close()])
    }
  })

  it('compacts only up to the seq it was given: an update committed meanwhile keeps its row', async () => {
    const url = await postgres.newDatabase()
    const [a, b] = await Promise.all([PostgresStorage.open({ connectionString: url }), PostgresStorage.open({ connectionString: url })])
    try {
      await a.createBoard({ id: BOARD, title: 't', lang: 'en', templates: [] }, new Uint8Array([0, 0]))
      await a.appendUpdates(BOARD, [new Uint8Array([1]), new Uint8Array([2])])
      // Node b commits seq 3 after node a read its state up to seq 2 and before it compacts.
      await b.appendUpdates(BOARD, [new Uint8Array([3])])
      await a.compact(BOARD, new Uint8Array([9, 9]), 2)
      const state = (await b.loadBoard(BOARD))!
      expect(state).toMatchObject({ snapshotSeq: 2, lastSeq: 3 })
      expect(state.updates.map((u) => [...u])).toEqual([[3]])
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('migrates once when several nodes start at once, and again is a no-op', async () => {
    const url = await postgres.newDatabase()
    const opened = await Promise.all(Array.from({ length: 5 }, () => PostgresStorage.open({ connectionString: url })))
    await opened[0]!.createBoard({ id: BOARD, title: 'kept', lang: 'nb', templates: [] }, new Uint8Array([0, 0]))
    await Promise.all(opened.map((s) => s.close()))
    const again = await PostgresStorage.open({ connectionString: url })
    const raw = new pg.Client({ connectionString: url })
    await raw.connect()
    try {
      expect((await again.getBoardMeta(BOARD))?.title).toBe('kept')
      const versions = (await raw.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version)
      expect(versions).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1))
      // Nobody holds the migration lock once they are open.
      const locks = await raw.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted")
      expect(locks.rowCount).toBe(0)
    } finally {
      await raw.end()
      await again.close()
    }
  })

  it('waits for a migration in progress on another node before it uses the schema', async () => {
    const url = await postgres.newDatabase()
    const other = new pg.Client({ connectionString: url })
    await other.connect()
    try {
      // Another node holds the lock: this one must wait, not create tables beside it.
      await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()])
      let opened = false
      const opening = PostgresStorage.open({ connectionString: url }).then((s) => ((opened = true), s))
      const watcher = new pg.Client({ connectionString: url })
      await watcher.connect()
      await waitForBlocked(watcher, 1)
      await watcher.end()
      expect(opened).toBe(false)
      expect((await other.query("SELECT to_regclass('boards') AS t")).rows[0].t).toBeNull()
      await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()])
      const storage = await opening
      expect((await storage.checkHealth()).writable).toBe(true)
      await storage.close()
    } finally {
      await other.end()
    }
  })

  it('refuses a database migrated by a newer server', async () => {
    const url = await postgres.newDatabase()
    await (await PostgresStorage.open({ connectionString: url })).close()
    const raw = new pg.Client({ connectionString: url })
    await raw.connect()
    await raw.query('INSERT INTO schema_migrations (version) VALUES (99)')
    await raw.end()
    await expect(PostgresStorage.open({ connectionString: url })).rejects.toThrow(/newer server/)
  })

  it('reports the database unreachable while Postgres is down, and healthy again once it is back', async () => {
    const url = await postgres.newDatabase()
    const storage = await PostgresStorage.open({ connectionString: url, onConnectionError: () => {} })
    try {
      await storage.createBoard({ id: BOARD, title: 't', lang: 'en', templates: [] }, new Uint8Array([0, 0]))
      await postgres.server.kill()
      const check = await storage.checkHealth()
      expect(check).toMatchObject({ readable: false, writable: false })
      expect(check.problem).toMatch(/cannot be read/)
      await expect(storage.appendUpdates(BOARD, [new Uint8Array([1])])).rejects.toThrow()
      await postgres.server.start()
      expect(await storage.checkHealth()).toEqual({ readable: true, writable: true })
      expect(await storage.appendUpdates(BOARD, [new Uint8Array([1])])).toBe(1)
    } finally {
      await postgres.server.start()
      await storage.close()
    }
  })
})

/** Waits until `count` sessions wait on a lock (pg_stat_activity's wait_event_type 'Lock'). */
async function waitForBlocked(client: pg.Client, count: number): Promise<void> {
  for (;;) {
    const n = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'")).rows[0]!.n)
    if (n >= count) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
