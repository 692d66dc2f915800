import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

const repoRoot = resolve(import.meta.dirname, '..', '..', '..')
const INDEX = join(repoRoot, 'client', 'dist', 'index.html')

export function clientIsBuilt(): boolean {
  return existsSync(INDEX)
}

/** Builds the web app the server serves (`vite build`), as `npm start` does. Throws if the build fails. */
export function buildClient(log: (line: string) => void): void {
  log('building the client (vite build) for the browser benchmarks...')
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] })
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stderr.toString().slice(-4000)}`)
}
