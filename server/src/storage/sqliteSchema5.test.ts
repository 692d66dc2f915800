import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { SQLITE_FILE_NAME, SqliteStorage } from './SqliteStorage'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'

describe('SQLite schema 5 (board retention)', () => {
  it('brings a file of schema 4 forward: its boards count as used at the upgrade, and it switches to incremental vacuum', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-schema5-'))
    dirs.push(dataDir)
    const first = new SqliteStorage({ dataDir })
    const created = await first.createBoard({ id: BOARD, title: 'Eldre', lang: 'nb', templates: [] }, new Uint8Array([0, 0]))
    await first.close()
    // The file as a server before board retention left it: no last_used_at, no auto-vacuum.
    const db = new Database(join(dataDir, SQLITE_FILE_NAME))
    db.exec('ALTER TABLE boards DROP COLUMN last_used_at')
    // and no last_changed_at (schema 7),
    db.exec('ALTER TABLE boards DROP COLUMN last_changed_at')
    // nor the tables of schema 8 (private docs) and 9 (team templates),
    db.exec('DROP TABLE private_docs; DROP TABLE private_updates; DROP TABLE team_templates;')
    // and, as before schema 6, the board's snapshot in its boards row.
    db.exec(`
      ALTER TABLE boards ADD COLUMN snapshot BLOB;
      UPDATE boards SET snapshot = (SELECT snapshot FROM board_snapshots WHERE board_id = boards.id);
      DROP TABLE board_snapshots;
    `)
    db.pragma('auto_vacuum = NONE')
    db.exec('VACUUM')
    db.pragma('user_version = 4')
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(0)
    db.close()

    const before = Date.now()
    const upgraded = new SqliteStorage({ dataDir })
    try {
      const [board] = await upgraded.listBoards()
      expect(board).toMatchObject({ id: BOARD, title: 'Eldre', createdAt: created.createdAt })
      expect(board!.lastUsedAt).toBeGreaterThanOrEqual(before)
      expect((await upgraded.loadBoard(BOARD))?.snapshot).toEqual(new Uint8Array([0, 0]))
    } finally {
      await upgraded.close()
    }
    const check = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(9)
    expect(check.pragma('auto_vacuum', { simple: true })).toBe(2)
    check.close()
  })
})
