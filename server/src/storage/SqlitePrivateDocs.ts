import type Database from 'better-sqlite3'
import { BoardDamagedError } from './BoardDamagedError'
import { BoardNotFoundError } from './BoardNotFoundError'
import type { LogTail, StoredBoardState } from './Storage'
import { FROM_NOTHING, storedStateOfTail } from './storedStateOfTail'

/**
 * Schema of people's private docs (private mode; SQLite schema version 8, `SqliteStorage.migrate`
 * runs it). A private doc is stored as a board is, a snapshot plus a log, in tables of its own:
 * nothing that reads a board's content (loads, history, exports, the listing) ever reads one.
 * A person who never wrote privately has no row.
 */
export const PRIVATE_DOC_TABLES_SQL = `
  CREATE TABLE private_docs (
    board_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    snapshot_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    snapshot BLOB,
    PRIMARY KEY (board_id, person_id)
  );
  CREATE TABLE private_updates (
    board_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (board_id, person_id, seq)
  ) WITHOUT ROWID;
`

/**
 * The private-doc half of `SqliteStorage`, on its database. Each method runs in one transaction,
 * so a load never straddles a compaction. Private docs are small (MAX_PRIVATE_DOC_BYTES), so
 * they are read here, never on the blob reader's thread.
 */
export class SqlitePrivateDocs {
  private readonly stmt: ReturnType<typeof prepare>

  constructor(private readonly db: Database.Database) {
    this.stmt = prepare(db)
  }

  load(boardId: string, personId: string): StoredBoardState | null {
    const tail = this.updatesAfter(boardId, personId, FROM_NOTHING)
    return tail && storedStateOfTail(tail)
  }

  append(boardId: string, personId: string, updates: readonly Uint8Array[]): number {
    return this.db.transaction(() => {
      if (!this.stmt.board.get(boardId)) throw new BoardNotFoundError(boardId)
      let seq = this.stmt.doc.get(boardId, personId)?.last_seq ?? 0
      if (updates.length === 0) return seq
      for (const update of updates) this.stmt.insertUpdate.run(boardId, personId, ++seq, update)
      this.stmt.upsertLastSeq.run(boardId, personId, seq)
      return seq
    })()
  }

  compact(boardId: string, personId: string, snapshot: Uint8Array, uptoSeq: number): boolean {
    return this.db.transaction(() => {
      if (!this.stmt.board.get(boardId)) throw new BoardNotFoundError(boardId)
      const row = this.stmt.doc.get(boardId, personId)
      if (uptoSeq > (row?.last_seq ?? 0)) throw new Error(`cannot compact a private doc of ${boardId} up to ${uptoSeq}`)
      if (!row || uptoSeq <= row.snapshot_seq) return false
      this.stmt.setSnapshot.run(snapshot, uptoSeq, boardId, personId)
      this.stmt.dropUpdatesUpTo.run(boardId, personId, uptoSeq)
      return true
    })()
  }

  /** What the person's doc logged after `afterSeq` (Storage.privateUpdatesAfter), in one read transaction. */
  updatesAfter(boardId: string, personId: string, afterSeq: number, limit?: number): LogTail | null {
    return this.db.transaction(() => {
      if (!this.stmt.board.get(boardId)) return null
      const row = this.stmt.doc.get(boardId, personId)
      if (!row) return { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 }
      if (row.snapshot !== null && !(row.snapshot instanceof Uint8Array)) throw new BoardDamagedError(boardId, 'a private snapshot holds no bytes')
      // LIMIT -1: no limit.
      const rows = this.stmt.updatesFrom.all(boardId, personId, Math.max(afterSeq, row.snapshot_seq), limit ?? -1)
      return {
        snapshot: afterSeq < row.snapshot_seq && row.snapshot ? new Uint8Array(row.snapshot) : null,
        snapshotSeq: row.snapshot_seq,
        updates: rows.map((u) => {
          if (!(u.data instanceof Uint8Array)) throw new BoardDamagedError(boardId, 'a private update holds no bytes')
          return { seq: u.seq, update: new Uint8Array(u.data) }
        }),
        lastSeq: row.last_seq,
      }
    })()
  }

  list(boardId: string): string[] {
    return this.stmt.people.all(boardId).map((r) => r.person_id)
  }

  /** Part of deleting the board; runs inside the caller's transaction. */
  forgetBoard(boardId: string): void {
    this.stmt.deleteUpdates.run(boardId)
    this.stmt.deleteDocs.run(boardId)
  }
}

function prepare(db: Database.Database) {
  return {
    board: db.prepare<[string], { id: string }>('SELECT id FROM boards WHERE id = ?'),
    doc: db.prepare<[string, string], { snapshot_seq: number; last_seq: number; snapshot: Buffer | null }>(
      'SELECT snapshot_seq, last_seq, snapshot FROM private_docs WHERE board_id = ? AND person_id = ?',
    ),
    updatesFrom: db.prepare<[string, string, number, number], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM private_updates WHERE board_id = ? AND person_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    insertUpdate: db.prepare<[string, string, number, Uint8Array]>('INSERT INTO private_updates (board_id, person_id, seq, data) VALUES (?, ?, ?, ?)'),
    upsertLastSeq: db.prepare<[string, string, number]>(
      'INSERT INTO private_docs (board_id, person_id, snapshot_seq, last_seq) VALUES (?, ?, 0, ?) ON CONFLICT (board_id, person_id) DO UPDATE SET last_seq = excluded.last_seq',
    ),
    setSnapshot: db.prepare<[Uint8Array, number, string, string]>('UPDATE private_docs SET snapshot = ?, snapshot_seq = ? WHERE board_id = ? AND person_id = ?'),
    dropUpdatesUpTo: db.prepare<[string, string, number]>('DELETE FROM private_updates WHERE board_id = ? AND person_id = ? AND seq <= ?'),
    people: db.prepare<[string], { person_id: string }>('SELECT person_id FROM private_docs WHERE board_id = ?'),
    deleteUpdates: db.prepare<[string]>('DELETE FROM private_updates WHERE board_id = ?'),
    deleteDocs: db.prepare<[string]>('DELETE FROM private_docs WHERE board_id = ?'),
  }
}
