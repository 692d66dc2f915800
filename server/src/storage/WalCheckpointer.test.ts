import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'

describe('WalCheckpointer', () => {
  it('keeps a process that has nothing else to do alive until its last checkpoint ran', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-checkpointer-'))
    try {
      const file = join(dir, 'boards.db')
      const script = join(dir, 'closeLast.mts')
      // A process whose only remaining work is closing the storage, as at the end of a script or a shutdown.
      writeFileSync(
        script,
        [
          `import { SqliteStorage } from ${JSON.stringify(resolve(import.meta.dirname, 'SqliteStorage.ts'))}`,
          `const storage = new SqliteStorage({ file: ${JSON.stringify(file)} })`,
          `await storage.createBoard({ id: 'b', title: 'b', lang: 'en', templates: [] }, new Uint8Array([0, 0]))`,
          `await storage.close()`,
          `console.info('closed')`,
        ].join('\n'),
      )
      const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 })
      expect(run.stderr).not.toContain('Unsettled')
      expect(run.status).toBe(0)
      expect(run.stdout).toContain('closed')
      const db = new Database(file, { readonly: true })
      expect(db.prepare('SELECT count(*) AS n FROM boards').get()).toEqual({ n: 1 })
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
