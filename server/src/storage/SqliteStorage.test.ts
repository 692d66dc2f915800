import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { open } from 'node:fs/promises'
import { describe, expect, it, vi } from 'vitest'
import Database from 'better-sqlite3'
import { SQLITE_FILE_NAME, SqliteStorage } from './SqliteStorage'
import { describeStorageContract } from './storage.contract'

describeStorageContract('SqliteStorage', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-sqlite-'))
  let current = new SqliteStorage({ dataDir })
  return {
    get storage() {
      return current
    },
    reopen: async () => {
      await current.close()
      current = new SqliteStorage({ dataDir })
      return current
    },
    dispose: async () => {
      await current.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
})

describe('SqliteStorage file', () => {
  it('uses WAL in DATA_DIR/boards.db and refuses a file from a newer schema', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-sqlite-'))
    try {
      const storage = new SqliteStorage({ dataDir })
      await storage.createBoard({ id: 'AAAAAAAAAAAAAAAAAAAAAA', title: 't', lang: 'en', templates: [] }, new Uint8Array([0, 0]))
      await storage.close()
      const file = join(dataDir, SQLITE_FILE_NAME)
      expect(statSync(file).size).toBeGreaterThan(0)
      const raw = new Database(file)
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
      raw.pragma('user_version = 99')
      raw.close()
      expect(() => new SqliteStorage({ dataDir })).toThrow(/newer server/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('fsyncs the WAL in the background only after something was written (synchronous=NORMAL)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-sqlite-'))
    const probe = await open(join(dataDir, 'probe'), 'w')
    const fileHandle = Object.getPrototypeOf(probe) as { sync(): Promise<void> }
    await probe.close()
    const sync = vi.spyOn(fileHandle, 'sync')
    try {
      const storage = new SqliteStorage({ dataDir })
      await storage.createBoard({ id: 'AAAAAAAAAAAAAAAAAAAAAA', title: 't', lang: 'en', templates: [] }, new Uint8Array([0, 0]))
      await storage.syncWal()
      expect(sync).toHaveBeenCalledTimes(1)
      await storage.syncWal()
      expect(sync).toHaveBeenCalledTimes(1)
      await storage.appendUpdates('AAAAAAAAAAAAAAAAAAAAAA', [new Uint8Array([0, 0])])
      await storage.syncWal()
      expect(sync).toHaveBeenCalledTimes(2)
      await storage.close()
    } finally {
      sync.mockRestore()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('brings a schema 1 file forward: its history snapshots keep their data and list as manual', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-sqlite-'))
    try {
      const raw = new Database(join(dataDir, SQLITE_FILE_NAME))
      raw.exec(`
        CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, lang TEXT NOT NULL, templates TEXT NOT NULL, created_at INTEGER NOT NULL,
          snapshot BLOB, snapshot_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL);
        CREATE TABLE updates (board_id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (board_id, seq)) WITHOUT ROWID;
        CREATE TABLE snapshots (board_id TEXT NOT NULL, id TEXT NOT NULL, label TEXT NOT NULL, author TEXT NOT NULL, created_at INTEGER NOT NULL,
          data BLOB NOT NULL, PRIMARY KEY (board_id, id));
        CREATE INDEX snapshots_by_time ON snapshots (board_id, created_at);
        CREATE TABLE assets (board_id TEXT NOT NULL, id TEXT NOT NULL, content_type TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (board_id, id));
        INSERT INTO boards VALUES ('AAAAAAAAAAAAAAAAAAAAAA', 'Old', 'nb', '[]', 1, x'0000', 0, 0);
        INSERT INTO snapshots VALUES ('AAAAAAAAAAAAAAAAAAAAAA', 'old-snapshot', 'Before', 'Kari', 5, x'010203');
        PRAGMA user_version = 1;
      `)
      raw.close()
      const storage = new SqliteStorage({ dataDir })
      try {
        expect(await storage.listSnapshots('AAAAAAAAAAAAAAAAAAAAAA')).toEqual([
          { id: 'old-snapshot', label: 'Before', author: 'Kari', kind: 'manual', createdAt: 5, byteLength: 3 },
        ])
        const taken = await storage.putSnapshot('AAAAAAAAAAAAAAAAAAAAAA', { label: '', author: '', kind: 'auto-idle' }, new Uint8Array([9]))
        expect((await storage.getSnapshot('AAAAAAAAAAAAAAAAAAAAAA', taken.id))?.info.kind).toBe('auto-idle')
      } finally {
        await storage.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
