import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
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
})
