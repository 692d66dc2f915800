import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { spawnServer, type ChildServer } from './childServer'
import { connectClient, type ConnectOptions, type SyncClient } from './syncClient'

export interface ChildServersPerTest {
  /** A temporary folder, removed after the test. */
  tempDir(prefix: string): string
  /** A server process with this environment, killed after the test. */
  spawn(env: Record<string, string>): Promise<ChildServer>
  /** A stock sync client on `server`, destroyed after the test. */
  client(server: ChildServer, boardId: string, token: string, opts?: ConnectOptions): SyncClient
  /** Intervals the test starts (writers), cleared after it. */
  timers: NodeJS.Timeout[]
}

/**
 * For tests that run the server as a real process (to kill it, restart it on the same
 * DATA_DIR, or run a command beside it): everything they start is stopped after each test,
 * clients before servers, so no process or folder outlives a failed test.
 */
export function childServersPerTest(): ChildServersPerTest {
  const children: ChildServer[] = []
  const clients: SyncClient[] = []
  const timers: NodeJS.Timeout[] = []
  const dirs: string[] = []

  afterEach(async () => {
    for (const t of timers.splice(0)) clearInterval(t)
    for (const c of clients.splice(0)) c.destroy()
    for (const child of children.splice(0)) await child.kill('SIGKILL')
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  return {
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(dir)
      return dir
    },
    async spawn(env) {
      const child = await spawnServer(env)
      children.push(child)
      return child
    },
    client(server, boardId, token, opts) {
      const c = connectClient(server.syncUrl, boardId, token, opts)
      clients.push(c)
      return c
    },
    timers,
  }
}
