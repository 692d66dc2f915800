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

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'

describe("SQLite schema 8 (people's private docs)", () => {
  it('brings a file of schema 7 forward: its boards intact, private docs stored and deleted with their board', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-schema8-'))
    dirs.push(dataDir)
    // The file as a server of schema 7 left it, built with that schema's statements.
    const db = new Database(join(dataDir, SQLITE_FILE_NAME))
    db.pragma('auto_vacuum = INCREMENTAL')
    db.exec(`
      CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, lang TEXT NOT NULL, templates TEXT NOT NULL, created_at INTEGER NOT NULL,
        snapshot_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, last_used_at INTEGER NOT NULL DEFAULT 0, last_changed_at INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE updates (board_id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (board_id, seq)) WITHOUT ROWID;
      CREATE TABLE snapshots (board_id TEXT NOT NULL, id TEXT NOT NULL, label TEXT NOT NULL, author TEXT NOT NULL, created_at INTEGER NOT NULL,
        data BLOB NOT NULL, kind TEXT NOT NULL DEFAULT 'manual', PRIMARY KEY (board_id, id));
      CREATE TABLE assets (board_id TEXT NOT NULL, id TEXT NOT NULL, content_type TEXT NOT NULL, data BLOB NOT NULL,
        referenced_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (board_id, id));
      CREATE TABLE board_snapshots (board_id TEXT PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE, snapshot BLOB NOT NULL);
      ${GATHERING_TABLES_SQL}
    `)
    db.prepare('INSERT INTO boards (id, title, lang, templates, created_at, last_used_at, last_changed_at, snapshot_seq, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      BOARD,
      'Brukt',
      'nb',
      '[]',
      10,
      100,
      100,
      0,
      1,
    )
    db.prepare('INSERT INTO board_snapshots (board_id, snapshot) VALUES (?, ?)').run(BOARD, new Uint8Array([0, 0]))
    db.prepare('INSERT INTO updates (board_id, seq, data) VALUES (?, ?, ?)').run(BOARD, 1, new Uint8Array([2]))
    db.pragma('user_version = 7')
    db.close()

    const upgraded = new SqliteStorage({ dataDir })
    try {
      expect(await upgraded.loadBoard(BOARD)).toEqual({ snapshot: new Uint8Array([0, 0]), snapshotSeq: 0, updates: [new Uint8Array([2])], lastSeq: 1 })
      expect(await upgraded.listPrivateDocs(BOARD)).toEqual([])
      expect(await upgraded.appendPrivateUpdates(BOARD, 'ada', [new Uint8Array([7])])).toBe(1)
      expect(await upgraded.loadPrivateDoc(BOARD, 'ada')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [new Uint8Array([7])], lastSeq: 1 })
      // The board's own log is untouched by it.
      expect((await upgraded.loadBoard(BOARD))?.lastSeq).toBe(1)
      expect(await upgraded.deleteBoard(BOARD)).toBe(true)
      expect(await upgraded.listPrivateDocs(BOARD)).toEqual([])
    } finally {
      await upgraded.close()
    }
    const check = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8)
    expect(check.prepare("SELECT COUNT(*) AS n FROM private_updates").get()).toEqual({ n: 0 })
    check.close()
  })
})
