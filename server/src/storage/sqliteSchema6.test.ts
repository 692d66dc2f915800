import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { GATHERING_TABLES_SQL } from './SqliteGatherings'
import { SQLITE_FILE_NAME, SqliteStorage } from './SqliteStorage'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const COMPACTED = 'AAAAAAAAAAAAAAAAAAAAAA'
const FRESH = 'BBBBBBBBBBBBBBBBBBBBBB'
const EMPTY = 'CCCCCCCCCCCCCCCCCCCCCC'

describe('SQLite schema 6 (board snapshots in their own table)', () => {
  it("brings a file of schema 5 forward with every board's snapshot, log and sequence numbers intact", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-schema6-'))
    dirs.push(dataDir)
    // The file as a server of schema 5 left it: each board's snapshot in its boards row. Built
    // with the schema 5 statements, as an older server wrote them.
    const large = new Uint8Array(300 * 1024).map((_, i) => i % 251)
    const db = new Database(join(dataDir, SQLITE_FILE_NAME))
    db.pragma('auto_vacuum = INCREMENTAL')
    db.exec(`
      CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, lang TEXT NOT NULL, templates TEXT NOT NULL, created_at INTEGER NOT NULL,
        snapshot BLOB, snapshot_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, last_used_at INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE updates (board_id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (board_id, seq)) WITHOUT ROWID;
      CREATE TABLE snapshots (board_id TEXT NOT NULL, id TEXT NOT NULL, label TEXT NOT NULL, author TEXT NOT NULL, created_at INTEGER NOT NULL,
        data BLOB NOT NULL, kind TEXT NOT NULL DEFAULT 'manual', PRIMARY KEY (board_id, id));
      CREATE TABLE assets (board_id TEXT NOT NULL, id TEXT NOT NULL, content_type TEXT NOT NULL, data BLOB NOT NULL,
        referenced_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (board_id, id));
      ${GATHERING_TABLES_SQL}
    `)
    const insert = db.prepare('INSERT INTO boards (id, title, lang, templates, created_at, last_used_at, snapshot, snapshot_seq, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    insert.run(COMPACTED, 'Stor', 'nb', '["retro"]', 10, 100, large, 3, 5)
    insert.run(FRESH, 'Ny', 'en', '[]', 20, 200, new Uint8Array([0, 0]), 0, 1)
    insert.run(EMPTY, 'Tom', 'nb', '[]', 30, 300, null, 0, 0)
    const update = db.prepare('INSERT INTO updates (board_id, seq, data) VALUES (?, ?, ?)')
    update.run(COMPACTED, 4, new Uint8Array([4]))
    update.run(COMPACTED, 5, new Uint8Array([5]))
    update.run(FRESH, 1, new Uint8Array([1]))
    db.prepare('INSERT INTO snapshots (board_id, id, label, author, created_at, data) VALUES (?, ?, ?, ?, ?, ?)').run(COMPACTED, 'h1', 'Før', 'Kari', 7, new Uint8Array([9, 9]))
    db.pragma('user_version = 5')
    db.close()

    const upgraded = new SqliteStorage({ dataDir })
    try {
      // The pages the boards rows' copies held went back to the file system at the upgrade.
      const upgradedFile = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
      expect(upgradedFile.pragma('freelist_count', { simple: true })).toBe(0)
      upgradedFile.close()

      const compacted = await upgraded.loadBoard(COMPACTED)
      // Large enough for the worker's read path (loadBoard), which reads the new table too.
      expect(compacted).toEqual({ snapshot: large, snapshotSeq: 3, updates: [new Uint8Array([4]), new Uint8Array([5])], lastSeq: 5 })
      expect(await upgraded.loadBoard(FRESH)).toEqual({ snapshot: new Uint8Array([0, 0]), snapshotSeq: 0, updates: [new Uint8Array([1])], lastSeq: 1 })
      expect(await upgraded.loadBoard(EMPTY)).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 })
      expect(await upgraded.getBoardMeta(COMPACTED)).toEqual({ id: COMPACTED, title: 'Stor', lang: 'nb', templates: ['retro'], createdAt: 10 })
      expect((await upgraded.listBoards()).map((b) => [b.id, b.lastUsedAt, b.stateBytes, b.historyBytes])).toEqual([
        [COMPACTED, 100, large.byteLength + 2, 2],
        [FRESH, 200, 3, 0],
        [EMPTY, 300, 0, 0],
      ])
      expect(await upgraded.storageUsage(COMPACTED)).toEqual({ stateBytes: large.byteLength + 2, snapshotBytes: 2 })
      expect((await upgraded.updatesAfter(COMPACTED, 0))?.snapshot).toEqual(large)
      // Writes after the upgrade land in the new table and the log, and a deleted board leaves none behind.
      expect(await upgraded.appendUpdates(COMPACTED, [new Uint8Array([6])])).toBe(6)
      expect(await upgraded.compact(COMPACTED, new Uint8Array([7, 7]), 6)).toBe(true)
      expect(await upgraded.loadBoard(COMPACTED)).toEqual({ snapshot: new Uint8Array([7, 7]), snapshotSeq: 6, updates: [], lastSeq: 6 })
      expect(await upgraded.deleteBoard(FRESH)).toBe(true)
    } finally {
      await upgraded.close()
    }
    const check = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(9)
    const columns = (check.pragma('table_info(boards)') as { name: string }[]).map((c) => c.name)
    expect(columns).not.toContain('snapshot')
    expect(check.prepare('SELECT board_id, length(snapshot) AS bytes FROM board_snapshots ORDER BY board_id').all()).toEqual([{ board_id: COMPACTED, bytes: 2 }])
    check.close()
  })
})
