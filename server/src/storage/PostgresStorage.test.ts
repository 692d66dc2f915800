import { describe, expect, it, vi } from 'vitest'
import pg from 'pg'
import * as Y from 'yjs'
import { postgresPerFile } from '../../test/postgres/postgresPerFile'
import { COMPACTION_LOCK_CLASS, PostgresStorage } from './PostgresStorage'
import { MIGRATION_LOCK_KEY, POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from './postgresMigrations'
import { BlobReader } from './BlobReader'
import { describeLargeSnapshotLoads } from './largeSnapshotLoads.contract'
import { READ_SNAPSHOT_IN_WORKER_FROM_BYTES } from './loadBoardWithSnapshotApart'
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

describeLargeSnapshotLoads('PostgresStorage', async (run) => {
  const storage = await PostgresStorage.open({ connectionString: await postgres.newDatabase() })
  try {
    await run(storage)
  } finally {
    await storage.close()
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
          // Read before the query: a query that started before the last commit may find nothing
          // new, and only one that started after every append returned may end the following.
          const appendsReturned = done
          const last = seen.at(-1) ?? 0
          const rows = (await watcher.query<{ seq: string }>('SELECT seq FROM updates WHERE board_id = $1 AND seq > $2 ORDER BY seq', [BOARD, last])).rows
          seen.push(...rows.map((r) => Number(r.seq)))
          if (appendsReturned && rows.length === 0) return
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

  it('lets one node compact a board at a time: another compacting meanwhile skips, and snapshot plus log rebuild the doc', async () => {
    const url = await postgres.newDatabase()
    const [a, b] = await Promise.all([PostgresStorage.open({ connectionString: url }), PostgresStorage.open({ connectionString: url })])
    const holder = new pg.Client({ connectionString: url })
    await holder.connect()
    try {
      const writer = new Y.Doc()
      const initial = Y.encodeStateAsUpdate(writer)
      await a.createBoard({ id: BOARD, title: 't', lang: 'en', templates: [] }, initial)
      const pending: Uint8Array[] = []
      writer.on('update', (u: Uint8Array) => pending.push(u))
      const edit = (i: number) => writer.getMap('m').set(`k${i % 40}`, i)

      // A compaction of the board in progress elsewhere (its lock held): this one skips and changes nothing.
      for (let i = 0; i < 3; i++) edit(i)
      await a.appendUpdates(BOARD, pending.splice(0))
      await holder.query('BEGIN')
      await holder.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [COMPACTION_LOCK_CLASS, BOARD])
      expect(await a.compact(BOARD, Y.encodeStateAsUpdate(writer), 3)).toBe(false)
      expect(await b.loadBoard(BOARD)).toMatchObject({ snapshotSeq: 0, lastSeq: 3 })
      await holder.query('COMMIT')

      // Two nodes compacting the same state at the same moment: exactly one does.
      const both = await Promise.all([a.compact(BOARD, Y.encodeStateAsUpdate(writer), 3), b.compact(BOARD, Y.encodeStateAsUpdate(writer), 3)])
      expect(both.filter(Boolean)).toHaveLength(1)

      // Both nodes write and compact while the other writes: each compacts up to the seq its own
      // copy of the board holds (read from the log), as a node compacts up to what it applied.
      const nodes = [a, b].map((storage) => ({ storage, doc: new Y.Doc(), through: 0 }))
      for (const node of nodes) {
        const loaded = (await node.storage.loadBoard(BOARD))!
        if (loaded.snapshot) Y.applyUpdate(node.doc, loaded.snapshot)
        for (const u of loaded.updates) Y.applyUpdate(node.doc, u)
        node.through = loaded.lastSeq
      }
      let compactions = 0
      const work: Promise<unknown>[] = []
      for (let round = 0; round < 30; round++) {
        const node = nodes[round % 2]!
        edit(100 + round)
        work.push(node.storage.appendUpdates(BOARD, pending.splice(0)))
        work.push(
          (async () => {
            const tail = (await node.storage.updatesAfter(BOARD, node.through))!
            if (tail.snapshot) Y.applyUpdate(node.doc, tail.snapshot)
            for (const { update } of tail.updates) Y.applyUpdate(node.doc, update)
            node.through = Math.max(node.through, tail.snapshotSeq, tail.updates.at(-1)?.seq ?? 0)
            if (await node.storage.compact(BOARD, Y.encodeStateAsUpdate(node.doc), node.through)) compactions++
          })(),
        )
      }
      await Promise.all(work)
      // By timing, every racing attempt may have skipped (the other node held the lock, or the
      // stored snapshot was ahead); a node that catches up alone afterwards always compacts.
      const last = nodes[0]!
      const tail = (await last.storage.updatesAfter(BOARD, last.through))!
      if (tail.snapshot) Y.applyUpdate(last.doc, tail.snapshot)
      for (const { update } of tail.updates) Y.applyUpdate(last.doc, update)
      last.through = Math.max(last.through, tail.snapshotSeq, tail.updates.at(-1)?.seq ?? 0)
      if (await last.storage.compact(BOARD, Y.encodeStateAsUpdate(last.doc), last.through)) compactions++
      expect(compactions).toBeGreaterThan(0)
      const stored = (await a.loadBoard(BOARD))!
      const rebuilt = new Y.Doc()
      Y.applyUpdate(rebuilt, stored.snapshot!)
      for (const u of stored.updates) Y.applyUpdate(rebuilt, u)
      expect(rebuilt.getMap('m').toJSON()).toEqual(writer.getMap('m').toJSON())
      expect(stored.lastSeq).toBe(3 + 30)
      // Every update after the snapshot is still logged, each once.
      const raw = await holder.query<{ seq: number }>('SELECT seq FROM updates WHERE board_id = $1 ORDER BY seq', [BOARD])
      expect(raw.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: stored.lastSeq - stored.snapshotSeq }, (_, i) => stored.snapshotSeq + i + 1))
    } finally {
      await holder.end()
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

  it("brings a database of schema 2 forward, each board's last change taken from its last use", async () => {
    const url = await postgres.newDatabase()
    // The database as a server of schema 2 left it, built with that server's steps.
    const raw = new pg.Client({ connectionString: url })
    await raw.connect()
    try {
      await raw.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
      for (const migration of POSTGRES_MIGRATIONS.filter((m) => m.version <= 2)) {
        await raw.query(migration.sql)
        await raw.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version])
      }
      await raw.query("INSERT INTO boards (id, title, lang, templates, created_at, last_used_at, snapshot, snapshot_seq, last_seq) VALUES ($1, 'Eldre', 'nb', '[]', 10, 100, $2, 0, 1)", [
        BOARD,
        Buffer.from([0, 0]),
      ])
      await raw.query('INSERT INTO updates (board_id, seq, data) VALUES ($1, 1, $2)', [BOARD, Buffer.from([1])])
    } finally {
      await raw.end()
    }
    const storage = await PostgresStorage.open({ connectionString: url })
    try {
      expect(await storage.listBoards()).toEqual([
        { id: BOARD, title: 'Eldre', createdAt: 10, lastUsedAt: 100, lastChangedAt: 100, stateBytes: 3, historyBytes: 0, assetBytes: 0, gatheringId: null },
      ])
      expect(await storage.loadBoard(BOARD)).toEqual({ snapshot: new Uint8Array([0, 0]), snapshotSeq: 0, updates: [new Uint8Array([1])], lastSeq: 1 })
    } finally {
      await storage.close()
    }
  })

  it('gives the last place for a team template to one of two nodes saving at once', async () => {
    const url = await postgres.newDatabase()
    const [a, b] = await Promise.all([PostgresStorage.open({ connectionString: url }), PostgresStorage.open({ connectionString: url })])
    try {
      await a.createTeamTemplate({ id: 'TTTTTTTTTTTTTTTTTTTTT0', name: 'first', description: '', content: '{}' }, 2)
      const saves = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).createTeamTemplate({ id: `TTTTTTTTTTTTTTTTTTTTT${i + 1}`.slice(-22), name: `n${i}`, description: '', content: '{}' }, 2)),
      )
      expect(saves.filter((s) => s !== null)).toHaveLength(1)
      expect(await b.listTeamTemplates()).toHaveLength(2)
    } finally {
      await Promise.all([a.close(), b.close()])
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
  it('reads the large snapshot a log tail needs on its worker, and only when the log no longer holds what was asked', async () => {
    const storage = await PostgresStorage.open({ connectionString: await postgres.newDatabase() })
    try {
      const doc = new Y.Doc()
      doc.getText('big').insert(0, 'x'.repeat(READ_SNAPSHOT_IN_WORKER_FROM_BYTES + 1024))
      await storage.createBoard({ id: BOARD, title: 't', lang: 'en', templates: [] }, Y.encodeStateAsUpdate(doc))
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 1; i <= 4; i++) doc.getMap('m').set(`k${i}`, i)
      for (const u of updates) await storage.appendUpdates(BOARD, [u])
      const upTo2 = (await storage.updatesAfter(BOARD, 0))!
      const compacted = new Y.Doc()
      Y.applyUpdate(compacted, (await storage.loadBoard(BOARD))!.snapshot!)
      for (const { update } of upTo2.updates.slice(0, 2)) Y.applyUpdate(compacted, update)
      expect(await storage.compact(BOARD, Y.encodeStateAsUpdate(compacted), 2)).toBe(true)

      const reads = vi.spyOn(BlobReader.prototype, 'get')
      const behind = (await storage.updatesAfter(BOARD, 1))!
      expect(reads).toHaveBeenCalledTimes(1)
      expect(behind.snapshot!.buffer).toBeInstanceOf(SharedArrayBuffer)
      expect({ snapshotSeq: behind.snapshotSeq, seqs: behind.updates.map((u) => u.seq), lastSeq: behind.lastSeq }).toEqual({ snapshotSeq: 2, seqs: [3, 4], lastSeq: 4 })
      const rebuilt = new Y.Doc()
      Y.applyUpdate(rebuilt, behind.snapshot!)
      for (const { update } of behind.updates) Y.applyUpdate(rebuilt, update)
      expect(rebuilt.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())

      reads.mockClear()
      const current = (await storage.updatesAfter(BOARD, 3))!
      expect(reads).not.toHaveBeenCalled()
      expect({ snapshot: current.snapshot, seqs: current.updates.map((u) => u.seq) }).toEqual({ snapshot: null, seqs: [4] })
    } finally {
      vi.restoreAllMocks()
      await storage.close()
    }
  })

  it("reads large boards on its worker again once Postgres is back: the worker's broken connection is replaced", async () => {
    const url = await postgres.newDatabase()
    const storage = await PostgresStorage.open({ connectionString: url, onConnectionError: () => {} })
    try {
      const doc = new Y.Doc()
      doc.getText('big').insert(0, 'x'.repeat(READ_SNAPSHOT_IN_WORKER_FROM_BYTES + 1024))
      await storage.createBoard({ id: BOARD, title: 't', lang: 'en', templates: [] }, Y.encodeStateAsUpdate(doc))
      expect((await storage.loadBoard(BOARD))!.snapshot!.buffer).toBeInstanceOf(SharedArrayBuffer)
      await postgres.server.kill()
      await expect(storage.loadBoard(BOARD)).rejects.toThrow()
      await postgres.server.start()
      const reads = vi.spyOn(BlobReader.prototype, 'get')
      const loaded = (await storage.loadBoard(BOARD))!
      // Read by the worker, not by the fallback on the event loop.
      expect(loaded.snapshot!.buffer).toBeInstanceOf(SharedArrayBuffer)
      expect(reads).toHaveBeenCalledTimes(1)
      const reloaded = new Y.Doc()
      Y.applyUpdate(reloaded, loaded.snapshot!)
      expect(reloaded.getText('big').length).toBe(READ_SNAPSHOT_IN_WORKER_FROM_BYTES + 1024)
    } finally {
      vi.restoreAllMocks()
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
