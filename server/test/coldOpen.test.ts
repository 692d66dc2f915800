import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let server: TestServer
let clients: SyncClient[] = []

function client(boardId: string, token: string): SyncClient {
  const c = connectClient(server.syncUrl, boardId, token)
  clients.push(c)
  return c
}

beforeEach(async () => {
  server = await startTestServer()
})

afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server.dispose()
})

describe('opening a stored board', () => {
  it('leaves an unloaded board as one snapshot, serves newcomers from it, and never serves a stale answer after a change', async () => {
    const board = await server.createBoard({ title: 'Kald start' })
    const a = client(board.id, board.tokens.participant)
    await waitFor(() => a.provider.synced, { what: 'a to sync' })
    a.records.set('shape:rect1', rectangle(1, 'first'))
    await waitFor(async () => ((await server.server.storage.loadBoard(board.id))?.updates.length ?? 0) > 0, { what: 'the change to be committed' })
    a.destroy()
    await waitFor(() => server.server.rooms.peek(board.id) === undefined, { what: 'the board to unload' })
    // Compacted on unload: nothing left in the log.
    await waitFor(async () => (await server.server.storage.loadBoard(board.id))?.updates.length === 0, { what: 'compaction on unload' })

    // Fresh clients (empty docs) get the stored snapshot as it is...
    const b = client(board.id, board.tokens.participant)
    await waitFor(() => b.provider.synced && b.shapeIds().includes('shape:rect1'), { what: 'b to get the stored board' })
    const c = client(board.id, board.tokens.viewer)
    await waitFor(() => c.provider.synced && c.shapeIds().includes('shape:rect1'), { what: 'c to get the stored board' })
    // ...until the board changes: then the next newcomer gets the change too.
    b.records.set('shape:rect2', rectangle(2, 'second'))
    await waitFor(() => c.shapeIds().includes('shape:rect2'), { what: 'the change to reach c' })
    const d = client(board.id, board.tokens.viewer)
    await waitFor(() => d.provider.synced, { what: 'd to sync' })
    expect(d.shapeIds().sort()).toEqual(['shape:rect1', 'shape:rect2'])
  })
})
