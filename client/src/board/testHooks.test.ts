import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '..', '..', '..')
const outDirs: string[] = []

/** Builds the web app into a temporary folder, as `npm run build` (or build:test) does, and returns its scripts' text. */
function buildScripts(env: Record<string, string>): string {
  const outDir = mkdtempSync(join(tmpdir(), 'wb-build-'))
  outDirs.push(outDir)
  const { VITE_TEST_HOOKS: _drop, ...inherited } = process.env
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: repoRoot,
    env: { ...inherited, ...env },
    encoding: 'utf8',
  })
  expect(result.status, result.stderr).toBe(0)
  const assets = join(outDir, 'assets')
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .join('\n')
}

afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true })
})

describe('test hooks', () => {
  it('are left out of the production build and put into the test build', () => {
    expect(buildScripts({})).not.toContain('__insertTemplate')
    expect(buildScripts({ VITE_TEST_HOOKS: '1' })).toContain('__insertTemplate')
  }, 120_000)
})
