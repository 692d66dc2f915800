import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { BoardDamagedError } from './BoardDamagedError'
import { describeLargeSnapshotLoads } from './largeSnapshotLoads.contract'
import { READ_SNAPSHOT_IN_WORKER_FROM_BYTES } from './loadBoardWithSnapshotApart'
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

  it('checkpoints on its worker, not on commit (synchronous=NORMAL: the checkpoint is what fsyncs)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-sqlite-'))
    const file = join(dataDir, SQLITE_FILE_NAME)
    // What the database file holds without its WAL: only what was checkpointed.
    const checkpointedBoards = () => {
      const copy = join(dataDir, 'copy.db')
      copyFileSync(file, copy)
      const raw = new Database(copy, { readonly: true })
      try {
        return raw.prepare('SELECT count(*) AS n FROM boards').get() as { n: number }
      } finally {
        raw.close()
      }
    }
    const storage = new SqliteStorage({ dataDir, checkpointIntervalMs: 3_600_000 })
    try {
      await storage.checkpoint()
      for (let i = 0; i < 1500; i++) await storage.createBoard({ id: `board${String(i).padStart(17, '0')}`, title: 't', lang: 'en', templates: [] }, new Uint8Array(2000))
      // Well past SQLite's automatic checkpoint (1000 pages), and still nothing in the file.
      expect(checkpointedBoards().n).toBe(0)
      await storage.checkpoint()
      expect(checkpointedBoards().n).toBe(1500)
    } finally {
      await storage.close()
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

describeLargeSnapshotLoads('SqliteStorage', withStorage)

async function withStorage(run: (storage: SqliteStorage, file: string) => Promise<void>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-sqlite-'))
  const storage = new SqliteStorage({ dataDir })
  try {
    await run(storage, join(dataDir, SQLITE_FILE_NAME))
  } finally {
    await storage.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

describe('SqliteStorage loading a large snapshot', () => {
  const id = 'LLLLLLLLLLLLLLLLLLLLLL'

  it('still calls a snapshot column without bytes damaged', () =>
    withStorage(async (storage, file) => {
      const doc = new Y.Doc()
      doc.getText('big').insert(0, 'x'.repeat(READ_SNAPSHOT_IN_WORKER_FROM_BYTES + 1024))
      await storage.createBoard({ id, title: 't', lang: 'en', templates: [] }, Y.encodeStateAsUpdate(doc))
      const raw = new Database(file)
      raw.prepare('UPDATE board_snapshots SET snapshot = ? WHERE board_id = ?').run('not bytes', id)
      raw.close()
      await expect(storage.loadBoard(id)).rejects.toBeInstanceOf(BoardDamagedError)
    }))
})
