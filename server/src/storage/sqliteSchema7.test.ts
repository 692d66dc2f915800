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

const USED = 'AAAAAAAAAAAAAAAAAAAAAA'
const UNTOUCHED = 'BBBBBBBBBBBBBBBBBBBBBB'

describe("SQLite schema 7 (each board's time of its last change)", () => {
  it('brings a file of schema 6 forward with every board intact, its last change taken from its last use', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-schema7-'))
    dirs.push(dataDir)
    // The file as a server of schema 6 left it, built with that schema's statements.
    const db = new Database(join(dataDir, SQLITE_FILE_NAME))
    db.pragma('auto_vacuum = INCREMENTAL')
    db.exec(`
      CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, lang TEXT NOT NULL, templates TEXT NOT NULL, created_at INTEGER NOT NULL,
        snapshot_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, last_used_at INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE updates (board_id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (board_id, seq)) WITHOUT ROWID;
      CREATE TABLE snapshots (board_id TEXT NOT NULL, id TEXT NOT NULL, label TEXT NOT NULL, author TEXT NOT NULL, created_at INTEGER NOT NULL,
        data BLOB NOT NULL, kind TEXT NOT NULL DEFAULT 'manual', PRIMARY KEY (board_id, id));
      CREATE TABLE assets (board_id TEXT NOT NULL, id TEXT NOT NULL, content_type TEXT NOT NULL, data BLOB NOT NULL,
        referenced_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (board_id, id));
      CREATE TABLE board_snapshots (board_id TEXT PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE, snapshot BLOB NOT NULL);
      ${GATHERING_TABLES_SQL}
    `)
    const insert = db.prepare('INSERT INTO boards (id, title, lang, templates, created_at, last_used_at, snapshot_seq, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    insert.run(USED, 'Brukt', 'nb', '["retro"]', 10, 100, 1, 2)
    insert.run(UNTOUCHED, 'Urørt', 'en', '[]', 20, 20, 0, 0)
    db.prepare('INSERT INTO board_snapshots (board_id, snapshot) VALUES (?, ?)').run(USED, new Uint8Array([1, 1]))
    db.prepare('INSERT INTO board_snapshots (board_id, snapshot) VALUES (?, ?)').run(UNTOUCHED, new Uint8Array([0, 0]))
    db.prepare('INSERT INTO updates (board_id, seq, data) VALUES (?, ?, ?)').run(USED, 2, new Uint8Array([2]))
    db.prepare('INSERT INTO snapshots (board_id, id, label, author, created_at, data) VALUES (?, ?, ?, ?, ?, ?)').run(USED, 'h1', 'Før', 'Kari', 7, new Uint8Array([9]))
    db.prepare('INSERT INTO assets (board_id, id, content_type, data, referenced_at) VALUES (?, ?, ?, ?, ?)').run(USED, 'img', 'image/png', new Uint8Array([5, 5, 5]), 50)
    db.pragma('user_version = 6')
    db.close()

    const upgraded = new SqliteStorage({ dataDir })
    try {
      expect(await upgraded.listBoards()).toEqual([
        { id: USED, title: 'Brukt', createdAt: 10, lastUsedAt: 100, lastChangedAt: 100, stateBytes: 3, historyBytes: 1, assetBytes: 3, gatheringId: null },
        { id: UNTOUCHED, title: 'Urørt', createdAt: 20, lastUsedAt: 20, lastChangedAt: 20, stateBytes: 2, historyBytes: 0, assetBytes: 0, gatheringId: null },
      ])
      expect(await upgraded.getBoardMeta(USED)).toEqual({ id: USED, title: 'Brukt', lang: 'nb', templates: ['retro'], createdAt: 10 })
      expect(await upgraded.loadBoard(USED)).toEqual({ snapshot: new Uint8Array([1, 1]), snapshotSeq: 1, updates: [new Uint8Array([2])], lastSeq: 2 })
      expect((await upgraded.listSnapshots(USED)).map((s) => [s.label, s.createdAt])).toEqual([['Før', 7]])
      expect(await upgraded.getAsset(USED, 'img')).toEqual({ contentType: 'image/png', data: new Uint8Array([5, 5, 5]) })
      // An append after the upgrade moves the new column on.
      const before = Date.now()
      expect(await upgraded.appendUpdates(UNTOUCHED, [new Uint8Array([3])])).toBe(1)
      expect((await upgraded.listBoards()).find((b) => b.id === UNTOUCHED)?.lastChangedAt).toBeGreaterThanOrEqual(before)
    } finally {
      await upgraded.close()
    }
    const check = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(9)
    check.close()
  })
})
