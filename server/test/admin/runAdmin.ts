import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const repoRoot = resolve(import.meta.dirname, '..', '..', '..')

export interface AdminRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs `npm run admin -- <args>` from source (the built command runs the same code) with this environment besides PATH. */
export function runAdmin(args: string[], env: Record<string, string>): Promise<AdminRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(repoRoot, 'server/src/admin/adminMain.ts'), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done, fail) => {
    child.once('error', fail)
    child.once('close', (code) => done({ code: code ?? -1, stdout, stderr }))
  })
}
