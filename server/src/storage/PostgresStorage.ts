import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { isSnapshotKind } from '@whiteboard/shared/api/historyApi'
import { isBoardLang } from '@whiteboard/shared/board/boardLang'
import { BoardDamagedError } from './BoardDamagedError'
import { BoardNotFoundError } from './BoardNotFoundError'
import type { BlobReader } from './BlobReader'
import { postgresBlobReader } from './postgresBlobReader'
import { loadBoardWithSnapshotApart, READ_SNAPSHOT_IN_WORKER_FROM_BYTES, type BoardReadApart } from './loadBoardWithSnapshotApart'
import type { GatheringPatch, GatheringRecord, GatheringTeamPatch, NewGathering, NewGatheringTeam } from './GatheringRecord'
import { inTransaction } from './inTransaction'
import { PostgresGatherings } from './PostgresGatherings'
import { PostgresPrivateDocs } from './PostgresPrivateDocs'
import { PostgresTeamTemplates } from './PostgresTeamTemplates'
import type { NewTeamTemplate, StoredTeamTemplate, TeamTemplateInfo } from './TeamTemplateRecord'
import { migratePostgres } from './postgresMigrations'
import type { AppendOptions, AssetInfo, AssetUsage, BoardListing, BoardMeta, BoardMetaPatch, BoardStorageUsage, LogTail, NewBoardMeta, NewSnapshot, SnapshotInfo, Storage, StorageCheck, StoredAsset, StoredBoardState } from './Storage'
import { boardListingOf, type BoardListingRow } from './boardListingOf'
import { storageFailureKind } from './storageFailureText'

/**
 * Connections one server keeps to Postgres at most. A room commits one batch per busy turn and
 * waits for it before the next, so a node needs about one connection per board being written at
 * the same instant, plus reads (loads, history, images). Ten covers a node's busy boards while
 * three nodes stay far below Postgres's default of 100 connections.
 */
export const POSTGRES_POOL_SIZE = 10

/**
 * How long getting a connection may take before the call fails. Without it a call made while
 * Postgres is unreachable would wait on the pool for as long as TCP keeps trying; with it the
 * change is refused with the storage close code and /readyz answers within this time.
 */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000

/**
 * Longest a statement may run on the server. Loading the largest allowed board is well under a
 * second; a statement that runs for half a minute is stuck (a lock held by a dead session), and
 * failing it refuses one change instead of holding a room's commit chain forever.
 */
export const POSTGRES_STATEMENT_TIMEOUT_MS = 30_000

/**
 * First key of the advisory lock a board's compaction holds (pg_try_advisory_xact_lock(int, int);
 * the second key is the hash of the board id). Any fixed number works that no other lock of ours
 * uses with two keys; this one spells "cmpc".
 */
export const COMPACTION_LOCK_CLASS = 0x636d7063

/** Postgres's code for a foreign key violation: the board a row belongs to is not there. */
const FOREIGN_KEY_VIOLATION = '23503'

/** bigint (int8) columns come back as numbers: sequence numbers, times and byte counts stay far below 2^53. */
const INT8_OID = 20
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID ? (value: string) => Number(value) : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
}

interface BoardRow {
  id: string
  title: string
  lang: string
  templates: unknown
  created_at: number
}

interface SnapshotRow {
  id: string
  label: string
  author: string
  kind: string
  created_at: number
  byte_length: number
}

export interface PostgresStorageOptions {
  /** postgres://user:password@host:port/database (DATABASE_URL). */
  connectionString: string
  /** Defaults to POSTGRES_POOL_SIZE. */
  poolSize?: number
  /** Told when an idle pooled connection fails (Postgres restarted, network cut); the pool replaces it on the next call. */
  onConnectionError?: (err: Error) => void
}

/**
 * Storage in PostgreSQL through node-postgres 8, for running several nodes on one database.
 * Same layout as the SQLite storage (SqliteStorage.ts): a row per board holding the compacted
 * snapshot and the last sequence number, a log of updates keyed by (board, seq), history
 * snapshots, assets as bytea, and gatherings (PostgresGatherings.ts). Unlike SQLite (schema 6),
 * the snapshot stays in the board's row: Postgres keeps a large value out of line (TOAST) and
 * leaves it untouched when other columns change, so a commit on a 24 MiB board costs under a
 * millisecond of this process's CPU, as on a small one.
 *
 * Writes resolve after COMMIT, which Postgres (synchronous_commit on, its default) answers once
 * the WAL is flushed: an update the sync server broadcasts after `appendUpdates` survives a crash
 * of Postgres as well as of this process.
 *
 * Byte columns travel as hex text (node-postgres reads binary results only for a whole
 * connection, and then misreads bigint and bytea), decoded where the query ran: large ones (board
 * snapshots, history snapshots, images) on the blob reader's thread (postgresBlobReader.ts).
 *
 * Open it with {@link PostgresStorage.open}, which migrates the schema first.
 */
export class PostgresStorage implements Storage {
  private readonly gatherings: PostgresGatherings
  private readonly teamTemplates: PostgresTeamTemplates
  private readonly privateDocs: PostgresPrivateDocs
  private closing: Promise<void> | null = null
  /** Reads large values off the event loop; null once the worker failed (they are then read here). */
  private blobReader: BlobReader | null

  private constructor(
    private readonly pool: pg.Pool,
    connectionString: string,
  ) {
    this.blobReader = postgresBlobReader(
      { connectionString, connectTimeoutMs: POSTGRES_CONNECT_TIMEOUT_MS, statementTimeoutMs: POSTGRES_STATEMENT_TIMEOUT_MS },
      () => (this.blobReader = null),
    )
    this.gatherings = new PostgresGatherings(pool)
    this.teamTemplates = new PostgresTeamTemplates(pool)
    this.privateDocs = new PostgresPrivateDocs(pool)
  }

  /** Connects, brings the schema up to date (postgresMigrations.ts) and gives the storage. */
  static async open(opts: PostgresStorageOptions): Promise<PostgresStorage> {
    const pool = new pg.Pool({
      connectionString: opts.connectionString,
      max: opts.poolSize ?? POSTGRES_POOL_SIZE,
      connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
      statement_timeout: POSTGRES_STATEMENT_TIMEOUT_MS,
      types,
    })
    // Without a listener, an idle connection that breaks (Postgres restarting) would be an
    // unhandled 'error' event and end the process; the pool drops it and connects anew.
    pool.on('error', (err) => opts.onConnectionError?.(err))
    try {
      await migratePostgres(pool)
    } catch (err) {
      await pool.end()
      throw err
    }
    return new PostgresStorage(pool, opts.connectionString)
  }

  async createBoard(meta: NewBoardMeta, initialState: Uint8Array): Promise<BoardMeta> {
    const createdAt = Date.now()
    await this.pool.query(
      'INSERT INTO boards (id, title, lang, templates, created_at, last_used_at, last_changed_at, snapshot, snapshot_seq, last_seq) VALUES ($1, $2, $3, $4, $5, $5, $7, $6, 0, 0)',
      [meta.id, meta.title, meta.lang, JSON.stringify(meta.templates), createdAt, toBuffer(initialState), meta.lastChangedAt ?? createdAt],
    )
    return { id: meta.id, title: meta.title, lang: meta.lang, templates: [...meta.templates], createdAt }
  }

  async getBoardMeta(boardId: string): Promise<BoardMeta | null> {
    const row = (await this.pool.query<BoardRow>('SELECT id, title, lang, templates, created_at FROM boards WHERE id = $1', [boardId])).rows[0]
    return row ? toMeta(row) : null
  }

  async updateBoardMeta(boardId: string, patch: BoardMetaPatch): Promise<BoardMeta | null> {
    const row = (
      await this.pool.query<BoardRow>('UPDATE boards SET title = COALESCE($2, title) WHERE id = $1 RETURNING id, title, lang, templates, created_at', [
        boardId,
        patch.title ?? null,
      ])
    ).rows[0]
    return row ? toMeta(row) : null
  }

  /** A board's stored state: the log after -1, i.e. with the snapshot whenever there is one (updatesAfter). */
  async loadBoard(boardId: string): Promise<StoredBoardState | null> {
    const tail = await this.updatesAfter(boardId, -1)
    return tail && { ...tail, updates: tail.updates.map((u) => u.update) }
  }

  appendUpdates(boardId: string, updates: readonly Uint8Array[], opts: AppendOptions = {}): Promise<number> {
    return inTransaction(this.pool, async (c) => {
      // Taking the numbers with an UPDATE of the board's row locks that row until COMMIT. A second
      // writer of the same board (another node) waits on the lock and then reads the number the
      // first one committed, so a batch's numbers are taken in the order batches commit. With
      // numbers taken outside the lock (a sequence, or a read before the write), batch 7 could
      // commit before batch 6, and a reader that asked for "seq > 5" in between would see 7 and
      // never look back for 6.
      // The content changed now, unless nothing was appended; GREATEST: a node whose clock lags never moves it back.
      const row = (
        await c.query<{ last_seq: number }>(
          'UPDATE boards SET last_seq = last_seq + $2, last_changed_at = CASE WHEN $2 > 0 THEN GREATEST(last_changed_at, $3) ELSE last_changed_at END WHERE id = $1 RETURNING last_seq',
          // 0: not by people, the last change stays (GREATEST).
          [boardId, updates.length, opts.byPeople === false ? 0 : Date.now()],
        )
      ).rows[0]
      if (!row) throw new BoardNotFoundError(boardId)
      const first = row.last_seq - updates.length + 1
      if (updates.length > 0) {
        await c.query('INSERT INTO updates (board_id, seq, data) SELECT $1, $2 + n - 1, data FROM unnest($3::bytea[]) WITH ORDINALITY AS u(data, n)', [
          boardId,
          first,
          updates.map(toBuffer),
        ])
      }
      return row.last_seq
    })
  }

  compact(boardId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      // One compactor per board across the nodes, which all count the board's updates and reach
      // the threshold together: a second one skips at once instead of queueing on the row to
      // send a snapshot of megabytes that the first one's makes redundant.
      const lock = await c.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [COMPACTION_LOCK_CLASS, boardId])
      if (!lock.rows[0]?.locked) return false
      // The row lock queues this behind any append in flight, and the delete takes only rows up
      // to `uptoSeq`: an update committed after the caller read its state keeps its row.
      const row = (await c.query<{ last_seq: number; snapshot_seq: number }>('SELECT last_seq, snapshot_seq FROM boards WHERE id = $1 FOR UPDATE', [boardId])).rows[0]
      if (!row) throw new BoardNotFoundError(boardId)
      if (uptoSeq > row.last_seq) throw new Error(`cannot compact ${boardId} up to ${uptoSeq}`)
      // Another node compacted as far or further: its snapshot holds all this one would, and
      // writing this one with the lower seq would bring back rows it deleted as logged.
      if (uptoSeq <= row.snapshot_seq) return false
      await c.query('UPDATE boards SET snapshot = $2, snapshot_seq = $3 WHERE id = $1', [boardId, toBuffer(snapshot), uptoSeq])
      await c.query('DELETE FROM updates WHERE board_id = $1 AND seq <= $2', [boardId, uptoSeq])
      return true
    })
  }

  /** The log after `afterSeq`, with the snapshot when the log no longer holds all of it, a large one read on the blob reader's thread. */
  updatesAfter(boardId: string, afterSeq: number, limit?: number): Promise<LogTail | null> {
    return loadBoardWithSnapshotApart({
      boardId,
      reader: () => this.blobReader,
      readBoard: (leaveLargeSnapshot) => this.readTail(boardId, afterSeq, limit, leaveLargeSnapshot),
      snapshotSql: 'SELECT snapshot, snapshot_seq FROM boards WHERE id = $1',
    })
  }

  /**
   * The log tail in one snapshot of the database, so a compaction committing in between (on this
   * node or another) cannot hand us the new snapshot with the old log, or the reverse. Numbers are
   * taken in commit order (appendUpdates), so "seq > afterSeq" never passes over a row that
   * commits later. With `leaveLargeSnapshot`, a snapshot of READ_SNAPSHOT_IN_WORKER_FROM_BYTES or
   * more is left out.
   */
  private readTail(boardId: string, afterSeq: number, limit: number | undefined, leaveLargeSnapshot: boolean): Promise<BoardReadApart<LogTail> | null> {
    return inTransaction(
      this.pool,
      async (c) => {
        const row = (
          await c.query<{ snapshot: Buffer | null; snapshot_bytes: number | null; snapshot_seq: number; last_seq: number }>(
            // The snapshot's bytes only when the log no longer holds what the caller lacks.
            `SELECT CASE WHEN snapshot_seq > $2 AND NOT ($3 AND octet_length(snapshot) >= $4) THEN snapshot END AS snapshot,
                    CASE WHEN snapshot_seq > $2 THEN octet_length(snapshot) END AS snapshot_bytes, snapshot_seq, last_seq
             FROM boards WHERE id = $1`,
            [boardId, afterSeq, leaveLargeSnapshot, READ_SNAPSHOT_IN_WORKER_FROM_BYTES],
          )
        ).rows[0]
        if (!row) return null
        // LIMIT NULL: no limit.
        const rows = (
          await c.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
            boardId,
            Math.max(afterSeq, row.snapshot_seq),
            limit ?? null,
          ])
        ).rows
        return {
          state: {
            snapshot: row.snapshot ? bytesOf(row.snapshot) : null,
            snapshotSeq: row.snapshot_seq,
            updates: rows.map((u) => {
              if (!(u.data instanceof Uint8Array)) throw new BoardDamagedError(boardId, 'a logged update holds no bytes')
              return { seq: u.seq, update: bytesOf(u.data) }
            }),
            lastSeq: row.last_seq,
          },
          snapshotLeft: leaveLargeSnapshot && (row.snapshot_bytes ?? 0) >= READ_SNAPSHOT_IN_WORKER_FROM_BYTES,
        }
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    )
  }

  loadPrivateDoc(boardId: string, personId: string): Promise<StoredBoardState | null> {
    return this.privateDocs.load(boardId, personId)
  }

  appendPrivateUpdates(boardId: string, personId: string, updates: readonly Uint8Array[]): Promise<number> {
    return this.privateDocs.append(boardId, personId, updates)
  }

  compactPrivateDoc(boardId: string, personId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean> {
    return this.privateDocs.compact(boardId, personId, snapshot, uptoSeq)
  }

  privateUpdatesAfter(boardId: string, personId: string, afterSeq: number, limit?: number): Promise<LogTail | null> {
    return this.privateDocs.updatesAfter(boardId, personId, afterSeq, limit)
  }

  listPrivateDocs(boardId: string): Promise<string[]> {
    return this.privateDocs.list(boardId)
  }

  async listSnapshots(boardId: string): Promise<SnapshotInfo[]> {
    const rows = await this.pool.query<SnapshotRow>(
      'SELECT id, label, author, kind, created_at, octet_length(data)::bigint AS byte_length FROM snapshots WHERE board_id = $1 ORDER BY created_at DESC, position DESC',
      [boardId],
    )
    return rows.rows.map(toSnapshotInfo)
  }

  async getSnapshot(boardId: string, snapshotId: string): Promise<{ info: SnapshotInfo; data: Uint8Array } | null> {
    const row = await this.readBlobRow<SnapshotRow & { data: Buffer }>(
      'SELECT id, label, author, kind, created_at, octet_length(data)::bigint AS byte_length, data FROM snapshots WHERE board_id = $1 AND id = $2',
      [boardId, snapshotId],
    )
    return row ? { info: toSnapshotInfo(row), data: bytesOf(row.data) } : null
  }

  async putSnapshot(boardId: string, snapshot: NewSnapshot, data: Uint8Array): Promise<SnapshotInfo> {
    const info: SnapshotInfo = {
      id: randomUUID(),
      label: snapshot.label,
      author: snapshot.author,
      kind: snapshot.kind,
      createdAt: snapshot.createdAt ?? Date.now(),
      byteLength: data.byteLength,
    }
    await boardMustExist(boardId, () =>
      this.pool.query('INSERT INTO snapshots (board_id, id, label, author, kind, created_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        boardId,
        info.id,
        info.label,
        info.author,
        info.kind,
        info.createdAt,
        toBuffer(data),
      ]),
    )
    return info
  }

  async deleteSnapshot(boardId: string, snapshotId: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM snapshots WHERE board_id = $1 AND id = $2', [boardId, snapshotId])).rowCount ?? 0) > 0
  }

  async storageUsage(boardId: string): Promise<BoardStorageUsage | null> {
    // octet_length of a bytea reads its size from the stored header, not the bytes.
    const row = (
      await this.pool.query<{ state_bytes: number; snapshot_bytes: number }>(
        `SELECT (COALESCE(octet_length(snapshot), 0) + (SELECT COALESCE(SUM(octet_length(data)), 0) FROM updates WHERE board_id = $1))::bigint AS state_bytes,
                (SELECT COALESCE(SUM(octet_length(data)), 0) FROM snapshots WHERE board_id = $1)::bigint AS snapshot_bytes
         FROM boards WHERE id = $1`,
        [boardId],
      )
    ).rows[0]
    return row ? { stateBytes: row.state_bytes, snapshotBytes: row.snapshot_bytes } : null
  }

  async putAsset(boardId: string, assetId: string, asset: StoredAsset): Promise<void> {
    await boardMustExist(boardId, () =>
      this.pool.query(
        `INSERT INTO assets (board_id, id, content_type, data, referenced_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (board_id, id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, referenced_at = excluded.referenced_at`,
        [boardId, assetId, asset.contentType, toBuffer(asset.data), Date.now()],
      ),
    )
  }

  async getAsset(boardId: string, assetId: string): Promise<StoredAsset | null> {
    const row = await this.readBlobRow<{ content_type: string; data: Buffer }>('SELECT content_type, data FROM assets WHERE board_id = $1 AND id = $2', [boardId, assetId])
    return row ? { contentType: row.content_type, data: bytesOf(row.data) } : null
  }

  /** A row with a large value, read on the blob reader's thread while it runs (postgresBlobReader.ts), else here. */
  private async readBlobRow<Row extends pg.QueryResultRow>(sql: string, params: readonly unknown[]): Promise<Row | undefined> {
    if (this.blobReader?.alive) return (await this.blobReader.get<Row>(sql, params)) ?? undefined
    return (await this.pool.query<Row>(sql, [...params])).rows[0]
  }

  async assetSize(boardId: string, assetId: string): Promise<number | null> {
    const row = (await this.pool.query<{ byte_length: number }>('SELECT octet_length(data)::bigint AS byte_length FROM assets WHERE board_id = $1 AND id = $2', [boardId, assetId])).rows[0]
    return row?.byte_length ?? null
  }

  async deleteAsset(boardId: string, assetId: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM assets WHERE board_id = $1 AND id = $2', [boardId, assetId])).rowCount ?? 0) > 0
  }

  async assetUsage(boardId: string): Promise<AssetUsage> {
    const row = (
      await this.pool.query<{ count: number; bytes: number }>('SELECT COUNT(*) AS count, COALESCE(SUM(octet_length(data)), 0)::bigint AS bytes FROM assets WHERE board_id = $1', [boardId])
    ).rows[0]
    return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 }
  }

  async listAssets(boardId: string): Promise<AssetInfo[]> {
    const rows = await this.pool.query<{ id: string; byte_length: number; referenced_at: number }>(
      'SELECT id, octet_length(data)::bigint AS byte_length, referenced_at FROM assets WHERE board_id = $1',
      [boardId],
    )
    return rows.rows.map((r) => ({ id: r.id, byteLength: r.byte_length, referencedAt: r.referenced_at }))
  }

  async markAssetsReferenced(boardId: string, assetIds: readonly string[], at: number): Promise<void> {
    if (assetIds.length === 0) return
    await this.pool.query('UPDATE assets SET referenced_at = GREATEST(referenced_at, $3) WHERE board_id = $1 AND id = ANY($2::text[])', [boardId, [...assetIds], at])
  }

  async boardsWithAssets(): Promise<string[]> {
    return (await this.pool.query<{ board_id: string }>('SELECT DISTINCT board_id FROM assets')).rows.map((r) => r.board_id)
  }

  deleteBoard(boardId: string): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      await this.gatherings.forgetBoard(c, boardId)
      // The log, history snapshots, assets and private docs go with the row (ON DELETE CASCADE).
      return ((await c.query('DELETE FROM boards WHERE id = $1', [boardId])).rowCount ?? 0) > 0
    })
  }

  async markBoardsUsed(boardIds: readonly string[], at: number): Promise<void> {
    if (boardIds.length === 0) return
    await this.pool.query('UPDATE boards SET last_used_at = $2 WHERE id = ANY($1) AND last_used_at < $2', [[...boardIds], at])
  }

  async lastChangesByPeople(boardIds: readonly string[]): Promise<Map<string, number>> {
    if (boardIds.length === 0) return new Map()
    const rows = (
      await this.pool.query<{ id: string; last_changed_at: number }>('SELECT id, last_changed_at FROM boards WHERE id = ANY($1) AND last_changed_at > created_at', [[...boardIds]])
    ).rows
    return new Map(rows.map((r) => [r.id, r.last_changed_at]))
  }

  async listBoards(): Promise<BoardListing[]> {
    // octet_length of a bytea reads its size from the stored header, not the bytes.
    const rows = (
      await this.pool.query<BoardListingRow>(
        `SELECT b.id, b.title, b.created_at, b.last_used_at, b.last_changed_at,
                (COALESCE(octet_length(b.snapshot), 0) + (SELECT COALESCE(SUM(octet_length(data)), 0) FROM updates WHERE board_id = b.id))::bigint AS state_bytes,
                (SELECT COALESCE(SUM(octet_length(data)), 0) FROM snapshots WHERE board_id = b.id)::bigint AS history_bytes,
                (SELECT COALESCE(SUM(octet_length(data)), 0) FROM assets WHERE board_id = b.id)::bigint AS asset_bytes,
                (SELECT gathering_id FROM gathering_teams WHERE board_id = b.id) AS gathering_id
         FROM boards b ORDER BY b.created_at, b.id`,
      )
    ).rows
    return rows.map(boardListingOf)
  }

  createGathering(gathering: NewGathering): Promise<GatheringRecord> {
    return this.gatherings.create(gathering)
  }

  getGathering(gatheringId: string): Promise<GatheringRecord | null> {
    return this.gatherings.get(gatheringId)
  }

  getGatheringOfBoard(boardId: string): Promise<GatheringRecord | null> {
    return this.gatherings.ofBoard(boardId)
  }

  updateGathering(gatheringId: string, patch: GatheringPatch): Promise<GatheringRecord | null> {
    return this.gatherings.update(gatheringId, patch)
  }

  addGatheringTeam(gatheringId: string, team: NewGatheringTeam): Promise<GatheringRecord | null> {
    return this.gatherings.addTeam(gatheringId, team)
  }

  updateGatheringTeam(gatheringId: string, boardId: string, patch: GatheringTeamPatch): Promise<GatheringRecord | null> {
    return this.gatherings.updateTeam(gatheringId, boardId, patch)
  }

  removeGatheringTeam(gatheringId: string, boardId: string): Promise<boolean> {
    return this.gatherings.removeTeam(gatheringId, boardId)
  }

  deleteGathering(gatheringId: string): Promise<boolean> {
    return this.gatherings.delete(gatheringId)
  }

  async createTeamTemplate(template: NewTeamTemplate, maxTemplates: number): Promise<TeamTemplateInfo | null> {
    return this.teamTemplates.create(template, maxTemplates)
  }

  async listTeamTemplates(): Promise<TeamTemplateInfo[]> {
    return this.teamTemplates.list()
  }

  async getTeamTemplate(templateId: string): Promise<StoredTeamTemplate | null> {
    return this.teamTemplates.get(templateId)
  }

  async deleteTeamTemplate(templateId: string): Promise<boolean> {
    return this.teamTemplates.delete(templateId)
  }

  async checkHealth(): Promise<StorageCheck> {
    if (this.closing) return { readable: false, writable: false, problem: 'the database is closed' }
    try {
      await this.pool.query('SELECT id FROM boards LIMIT 1')
    } catch (err) {
      return { readable: false, writable: false, problem: `the database cannot be read (${postgresFailure(err)})` }
    }
    // A write that is rolled back: a server in recovery or set read-only answers reads and
    // refuses writes, and only a write shows it. Nothing is kept.
    try {
      await inTransaction(this.pool, async (c) => {
        await c.query('UPDATE schema_migrations SET applied_at = applied_at WHERE version = -1')
        throw new ProbeDone()
      })
    } catch (err) {
      if (!(err instanceof ProbeDone)) return { readable: true, writable: false, problem: `the database cannot be written (${postgresFailure(err)})` }
    }
    return { readable: true, writable: true }
  }

  close(): Promise<void> {
    const blobReader = this.blobReader
    this.blobReader = null
    this.closing ??= Promise.all([this.pool.end(), blobReader?.close()]).then(() => undefined)
    return this.closing
  }
}

/** Thrown by the write probe to roll it back. */
class ProbeDone extends Error {}

/** A short name of a Postgres fault for /readyz. */
function postgresFailure(err: unknown): string {
  const kind = storageFailureKind(err)
  return kind === 'unreachable' ? 'the database server cannot be reached' : kind
}

/** Runs an insert that names a board; the board's foreign key failing means the board is not there. */
async function boardMustExist(boardId: string, insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert()
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === FOREIGN_KEY_VIOLATION) throw new BoardNotFoundError(boardId)
    throw err
  }
}

/** A Buffer over the same bytes (node-postgres sends Buffers as bytea); no copy, the query is encoded before it returns. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The bytes of a bytea as a plain view; node-postgres (or the blob reader) gave them a buffer of their own. */
function bytesOf(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

function toMeta(row: BoardRow): BoardMeta {
  const templates = row.templates
  if (!Array.isArray(templates) || !templates.every((t) => typeof t === 'string') || typeof row.title !== 'string' || !isBoardLang(row.lang)) {
    throw new BoardDamagedError(row.id, 'its stored title, language or templates cannot be read')
  }
  return { id: row.id, title: row.title, lang: row.lang, templates, createdAt: row.created_at }
}

function toSnapshotInfo(row: SnapshotRow): SnapshotInfo {
  // A kind this server does not know (written by a newer one) still lists, as a manual snapshot.
  const kind = isSnapshotKind(row.kind) ? row.kind : 'manual'
  return { id: row.id, label: row.label, author: row.author, kind, createdAt: row.created_at, byteLength: row.byte_length }
}
