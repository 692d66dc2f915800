import { afterEach } from 'vitest'
import type { Role } from '@whiteboard/shared'
import type { StartServerOptions } from '../src/startServer'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'

export interface OwnServerPerTest {
  /** Starts this test's server with settings of its own; a test may start another after disposing the first. */
  start(env?: Record<string, string>, options?: StartServerOptions): Promise<TestServer>
  /** A stock client of `server` on `board` with that role's token. */
  client(server: TestServer, board: { id: string; tokens: Record<Role, string> }, role?: Role): SyncClient
  /** Clients opened another way, to be closed with the rest. */
  track(...clients: SyncClient[]): void
  /** Closes the clients, restarts `server` on its data directory, and disposes the new one after the test. */
  restart(server: TestServer): Promise<TestServer>
}

/**
 * For test files whose tests each start a server with settings of their own (serverPerTest.ts
 * starts one with the defaults before each test). After each test the clients are closed first,
 * then the last server started.
 */
export function ownServerPerTest(): OwnServerPerTest {
  let server: TestServer | undefined
  let clients: SyncClient[] = []
  afterEach(async () => {
    for (const c of clients) c.destroy()
    clients = []
    await server?.dispose()
    server = undefined
  })
  return {
    async start(env = {}, options = {}) {
      server = await startTestServer({ env, options })
      return server
    },
    client(s, board, role = 'participant') {
      const c = connectClient(s.syncUrl, board.id, board.tokens[role])
      clients.push(c)
      return c
    },
    track(...more) {
      clients.push(...more)
    },
    async restart(s) {
      for (const c of clients.splice(0)) c.destroy()
      server = await s.restart()
      return server
    },
  }
}
