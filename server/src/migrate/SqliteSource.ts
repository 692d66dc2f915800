import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { SQLITE_FILE_NAME, SqliteStorage } from '../storage/SqliteStorage'
import { MigrationError } from './MigrationError'

/** A board's row as SQLite keeps it, with its whole update log. */
export interface SourceBoard {
  id: string
  title: string
  lang: string
  /** JSON text of the template ids. */
  templates: string
  createdAt: number
  /** When people last opened or changed it (board retention counts from it). */
  lastUsedAt: number
  /** When its content last changed (the admin command lists it). */
  lastChangedAt: number
  snapshot: Uint8Array | null
  snapshotSeq: number
  lastSeq: number
  updates: { seq: number; data: Uint8Array }[]
}

export interface SourceSnapshot {
  id: string
  label: string
  author: string
  kind: string
  createdAt: number
  data: Uint8Array
}

export interface SourceAsset {
  id: string
  contentType: string
  data: Uint8Array
  referencedAt: number
}

export interface SourceGathering {
  id: string
  title: string
  date: string
  lang: string
  allowPeek: boolean
  archived: boolean
  createdAt: number
  teams: { boardId: string; name: string; position: number; archived: boolean }[]
}

/**
 * The single node's SQLite file, read as it is stored: rows with their own ids, times and
 * sequence numbers, which the Storage interface hides (it assigns new ones on write).
 *
 * Opening it first through SqliteStorage brings a file an older server wrote up to the current
 * schema, as the server itself does at start, and refuses one a newer server wrote. The rows
 * are then read on a read-only connection, each board inside one read transaction, so a board
 * is read whole even if a server still writes the file.
 */
export class SqliteSource {
  private constructor(
    readonly dataDir: string,
    /** The same file through the storage the server uses, for the verification. */
    readonly storage: SqliteStorage,
    private readonly db: Database.Database,
  ) {}

  static open(dataDir: string): SqliteSource {
    const dir = resolve(dataDir)
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MigrationError(`The folder ${dir} does not exist: --from must name the single server's DATA_DIR.`)
    const file = join(dir, SQLITE_FILE_NAME)
    if (!existsSync(file)) throw new MigrationError(`${dir} holds no ${SQLITE_FILE_NAME}: --from must name the single server's DATA_DIR, where ${SQLITE_FILE_NAME} and secret are.`)
    let storage: SqliteStorage
    try {
      storage = new SqliteStorage({ dataDir: dir })
    } catch (err) {
      throw new MigrationError(`${file} could not be opened: ${err instanceof Error ? err.message : String(err)}`)
    }
    const db = new Database(file, { readonly: true, fileMustExist: true })
    return new SqliteSource(dir, storage, db)
  }

  boardIds(): string[] {
    return this.db.prepare<[], { id: string }>('SELECT id FROM boards ORDER BY created_at, id').all().map((r) => r.id)
  }

  gatheringIds(): string[] {
    return this.db.prepare<[], { id: string }>('SELECT id FROM gatherings ORDER BY created_at, id').all().map((r) => r.id)
  }

  /** The board's row and log, read in one transaction; null when it is gone. */
  board(boardId: string): SourceBoard | null {
    return this.db.transaction(() => {
      const row = this.db
        .prepare<
          [string],
          { id: string; title: string; lang: string; templates: string; created_at: number; last_used_at: number; last_changed_at: number; snapshot: Buffer | null; snapshot_seq: number; last_seq: number }
        >(
          `SELECT b.id, b.title, b.lang, b.templates, b.created_at, b.last_used_at, b.last_changed_at, s.snapshot, b.snapshot_seq, b.last_seq
           FROM boards b LEFT JOIN board_snapshots s ON s.board_id = b.id WHERE b.id = ?`,
        )
        .get(boardId)
      if (!row) return null
      const updates = this.db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = ? ORDER BY seq').all(boardId)
      return {
        id: row.id,
        title: row.title,
        lang: row.lang,
        templates: row.templates,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
        lastChangedAt: row.last_changed_at,
        snapshot: row.snapshot,
        snapshotSeq: row.snapshot_seq,
        lastSeq: row.last_seq,
        updates: updates.map((u) => ({ seq: u.seq, data: u.data })),
      }
    })()
  }

  /** Ids of the board's history snapshots, oldest first (the order they were taken in). */
  snapshotIds(boardId: string): string[] {
    return this.db
      .prepare<[string], { id: string }>('SELECT id FROM snapshots WHERE board_id = ? ORDER BY created_at, rowid')
      .all(boardId)
      .map((r) => r.id)
  }

  /** One history snapshot with its bytes; read one at a time, as a board's history may be 100 MiB. */
  snapshot(boardId: string, snapshotId: string): SourceSnapshot | null {
    const row = this.db
      .prepare<[string, string], { id: string; label: string; author: string; kind: string; created_at: number; data: Buffer }>(
        'SELECT id, label, author, kind, created_at, data FROM snapshots WHERE board_id = ? AND id = ?',
      )
      .get(boardId, snapshotId)
    return row ? { id: row.id, label: row.label, author: row.author, kind: row.kind, createdAt: row.created_at, data: row.data } : null
  }

  assetIds(boardId: string): string[] {
    return this.db
      .prepare<[string], { id: string }>('SELECT id FROM assets WHERE board_id = ? ORDER BY id')
      .all(boardId)
      .map((r) => r.id)
  }

  asset(boardId: string, assetId: string): SourceAsset | null {
    const row = this.db
      .prepare<[string, string], { id: string; content_type: string; data: Buffer; referenced_at: number }>(
        'SELECT id, content_type, data, referenced_at FROM assets WHERE board_id = ? AND id = ?',
      )
      .get(boardId, assetId)
    return row ? { id: row.id, contentType: row.content_type, data: row.data, referencedAt: row.referenced_at } : null
  }

  gathering(gatheringId: string): SourceGathering | null {
    return this.db.transaction(() => {
      const row = this.db
        .prepare<[string], { id: string; title: string; date: string; lang: string; allow_peek: number; archived: number; created_at: number }>(
          'SELECT id, title, date, lang, allow_peek, archived, created_at FROM gatherings WHERE id = ?',
        )
        .get(gatheringId)
      if (!row) return null
      const teams = this.db
        .prepare<[string], { board_id: string; name: string; position: number; archived: number }>(
          'SELECT board_id, name, position, archived FROM gathering_teams WHERE gathering_id = ? ORDER BY position',
        )
        .all(gatheringId)
      return {
        id: row.id,
        title: row.title,
        date: row.date,
        lang: row.lang,
        allowPeek: row.allow_peek !== 0,
        archived: row.archived !== 0,
        createdAt: row.created_at,
        teams: teams.map((t) => ({ boardId: t.board_id, name: t.name, position: t.position, archived: t.archived !== 0 })),
      }
    })()
  }

  async close(): Promise<void> {
    this.db.close()
    await this.storage.close()
  }
}
