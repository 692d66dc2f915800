import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadBoardSecret, SECRET_FILE_NAME } from './secret'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-secret-'))
  dirs.push(dir)
  return dir
}

describe('loadBoardSecret', () => {
  it('generates a secret once into DATA_DIR with mode 0600 and reuses it', async () => {
    const dataDir = join(tempDir(), 'nested')
    const first = await loadBoardSecret({ boardSecret: undefined, dataDir })
    const file = join(dataDir, SECRET_FILE_NAME)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toBe(first.toString('utf8'))
    expect((await loadBoardSecret({ boardSecret: undefined, dataDir })).equals(first)).toBe(true)
  })

  it('prefers BOARD_SECRET and writes nothing', async () => {
    const dataDir = tempDir()
    const secret = await loadBoardSecret({ boardSecret: 's'.repeat(40), dataDir })
    expect(secret.toString()).toBe('s'.repeat(40))
    expect(() => statSync(join(dataDir, SECRET_FILE_NAME))).toThrow()
  })

  it('refuses a damaged secret file instead of silently replacing it', async () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, SECRET_FILE_NAME), 'short')
    await expect(loadBoardSecret({ boardSecret: undefined, dataDir })).rejects.toThrow(/shorter/)
  })
})
