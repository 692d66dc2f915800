import pg from 'pg'
import { inTransaction } from '../storage/inTransaction'
import { PostgresStorage } from '../storage/PostgresStorage'
import { postgresFailureText } from './postgresFailureText'
import { MigrationError } from './MigrationError'
import type { SourceAsset, SourceBoard, SourceGathering, SourceSnapshot } from './SqliteSource'

/** Connections the migration holds: it copies one row at a time. */
const MIGRATION_POOL_SIZE = 2

/**
 * The cluster's Postgres as the migration writes it: rows inserted with the ids, times and
 * sequence numbers they had in SQLite, each only if it is not there yet (`ON CONFLICT DO
 * NOTHING`), so a second run adds nothing it copied before. Changes to a board that is already
 * there go through `storage` (the server's own PostgresStorage), which numbers them as a node
 * would.
 */
export class PostgresTarget {
  private constructor(
    /** The same database through the storage the nodes use: merges and the verification. */
    readonly storage: PostgresStorage,
    private readonly pool: pg.Pool,
  ) {}

  /** Connects and brings the schema up to date, as a node does at start. */
  static async open(databaseUrl: string): Promise<PostgresTarget> {
    let storage: PostgresStorage
    try {
      storage = await PostgresStorage.open({ connectionString: databaseUrl, poolSize: MIGRATION_POOL_SIZE })
    } catch (err) {
      throw new MigrationError(postgresFailureText(err, databaseUrl))
    }
    const pool = new pg.Pool({ connectionString: databaseUrl, max: MIGRATION_POOL_SIZE })
    // An idle connection that breaks must not end the process with an unhandled 'error'; the next query reports it.
    pool.on('error', () => {})
    return new PostgresTarget(storage, pool)
  }

  /** Inserts the board with its whole log in one transaction; false when a board with its id is there already. */
  insertBoard(board: SourceBoard): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const inserted = await c.query(
        `INSERT INTO boards (id, title, lang, templates, created_at, last_used_at, last_changed_at, snapshot, snapshot_seq, last_seq)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $10, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [board.id, board.title, board.lang, board.templates, board.createdAt, board.lastUsedAt, board.snapshot ? Buffer.from(board.snapshot) : null, board.snapshotSeq, board.lastSeq, board.lastChangedAt],
      )
      if (inserted.rowCount !== 1) return false
      if (board.updates.length > 0) {
        await c.query('INSERT INTO updates (board_id, seq, data) SELECT $1, seq, data FROM unnest($2::bigint[], $3::bytea[]) AS u(seq, data)', [
          board.id,
          board.updates.map((u) => u.seq),
          board.updates.map((u) => Buffer.from(u.data)),
        ])
      }
      return true
    })
  }

  /** False when the board already has a snapshot with this id. */
  async insertSnapshot(boardId: string, snapshot: SourceSnapshot): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO snapshots (board_id, id, label, author, kind, created_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (board_id, id) DO NOTHING`,
      [boardId, snapshot.id, snapshot.label, snapshot.author, snapshot.kind, snapshot.createdAt, Buffer.from(snapshot.data)],
    )
    return result.rowCount === 1
  }

  /** False when the board already has an image with this id. */
  async insertAsset(boardId: string, asset: SourceAsset): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO assets (board_id, id, content_type, data, referenced_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (board_id, id) DO NOTHING`,
      [boardId, asset.id, asset.contentType, Buffer.from(asset.data), asset.referencedAt],
    )
    return result.rowCount === 1
  }

  /**
   * Inserts the gathering and those of its teams not listed yet, in one transaction. Gives
   * whether the gathering was new and how many teams were added.
   */
  insertGathering(gathering: SourceGathering): Promise<{ inserted: boolean; teamsAdded: number }> {
    return inTransaction(this.pool, async (c) => {
      const inserted = await c.query(
        `INSERT INTO gatherings (id, title, date, lang, allow_peek, archived, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO NOTHING`,
        [gathering.id, gathering.title, gathering.date, gathering.lang, gathering.allowPeek, gathering.archived, gathering.createdAt],
      )
      let teamsAdded = 0
      for (const team of gathering.teams) {
        const added = await c.query(
          `INSERT INTO gathering_teams (board_id, gathering_id, name, position, archived) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (board_id) DO NOTHING`,
          [team.boardId, gathering.id, team.name, team.position, team.archived],
        )
        teamsAdded += added.rowCount ?? 0
      }
      return { inserted: inserted.rowCount === 1, teamsAdded }
    })
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.storage.close()])
  }
}
