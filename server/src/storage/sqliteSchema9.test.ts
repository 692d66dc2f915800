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
const TEMPLATE = 'TTTTTTTTTTTTTTTTTTTTTT'

describe("SQLite schema 9 (a team's own templates)", () => {
  it('brings a file of schema 8 forward: its boards intact, and team templates stored from then on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-schema9-'))
    dirs.push(dataDir)
    // A file as a server of schema 8 left it: everything of today's schema but the template table.
    const first = new SqliteStorage({ dataDir })
    await first.createBoard({ id: BOARD, title: 'Før malene', lang: 'nb', templates: [] }, new Uint8Array([0, 0]))
    await first.close()
    const db = new Database(join(dataDir, SQLITE_FILE_NAME))
    db.exec('DROP TABLE team_templates; PRAGMA user_version = 8;')
    db.close()

    const upgraded = new SqliteStorage({ dataDir })
    try {
      expect((await upgraded.getBoardMeta(BOARD))?.title).toBe('Før malene')
      expect(await upgraded.listTeamTemplates()).toEqual([])
      expect(await upgraded.createTeamTemplate({ id: TEMPLATE, name: 'Vår mal', description: '', content: '{}' }, 10)).toMatchObject({ id: TEMPLATE, name: 'Vår mal' })
    } finally {
      await upgraded.close()
    }
    const check = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(9)
    check.close()
  })
})
