import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { isSnapshotKind } from '@whiteboard/shared/api/historyApi'
import { isBoardLang } from '@whiteboard/shared/board/boardLang'
import { BoardDamagedError } from './BoardDamagedError'
import { BoardNotFoundError } from './BoardNotFoundError'
import type { GatheringPatch, GatheringRecord, GatheringTeamPatch, NewGathering, NewGatheringTeam } from './GatheringRecord'
import { GATHERING_TABLES_SQL, SqliteGatherings } from './SqliteGatherings'
import { SqliteTeamTemplates, TEAM_TEMPLATE_TABLES_SQL } from './SqliteTeamTemplates'
import type { NewTeamTemplate, StoredTeamTemplate, TeamTemplateInfo } from './TeamTemplateRecord'
import { PRIVATE_DOC_TABLES_SQL, SqlitePrivateDocs } from './SqlitePrivateDocs'
import type { AppendOptions, AssetInfo, AssetUsage, BoardListing, BoardMeta, BoardMetaPatch, BoardStorageUsage, LogTail, NewBoardMeta, NewSnapshot, SnapshotInfo, Storage, StorageCheck, StoredAsset, StoredBoardState } from './Storage'
import { boardListingOf, type BoardListingRow } from './boardListingOf'
import { storageFailureKind } from './storageFailureText'
import type { BlobReader } from './BlobReader'
import { sqliteBlobReader } from './sqliteBlobReader'
import { loadBoardWithSnapshotApart, READ_SNAPSHOT_IN_WORKER_FROM_BYTES, type BoardReadApart } from './loadBoardWithSnapshotApart'
import { WalCheckpointer } from './WalCheckpointer'

/** File name of the database inside DATA_DIR. */
export const SQLITE_FILE_NAME = 'boards.db'

/**
 * How often the WAL is checkpointed on a worker thread (WalCheckpointer.ts), which fsyncs it:
 * with synchronous=NORMAL (see the constructor), the longest a commit waits in the operating
 * system's cache, i.e. what a power cut can take back. One second bounds that to about one
 * second of edits, which the clients still hold, for one checkpoint a second off the event loop.
 */
export const CHECKPOINT_INTERVAL_MS = 1_000

/** Bumped with every schema change; `migrate` brings older files forward. */
const SCHEMA_VERSION = 9

interface BoardRow {
  id: string
  title: string
  lang: string
  templates: string
  created_at: number
  snapshot_seq: number
  last_seq: number
}

interface SnapshotRow {
  id: string
  label: string
  author: string
  kind: string
  created_at: number
  byte_length: number
}

/**
 * The embedded default storage: one SQLite file in DATA_DIR through better-sqlite3 12.
 *
 * better-sqlite3 is synchronous, so each call runs to completion inside one event-loop turn and
 * the methods are async only to fit the interface. The sync server merges the updates of a turn
 * into one `appendUpdates`, so there is one commit per busy room per turn.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database
  private readonly stmt: Statements
  private readonly appendInTransaction: (boardId: string, updates: readonly Uint8Array[], byPeople: boolean) => number
  private readonly gatherings: SqliteGatherings
  private readonly teamTemplates: SqliteTeamTemplates
  private readonly privateDocs: SqlitePrivateDocs
  /** Null for an in-memory database, or once the worker failed (SQLite then checkpoints on commit, with FULL). */
  private checkpointer: WalCheckpointer | null = null
  private closing: Promise<void> | null = null
  /** Reads snapshots and images off the event loop; null for an in-memory database, or once the worker failed. */
  private blobReader: BlobReader | null = null

  /**
   * Opens (or creates) `<dataDir>/boards.db`; pass `:memory:` as `file` for a throwaway database.
   * `checkpointIntervalMs` is for tests (default CHECKPOINT_INTERVAL_MS).
   */
  constructor(opts: ({ dataDir: string } | { file: string }) & { checkpointIntervalMs?: number }) {
    let file: string
    if ('file' in opts) file = opts.file
    else {
      mkdirSync(opts.dataDir, { recursive: true })
      file = join(opts.dataDir, SQLITE_FILE_NAME)
    }
    this.db = new Database(file)
    // WAL: readers never block the writer, and a commit is one sequential append.
    this.db.pragma('journal_mode = WAL')
    // NORMAL: a commit is written to the WAL (the operating system has it, so a process crash
    // or kill -9 loses nothing, so a commit before broadcast holds) but not fsynced; the
    // checkpoint worker fsyncs it every CHECKPOINT_INTERVAL_MS instead. FULL fsynced at every
    // commit on the event loop: 2.5-3 ms per commit here (p99 18 ms), during which no frame of
    // any board was read or sent, which made fan-out latency follow the disk. A power cut or
    // kernel crash can take back at most the last interval's commits; the database stays
    // consistent, and the clients that saw those edits still hold them (in memory and in
    // IndexedDB) and send them again when they reconnect.
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('busy_timeout = 5000')
    // 2 MB of page cache (SQLite's own default): better-sqlite3 builds SQLite with 16 MB, which
    // filled as boards were written and stayed (16 kB for each of 1,000 loaded boards). A room
    // reads its board once, when it loads, so the cache rarely serves a page twice; the operating
    // system's file cache holds the file anyway.
    this.db.pragma('cache_size = -2000')
    this.migrate()
    this.stmt = prepareStatements(this.db)
    // Wrapped once: better-sqlite3 builds a new wrapper for each `transaction` call, on every commit.
    this.appendInTransaction = this.db.transaction(this.appendTx)
    this.gatherings = new SqliteGatherings(this.db)
    this.teamTemplates = new SqliteTeamTemplates(this.db)
    this.privateDocs = new SqlitePrivateDocs(this.db)
    if (!this.db.memory) {
      // Checkpoints are the worker's: none on commit, where they would stall the event loop.
      this.db.pragma('wal_autocheckpoint = 0')
      this.checkpointer = new WalCheckpointer(this.db.name, opts.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS, () => this.checkpointOnCommit())
      this.blobReader = sqliteBlobReader(this.db.name, () => (this.blobReader = null))
    }
  }

  /** Checkpoints now on the worker: what is committed is then in the database file and on disk. */
  async checkpoint(): Promise<void> {
    await this.checkpointer?.checkpointNow()
  }

  /** Without the worker, SQLite checkpoints on commit again, and every commit is fsynced, as nothing else would do it. */
  private checkpointOnCommit(): void {
    this.checkpointer = null
    if (!this.db.open) return
    this.db.pragma('wal_autocheckpoint = 1000')
    this.db.pragma('synchronous = FULL')
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION) throw new Error(`${SQLITE_FILE_NAME} was written by a newer server (schema ${version}); upgrade this server`)
    if (version < 1) {
      // Before the first table, so that no VACUUM is needed to set it (see version 5).
      this.db.pragma('auto_vacuum = INCREMENTAL')
      this.db.exec(`
        CREATE TABLE boards (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          lang TEXT NOT NULL,
          templates TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          snapshot BLOB,
          snapshot_seq INTEGER NOT NULL,
          last_seq INTEGER NOT NULL
        );
        CREATE TABLE updates (
          board_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (board_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE snapshots (
          board_id TEXT NOT NULL,
          id TEXT NOT NULL,
          label TEXT NOT NULL,
          author TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (board_id, id)
        );
        CREATE INDEX snapshots_by_time ON snapshots (board_id, created_at);
        CREATE TABLE assets (
          board_id TEXT NOT NULL,
          id TEXT NOT NULL,
          content_type TEXT NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (board_id, id)
        );
        PRAGMA user_version = 1;
      `)
    }
    if (version < 2) {
      // Version 2: why a history snapshot was taken (shared/src/api/historyApi.ts SNAPSHOT_KINDS).
      this.db.exec(`
        ALTER TABLE snapshots ADD COLUMN kind TEXT NOT NULL DEFAULT 'manual';
        PRAGMA user_version = 2;
      `)
    }
    if (version < 3) {
      // Version 3: gatherings and their team boards (SqliteGatherings.ts).
      this.db.exec(`${GATHERING_TABLES_SQL} PRAGMA user_version = 3;`)
    }
    if (version < 4) {
      // Version 4: when an asset was last seen referenced, for the asset sweep (assets/AssetSweeper.ts).
      // Assets of older files count as referenced now, so none is deleted before a day has passed.
      this.db.exec(`
        ALTER TABLE assets ADD COLUMN referenced_at INTEGER NOT NULL DEFAULT 0;
        UPDATE assets SET referenced_at = ${Date.now()};
        PRAGMA user_version = 4;
      `)
    }
    if (version < 5) {
      // Version 5: when people last used a board, for board retention (retention/BoardRetention.ts).
      // Boards of older files count as used now: none is deleted before a whole period has passed.
      this.db.exec(`
        ALTER TABLE boards ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
        UPDATE boards SET last_used_at = ${Date.now()};
        PRAGMA user_version = 5;
      `)
    }
    if (version < 6) {
      // Version 6: a board's snapshot in a table of its own. In the boards row, reading a column
      // stored after it (last_seq, at each commit) walked the snapshot's whole overflow chain, and
      // every write of the row (last_seq at each commit, last_used_at at each load and unload)
      // rewrote it: on a 24 MiB board, 68 ms of the event loop per commit (median; now 0.05 ms)
      // and 60 ms per load or unload (now 0.1 ms), during which no other board was served. A board
      // without a snapshot has no row there.
      this.db.transaction(() => {
        this.db.exec(`
          ${BOARD_SNAPSHOTS_TABLE_SQL}
          INSERT INTO board_snapshots (board_id, snapshot) SELECT id, snapshot FROM boards WHERE snapshot IS NOT NULL;
          ALTER TABLE boards DROP COLUMN snapshot;
          PRAGMA user_version = 6;
        `)
      })()
      // The boards rows' old copies are free pages now, as large as every snapshot together: back
      // to the file system (a file not yet on incremental vacuum is vacuumed whole just below).
      if ((this.db.pragma('auto_vacuum', { simple: true }) as number) === 2) this.db.pragma('incremental_vacuum')
    }
    if (version < 7) {
      // Version 7: when a board's content last changed, for the admin command's list; set at each
      // append, in the statement that moves last_seq. Boards of older files take their
      // last_used_at: every change happens while the board is open, and opening and unloading
      // mark it used, so that time is never before the real last change and is the closest one
      // known; created_at could show a board edited for weeks as unchanged since its creation.
      this.db.exec(`
        ALTER TABLE boards ADD COLUMN last_changed_at INTEGER NOT NULL DEFAULT 0;
        UPDATE boards SET last_changed_at = last_used_at;
        PRAGMA user_version = 7;
      `)
    }
    if (version < 8) {
      // Version 8: people's private docs (private mode, SqlitePrivateDocs.ts).
      this.db.exec(`${PRIVATE_DOC_TABLES_SQL} PRAGMA user_version = 8;`)
    }
    if (version < 9) {
      // Version 9: a team's own templates, saved from a frame for every board (SqliteTeamTemplates.ts).
      this.db.exec(`${TEAM_TEMPLATE_TABLES_SQL} PRAGMA user_version = 9;`)
    }
    // Incremental vacuum, so that a deleted board's pages go back to the file system (deleteBoard).
    // A file made before it needs one whole VACUUM to switch, once.
    if ((this.db.pragma('auto_vacuum', { simple: true }) as number) !== 2) {
      this.db.pragma('auto_vacuum = INCREMENTAL')
      this.db.exec('VACUUM')
    }
    // Listing indexes that hold every listed column. `kind` and `referenced_at` were added after
    // the blob, so reading them from a row walks the blob's whole overflow chain: listing one
    // board's snapshots read every snapshot's bytes (24 ms per 23 MiB snapshot, on the event
    // loop). Read from the index, only each blob's length comes from its row's header. Plain
    // indexes, no schema version: an older server ignores them, and IF NOT EXISTS builds them
    // once, on the first start with this code.
    this.db.exec(`
      CREATE INDEX IF NOT EXISTS snapshots_listing ON snapshots (board_id, created_at, id, label, author, kind);
      CREATE INDEX IF NOT EXISTS assets_listing ON assets (board_id, id, referenced_at);
    `)
  }

  async createBoard(meta: NewBoardMeta, initialState: Uint8Array): Promise<BoardMeta> {
    const createdAt = Date.now()
    this.db.transaction(() => {
      this.stmt.insertBoard.run(meta.id, meta.title, meta.lang, JSON.stringify(meta.templates), createdAt, createdAt, meta.lastChangedAt ?? createdAt)
      this.stmt.setSnapshot.run(meta.id, initialState)
    })()
    return { id: meta.id, title: meta.title, lang: meta.lang, templates: [...meta.templates], createdAt }
  }

  async getBoardMeta(boardId: string): Promise<BoardMeta | null> {
    const row = this.stmt.boardMeta.get(boardId)
    return row ? toMeta(row) : null
  }

  async updateBoardMeta(boardId: string, patch: BoardMetaPatch): Promise<BoardMeta | null> {
    if (patch.title !== undefined) this.stmt.setTitle.run(patch.title, boardId)
    return this.getBoardMeta(boardId)
  }

  /** A board's stored state, a large snapshot read on the blob reader's thread (loadBoardWithSnapshotApart.ts). */
  loadBoard(boardId: string): Promise<StoredBoardState | null> {
    return loadBoardWithSnapshotApart({
      boardId,
      reader: () => this.blobReader,
      readBoard: async (leaveLargeSnapshot) => this.readBoard(boardId, leaveLargeSnapshot),
      snapshotSql: this.stmt.snapshotWithSeq.source,
    })
  }

  /**
   * The board in one read transaction, so a concurrent compaction (another process on the same
   * file) cannot tear snapshot and log apart; with `largeSnapshotLeft`, a snapshot of
   * READ_SNAPSHOT_IN_WORKER_FROM_BYTES or more is left out for the worker (`snapshotLeft`).
   * Null for an unknown board.
   */
  private readBoard(boardId: string, largeSnapshotLeft: boolean): BoardReadApart | null {
    return this.db.transaction(() => {
      const row = this.stmt.boardLog.get(boardId)
      if (!row) return null
      if (row.snapshot_type !== 'blob' && row.snapshot_type !== 'null') throw new BoardDamagedError(boardId, 'the snapshot column holds no bytes')
      const snapshotLeft = largeSnapshotLeft && row.snapshot_bytes >= READ_SNAPSHOT_IN_WORKER_FROM_BYTES
      const snapshot = snapshotLeft ? null : this.stmt.snapshotWithSeq.get(boardId)?.snapshot
      return {
        state: {
          snapshot: snapshot ? new Uint8Array(snapshot) : null,
          snapshotSeq: row.snapshot_seq,
          updates: this.loggedUpdates(boardId, row.snapshot_seq),
          lastSeq: row.last_seq,
        },
        snapshotLeft,
      }
    })()
  }

  private loggedUpdates(boardId: string, afterSeq: number): Uint8Array[] {
    return this.stmt.updates.all(boardId, afterSeq).map((u) => {
      if (!(u.data instanceof Uint8Array)) throw new BoardDamagedError(boardId, 'a logged update holds no bytes')
      return new Uint8Array(u.data)
    })
  }

  private readonly appendTx = (boardId: string, updates: readonly Uint8Array[], byPeople: boolean): number => {
    const row = this.stmt.lastSeq.get(boardId)
    if (!row) throw new BoardNotFoundError(boardId)
    // Nothing appended changes nothing, its time included.
    if (updates.length === 0) return row.last_seq
    let seq = row.last_seq
    for (const update of updates) this.stmt.insertUpdate.run(boardId, ++seq, update)
    // 0 leaves the last change where it was (max).
    this.stmt.setLastSeq.run(seq, byPeople ? Date.now() : 0, boardId)
    return seq
  }

  async appendUpdates(boardId: string, updates: readonly Uint8Array[], opts: AppendOptions = {}): Promise<number> {
    return this.appendInTransaction(boardId, updates, opts.byPeople !== false)
  }

  async lastChangesByPeople(boardIds: readonly string[]): Promise<Map<string, number>> {
    const rows = this.stmt.lastChangesByPeople.all(JSON.stringify(boardIds))
    return new Map(rows.map((r) => [r.id, r.last_changed_at]))
  }

  async compact(boardId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.stmt.lastSeq.get(boardId)
      if (!row) throw new BoardNotFoundError(boardId)
      if (uptoSeq > row.last_seq) throw new Error(`cannot compact ${boardId} up to ${uptoSeq}`)
      if (uptoSeq <= row.snapshot_seq) return false
      this.stmt.setSnapshot.run(boardId, snapshot)
      this.stmt.setSnapshotSeq.run(uptoSeq, boardId)
      this.stmt.dropUpdatesUpTo.run(boardId, uptoSeq)
      return true
    })()
  }

  async updatesAfter(boardId: string, afterSeq: number, limit?: number): Promise<LogTail | null> {
    // One read transaction: a compaction by another process on the file cannot come between the reads.
    return this.db.transaction(() => {
      const row = this.stmt.lastSeq.get(boardId)
      if (!row) return null
      const snapshot = afterSeq < row.snapshot_seq ? this.stmt.snapshotWithSeq.get(boardId)?.snapshot : null
      // LIMIT -1: no limit.
      const rows = this.stmt.updatesFrom.all(boardId, Math.max(afterSeq, row.snapshot_seq), limit ?? -1)
      return {
        snapshot: snapshot ? new Uint8Array(snapshot) : null,
        snapshotSeq: row.snapshot_seq,
        updates: rows.map((u) => {
          if (!(u.data instanceof Uint8Array)) throw new BoardDamagedError(boardId, 'a logged update holds no bytes')
          return { seq: u.seq, update: new Uint8Array(u.data) }
        }),
        lastSeq: row.last_seq,
      }
    })()
  }

  async loadPrivateDoc(boardId: string, personId: string): Promise<StoredBoardState | null> {
    return this.privateDocs.load(boardId, personId)
  }

  async appendPrivateUpdates(boardId: string, personId: string, updates: readonly Uint8Array[]): Promise<number> {
    return this.privateDocs.append(boardId, personId, updates)
  }

  async compactPrivateDoc(boardId: string, personId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean> {
    return this.privateDocs.compact(boardId, personId, snapshot, uptoSeq)
  }

  async privateUpdatesAfter(boardId: string, personId: string, afterSeq: number, limit?: number): Promise<LogTail | null> {
    return this.privateDocs.updatesAfter(boardId, personId, afterSeq, limit)
  }

  async listPrivateDocs(boardId: string): Promise<string[]> {
    return this.privateDocs.list(boardId)
  }

  async listSnapshots(boardId: string): Promise<SnapshotInfo[]> {
    return this.stmt.listSnapshots.all(boardId).map(toSnapshotInfo)
  }

  async getSnapshot(boardId: string, snapshotId: string): Promise<{ info: SnapshotInfo; data: Uint8Array } | null> {
    const row = await this.readBlobRow(this.stmt.snapshot, [boardId, snapshotId])
    return row ? { info: toSnapshotInfo(row), data: bytesOf(row.data) } : null
  }

  async putSnapshot(boardId: string, snapshot: NewSnapshot, data: Uint8Array): Promise<SnapshotInfo> {
    return this.db.transaction(() => {
      this.assertBoard(boardId)
      const info: SnapshotInfo = {
        id: randomUUID(),
        label: snapshot.label,
        author: snapshot.author,
        kind: snapshot.kind,
        createdAt: snapshot.createdAt ?? Date.now(),
        byteLength: data.byteLength,
      }
      this.stmt.insertSnapshot.run(boardId, info.id, info.label, info.author, info.kind, info.createdAt, data)
      return info
    })()
  }

  async storageUsage(boardId: string): Promise<BoardStorageUsage | null> {
    const row = this.stmt.storageUsage.get(boardId, boardId, boardId)
    return row ? { stateBytes: row.state_bytes, snapshotBytes: row.snapshot_bytes } : null
  }

  async deleteSnapshot(boardId: string, snapshotId: string): Promise<boolean> {
    return this.stmt.deleteSnapshot.run(boardId, snapshotId).changes > 0
  }

  async putAsset(boardId: string, assetId: string, asset: StoredAsset): Promise<void> {
    this.db.transaction(() => {
      this.assertBoard(boardId)
      this.stmt.upsertAsset.run(boardId, assetId, asset.contentType, asset.data, Date.now())
    })()
  }

  async getAsset(boardId: string, assetId: string): Promise<StoredAsset | null> {
    const row = await this.readBlobRow(this.stmt.asset, [boardId, assetId])
    return row ? { contentType: row.content_type, data: bytesOf(row.data) } : null
  }

  /** A row with a large blob, read on the blob reader's thread while it runs (BlobReader.ts), else here. */
  private async readBlobRow<Params extends unknown[], Row>(stmt: Database.Statement<Params, Row>, params: Params): Promise<Row | undefined> {
    if (this.blobReader?.alive) return (await this.blobReader.get<Row>(stmt.source, params)) ?? undefined
    return stmt.get(...params)
  }

  async deleteAsset(boardId: string, assetId: string): Promise<boolean> {
    return this.stmt.deleteAsset.run(boardId, assetId).changes > 0
  }

  async assetUsage(boardId: string): Promise<AssetUsage> {
    const row = this.stmt.assetUsage.get(boardId)
    return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 }
  }

  async assetSize(boardId: string, assetId: string): Promise<number | null> {
    return this.stmt.assetSize.get(boardId, assetId)?.byte_length ?? null
  }

  async listAssets(boardId: string): Promise<AssetInfo[]> {
    return this.stmt.listAssets.all(boardId).map((r) => ({ id: r.id, byteLength: r.byte_length, referencedAt: r.referenced_at }))
  }

  async markAssetsReferenced(boardId: string, assetIds: readonly string[], at: number): Promise<void> {
    this.db.transaction(() => {
      for (const id of assetIds) this.stmt.markAssetReferenced.run(at, boardId, id)
    })()
  }

  async boardsWithAssets(): Promise<string[]> {
    return this.stmt.boardsWithAssets.all().map((r) => r.board_id)
  }

  async deleteBoard(boardId: string): Promise<boolean> {
    const deleted = this.db.transaction(() => {
      this.stmt.deleteBoardUpdates.run(boardId)
      this.stmt.deleteBoardSnapshots.run(boardId)
      this.stmt.deleteBoardAssets.run(boardId)
      this.stmt.deleteBoardSnapshot.run(boardId)
      this.gatherings.forgetBoard(boardId)
      this.privateDocs.forgetBoard(boardId)
      return this.stmt.deleteBoardRow.run(boardId).changes > 0
    })()
    // Deleted for good: the freed pages leave the file instead of waiting for reuse with the content still in them.
    if (deleted) this.db.pragma('incremental_vacuum')
    return deleted
  }

  async markBoardsUsed(boardIds: readonly string[], at: number): Promise<void> {
    this.db.transaction(() => {
      for (const id of boardIds) this.stmt.markBoardUsed.run(at, id, at)
    })()
  }

  async listBoards(): Promise<BoardListing[]> {
    return this.stmt.listBoards.all().map(boardListingOf)
  }

  async createGathering(gathering: NewGathering): Promise<GatheringRecord> {
    return this.gatherings.create(gathering)
  }

  async getGathering(gatheringId: string): Promise<GatheringRecord | null> {
    return this.gatherings.get(gatheringId)
  }

  async getGatheringOfBoard(boardId: string): Promise<GatheringRecord | null> {
    return this.gatherings.ofBoard(boardId)
  }

  async updateGathering(gatheringId: string, patch: GatheringPatch): Promise<GatheringRecord | null> {
    return this.gatherings.update(gatheringId, patch)
  }

  async addGatheringTeam(gatheringId: string, team: NewGatheringTeam): Promise<GatheringRecord | null> {
    return this.gatherings.addTeam(gatheringId, team)
  }

  async updateGatheringTeam(gatheringId: string, boardId: string, patch: GatheringTeamPatch): Promise<GatheringRecord | null> {
    return this.gatherings.updateTeam(gatheringId, boardId, patch)
  }

  async removeGatheringTeam(gatheringId: string, boardId: string): Promise<boolean> {
    return this.gatherings.removeTeam(gatheringId, boardId)
  }

  async deleteGathering(gatheringId: string): Promise<boolean> {
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
    if (!this.db.open) return { readable: false, writable: false, problem: 'the database is closed' }
    try {
      this.stmt.anyBoard.get()
    } catch (err) {
      return { readable: false, writable: false, problem: `the database cannot be read (${storageFailureKind(err)})` }
    }
    // A write that is rolled back: SQLite opens a write-protected file read-only without a word,
    // and only a write shows it. Nothing reaches the disk.
    try {
      this.probeWrite()
    } catch (err) {
      return { readable: true, writable: false, problem: `the database cannot be written (${storageFailureKind(err)})` }
    }
    return { readable: true, writable: true }
  }

  close(): Promise<void> {
    this.closing ??= this.closeNow()
    return this.closing
  }

  private async closeNow(): Promise<void> {
    // The workers go first: their connections would hold up the final checkpoint.
    const checkpointer = this.checkpointer
    const blobReader = this.blobReader
    this.checkpointer = null
    this.blobReader = null
    await Promise.all([checkpointer?.close(), blobReader?.close()])
    if (!this.db.open) return
    try {
      // Folds the WAL back into the main file so the data directory is one self-contained file at rest.
      this.db.pragma('wal_checkpoint(TRUNCATE)')
    } catch {
      // A read-only or full database cannot be checkpointed; the WAL stays, and SQLite reads it next time.
    }
    this.db.close()
  }

  private probeWrite(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number
    this.db.exec('BEGIN IMMEDIATE')
    try {
      this.db.pragma(`user_version = ${version + 1}`)
    } finally {
      this.db.exec('ROLLBACK')
    }
  }

  private assertBoard(boardId: string): void {
    if (!this.stmt.lastSeq.get(boardId)) throw new BoardNotFoundError(boardId)
  }
}

function prepareStatements(db: Database.Database) {
  return {
    // A new board counts as used when it is created (last_used_at).
    insertBoard: db.prepare<[string, string, string, string, number, number, number]>(
      'INSERT INTO boards (id, title, lang, templates, created_at, last_used_at, last_changed_at, snapshot_seq, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)',
    ),
    markBoardUsed: db.prepare<[number, string, number]>('UPDATE boards SET last_used_at = ? WHERE id = ? AND last_used_at < ?'),
    // length() of a blob is read from the row header; no content is loaded.
    listBoards: db.prepare<
      [],
      BoardListingRow
    >(
      `SELECT b.id, b.title, b.created_at, b.last_used_at, b.last_changed_at,
              (SELECT COALESCE(SUM(length(snapshot)), 0) FROM board_snapshots WHERE board_id = b.id) + (SELECT COALESCE(SUM(length(data)), 0) FROM updates WHERE board_id = b.id) AS state_bytes,
              (SELECT COALESCE(SUM(length(data)), 0) FROM snapshots WHERE board_id = b.id) AS history_bytes,
              (SELECT COALESCE(SUM(length(data)), 0) FROM assets WHERE board_id = b.id) AS asset_bytes,
              (SELECT gathering_id FROM gathering_teams WHERE board_id = b.id) AS gathering_id
       FROM boards b ORDER BY b.created_at, b.id`,
    ),
    // length() and typeof() of a blob are read from the row header; the bytes themselves are not loaded.
    boardLog: db.prepare<[string], { snapshot_seq: number; last_seq: number; snapshot_bytes: number; snapshot_type: string }>(
      `SELECT b.snapshot_seq, b.last_seq, COALESCE(length(s.snapshot), 0) AS snapshot_bytes, typeof(s.snapshot) AS snapshot_type
       FROM boards b LEFT JOIN board_snapshots s ON s.board_id = b.id WHERE b.id = ?`,
    ),
    // Snapshot and seq in one statement, so they belong together (see loadBoard).
    snapshotWithSeq: db.prepare<[string], { snapshot: Buffer | null; snapshot_seq: number }>(
      'SELECT s.snapshot, b.snapshot_seq FROM boards b LEFT JOIN board_snapshots s ON s.board_id = b.id WHERE b.id = ?',
    ),
    boardMeta: db.prepare<[string], BoardRow>(
      'SELECT id, title, lang, templates, created_at, snapshot_seq, last_seq FROM boards WHERE id = ?',
    ),
    setTitle: db.prepare<[string, string]>('UPDATE boards SET title = ? WHERE id = ?'),
    lastSeq: db.prepare<[string], { last_seq: number; snapshot_seq: number }>('SELECT last_seq, snapshot_seq FROM boards WHERE id = ?'),
    // max(): a process whose clock lags never moves the time back.
    setLastSeq: db.prepare<[number, number, string]>('UPDATE boards SET last_seq = ?, last_changed_at = max(last_changed_at, ?) WHERE id = ?'),
    lastChangesByPeople: db.prepare<[string], { id: string; last_changed_at: number }>(
      'SELECT id, last_changed_at FROM boards WHERE id IN (SELECT value FROM json_each(?)) AND last_changed_at > created_at',
    ),
    insertUpdate: db.prepare<[string, number, Uint8Array]>('INSERT INTO updates (board_id, seq, data) VALUES (?, ?, ?)'),
    // seq > snapshot_seq: a compaction drops what it folded in, in its own transaction, so this is every logged row; the bound keeps it so if not.
    updates: db.prepare<[string, number], { data: Buffer }>('SELECT data FROM updates WHERE board_id = ? AND seq > ? ORDER BY seq'),
    updatesFrom: db.prepare<[string, number, number], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    setSnapshot: db.prepare<[string, Uint8Array]>(
      'INSERT INTO board_snapshots (board_id, snapshot) VALUES (?, ?) ON CONFLICT (board_id) DO UPDATE SET snapshot = excluded.snapshot',
    ),
    setSnapshotSeq: db.prepare<[number, string]>('UPDATE boards SET snapshot_seq = ? WHERE id = ?'),
    dropUpdatesUpTo: db.prepare<[string, number]>('DELETE FROM updates WHERE board_id = ? AND seq <= ?'),
    listSnapshots: db.prepare<[string], SnapshotRow>(
      // INDEXED BY: the planner would take snapshots_by_time and read `kind` from the rows (see migrate).
      'SELECT id, label, author, kind, created_at, length(data) AS byte_length FROM snapshots INDEXED BY snapshots_listing WHERE board_id = ? ORDER BY created_at DESC, rowid DESC',
    ),
    snapshot: db.prepare<[string, string], SnapshotRow & { data: Buffer }>(
      'SELECT id, label, author, kind, created_at, length(data) AS byte_length, data FROM snapshots WHERE board_id = ? AND id = ?',
    ),
    insertSnapshot: db.prepare<[string, string, string, string, string, number, Uint8Array]>(
      'INSERT INTO snapshots (board_id, id, label, author, kind, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    storageUsage: db.prepare<[string, string, string], { state_bytes: number; snapshot_bytes: number }>(
      `SELECT (SELECT COALESCE(SUM(length(snapshot)), 0) FROM board_snapshots WHERE board_id = b.id)
                + (SELECT COALESCE(SUM(length(data)), 0) FROM updates WHERE board_id = ?) AS state_bytes,
              (SELECT COALESCE(SUM(length(data)), 0) FROM snapshots WHERE board_id = ?) AS snapshot_bytes
       FROM boards b WHERE b.id = ?`,
    ),
    deleteSnapshot: db.prepare<[string, string]>('DELETE FROM snapshots WHERE board_id = ? AND id = ?'),
    upsertAsset: db.prepare<[string, string, string, Uint8Array, number]>(
      'INSERT INTO assets (board_id, id, content_type, data, referenced_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (board_id, id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, referenced_at = excluded.referenced_at',
    ),
    // length() of a blob reads its size from the row header, not the blob itself.
    assetUsage: db.prepare<[string], { count: number; bytes: number }>('SELECT COUNT(*) AS count, COALESCE(SUM(length(data)), 0) AS bytes FROM assets WHERE board_id = ?'),
    listAssets: db.prepare<[string], { id: string; byte_length: number; referenced_at: number }>(
      'SELECT id, length(data) AS byte_length, referenced_at FROM assets INDEXED BY assets_listing WHERE board_id = ?',
    ),
    markAssetReferenced: db.prepare<[number, string, string]>('UPDATE assets SET referenced_at = max(referenced_at, ?) WHERE board_id = ? AND id = ?'),
    boardsWithAssets: db.prepare<[], { board_id: string }>('SELECT DISTINCT board_id FROM assets'),
    asset: db.prepare<[string, string], { content_type: string; data: Buffer }>('SELECT content_type, data FROM assets WHERE board_id = ? AND id = ?'),
    // length() of a blob is read from the row header; the bytes themselves are not loaded.
    assetSize: db.prepare<[string, string], { byte_length: number }>('SELECT length(data) AS byte_length FROM assets WHERE board_id = ? AND id = ?'),
    deleteAsset: db.prepare<[string, string]>('DELETE FROM assets WHERE board_id = ? AND id = ?'),
    deleteBoardRow: db.prepare<[string]>('DELETE FROM boards WHERE id = ?'),
    deleteBoardUpdates: db.prepare<[string]>('DELETE FROM updates WHERE board_id = ?'),
    deleteBoardSnapshots: db.prepare<[string]>('DELETE FROM snapshots WHERE board_id = ?'),
    deleteBoardAssets: db.prepare<[string]>('DELETE FROM assets WHERE board_id = ?'),
    deleteBoardSnapshot: db.prepare<[string]>('DELETE FROM board_snapshots WHERE board_id = ?'),
    anyBoard: db.prepare<[], { id: string }>('SELECT id FROM boards LIMIT 1'),
  }
}

type Statements = ReturnType<typeof prepareStatements>

/**
 * A board's current snapshot (the state its logged updates apply to), out of the boards row: see
 * schema version 6. A row of its own with the blob last, so writing the boards row never
 * touches it. The sequence number it holds the state up to stays in boards (snapshot_seq).
 */
const BOARD_SNAPSHOTS_TABLE_SQL = `
  CREATE TABLE board_snapshots (
    board_id TEXT PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
    snapshot BLOB NOT NULL
  );
`

function toMeta(row: Pick<BoardRow, 'id' | 'title' | 'lang' | 'templates' | 'created_at'>): BoardMeta {
  let templates: unknown
  try {
    templates = JSON.parse(row.templates)
  } catch {
    templates = undefined
  }
  if (!Array.isArray(templates) || !templates.every((t) => typeof t === 'string') || typeof row.title !== 'string' || !isBoardLang(row.lang)) {
    throw new BoardDamagedError(row.id, 'its stored title, language or templates cannot be read')
  }
  return { id: row.id, title: row.title, lang: row.lang, templates, createdAt: row.created_at }
}

/** The bytes of a blob as a plain view, without a copy (from the blob reader it arrives as a Uint8Array, here as a Buffer). */
function bytesOf(blob: Uint8Array): Uint8Array {
  return new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength)
}

function toSnapshotInfo(row: SnapshotRow): SnapshotInfo {
  // A kind this server does not know (written by a newer one) still lists, as a manual snapshot.
  const kind = isSnapshotKind(row.kind) ? row.kind : 'manual'
  return { id: row.id, label: row.label, author: row.author, kind, createdAt: row.created_at, byteLength: row.byte_length }
}
