import type pg from 'pg'
import { BoardDamagedError } from './BoardDamagedError'
import { FROM_NOTHING, storedStateOfTail } from './storedStateOfTail'
import { BoardNotFoundError } from './BoardNotFoundError'
import { inTransaction } from './inTransaction'
import type { LogTail, StoredBoardState } from './Storage'

/**
 * Schema of people's private docs (private mode; Postgres migration 4, postgresMigrations.ts).
 * Stored as a board is, a snapshot plus a log, in tables of their own that go with the board
 * (ON DELETE CASCADE): nothing that reads a board's content ever reads one.
 */
export const PRIVATE_DOC_TABLES_PG = `
  CREATE TABLE private_docs (
    board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    person_id text NOT NULL,
    snapshot_seq bigint NOT NULL,
    last_seq bigint NOT NULL,
    snapshot bytea,
    PRIMARY KEY (board_id, person_id)
  );
  CREATE TABLE private_updates (
    board_id text NOT NULL,
    person_id text NOT NULL,
    seq bigint NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (board_id, person_id, seq),
    FOREIGN KEY (board_id, person_id) REFERENCES private_docs (board_id, person_id) ON DELETE CASCADE
  );
`

/** Postgres's code for a foreign key violation: the board a row belongs to is not there. */
const FOREIGN_KEY_VIOLATION = '23503'

/**
 * The private-doc half of `PostgresStorage`, on its pool. Sequence numbers are taken under the
 * private doc's row lock, as a board's are (PostgresStorage.appendUpdates), so they grow in
 * commit order when two nodes serve one person's tabs.
 */
export class PostgresPrivateDocs {
  constructor(private readonly pool: pg.Pool) {}

  async load(boardId: string, personId: string): Promise<StoredBoardState | null> {
    const tail = await this.updatesAfter(boardId, personId, FROM_NOTHING)
    return tail && storedStateOfTail(tail)
  }

  async append(boardId: string, personId: string, updates: readonly Uint8Array[]): Promise<number> {
    try {
      return await inTransaction(this.pool, async (c) => {
        const row = (
          await c.query<{ last_seq: number }>(
            `INSERT INTO private_docs (board_id, person_id, snapshot_seq, last_seq) VALUES ($1, $2, 0, $3)
             ON CONFLICT (board_id, person_id) DO UPDATE SET last_seq = private_docs.last_seq + $3 RETURNING last_seq`,
            [boardId, personId, updates.length],
          )
        ).rows[0]!
        const first = row.last_seq - updates.length + 1
        if (updates.length > 0) {
          await c.query(
            'INSERT INTO private_updates (board_id, person_id, seq, data) SELECT $1, $2, $3 + n - 1, data FROM unnest($4::bytea[]) WITH ORDINALITY AS u(data, n)',
            [boardId, personId, first, updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength))],
          )
        }
        return row.last_seq
      })
    } catch (err) {
      if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw new BoardNotFoundError(boardId)
      throw err
    }
  }

  compact(boardId: string, personId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const row = (
        await c.query<{ last_seq: number; snapshot_seq: number }>('SELECT last_seq, snapshot_seq FROM private_docs WHERE board_id = $1 AND person_id = $2 FOR UPDATE', [
          boardId,
          personId,
        ])
      ).rows[0]
      if (uptoSeq > (row?.last_seq ?? 0)) throw new Error(`cannot compact a private doc of ${boardId} up to ${uptoSeq}`)
      if (!row || uptoSeq <= row.snapshot_seq) return false
      await c.query('UPDATE private_docs SET snapshot = $3, snapshot_seq = $4 WHERE board_id = $1 AND person_id = $2', [
        boardId,
        personId,
        Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength),
        uptoSeq,
      ])
      await c.query('DELETE FROM private_updates WHERE board_id = $1 AND person_id = $2 AND seq <= $3', [boardId, personId, uptoSeq])
      return true
    })
  }

  /**
   * What the person's doc logged after `afterSeq` (Storage.privateUpdatesAfter). One snapshot of
   * the database for every read, and seqs are taken in commit order (`append`), so "seq >
   * afterSeq" never passes over a row that commits later.
   */
  updatesAfter(boardId: string, personId: string, afterSeq: number, limit?: number): Promise<LogTail | null> {
    return inTransaction(
      this.pool,
      async (c) => {
        if ((await c.query('SELECT 1 FROM boards WHERE id = $1', [boardId])).rowCount === 0) return null
        const row = (
          await c.query<{ snapshot: Buffer | null; snapshot_seq: number; last_seq: number }>(
            // The snapshot's bytes only when the log no longer holds what the caller lacks.
            'SELECT CASE WHEN snapshot_seq > $3 THEN snapshot END AS snapshot, snapshot_seq, last_seq FROM private_docs WHERE board_id = $1 AND person_id = $2',
            [boardId, personId, afterSeq],
          )
        ).rows[0]
        if (!row) return { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 }
        // LIMIT NULL: no limit.
        const rows = (
          await c.query<{ seq: number; data: Buffer }>(
            'SELECT seq, data FROM private_updates WHERE board_id = $1 AND person_id = $2 AND seq > $3 ORDER BY seq LIMIT $4',
            [boardId, personId, Math.max(afterSeq, row.snapshot_seq), limit ?? null],
          )
        ).rows
        return {
          snapshot: row.snapshot ? new Uint8Array(row.snapshot) : null,
          snapshotSeq: row.snapshot_seq,
          updates: rows.map((u) => {
            if (!(u.data instanceof Uint8Array)) throw new BoardDamagedError(boardId, 'a private update holds no bytes')
            return { seq: u.seq, update: new Uint8Array(u.data) }
          }),
          lastSeq: row.last_seq,
        }
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    )
  }

  async list(boardId: string): Promise<string[]> {
    return (await this.pool.query<{ person_id: string }>('SELECT person_id FROM private_docs WHERE board_id = $1', [boardId])).rows.map((r) => r.person_id)
  }
}
