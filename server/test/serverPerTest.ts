import { afterEach, beforeEach } from 'vitest'
import type * as Y from 'yjs'
import { connectClient, type ConnectOptions, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'

export interface ServerPerTest {
  /** This test's server. A test may replace it (a restart, other options) after disposing or stopping the old one; the one here at the end is disposed. */
  server: TestServer
  /** A stock y-websocket client of this test's server, destroyed after the test. */
  client(boardId: string, token: string, doc?: Y.Doc, opts?: Omit<ConnectOptions, 'doc'>): SyncClient
}

/**
 * Gives every test of the calling file a fresh real server (port 0, own data directory) and
 * closes the clients it opened before the server, so no test sees another's boards or sockets.
 */
export function serverPerTest(): ServerPerTest {
  let clients: SyncClient[] = []
  const ctx: ServerPerTest = {
    server: undefined as unknown as TestServer,
    client(boardId, token, doc, opts = {}) {
      const c = connectClient(ctx.server.syncUrl, boardId, token, doc ? { ...opts, doc } : opts)
      clients.push(c)
      return c
    },
  }
  beforeEach(async () => {
    ctx.server = await startTestServer()
  })
  afterEach(async () => {
    for (const c of clients) c.destroy()
    clients = []
    await ctx.server.dispose()
  })
  return ctx
}
