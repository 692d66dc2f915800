import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { recordsArray } from '@whiteboard/shared'
import { MemoryStorage } from '../src/storage/MemoryStorage'
import type { StoredBoardState } from '../src/storage/Storage'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let server: TestServer
let clients: SyncClient[] = []
const sockets: WebSocket[] = []

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
  for (const ws of sockets.splice(0)) ws.terminate()
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

/** A storage whose board loads wait until the test lets them go, so that a client's first frames are in before the doc is built. */
class GatedStorage extends MemoryStorage {
  gate: Promise<void> | null = null
  override async loadBoard(boardId: string): Promise<StoredBoardState | null> {
    await this.gate
    return super.loadBoard(boardId)
  }
}

describe('a fresh client opening a board that is not loaded', () => {
  it('gets the stored board as its first frame, before the server builds the doc and greets it', async () => {
    await server.dispose()
    const storage = new GatedStorage()
    server = await startTestServer({ options: { storage } })
    const board = await server.createBoard({ title: 'Tidlig svar' })
    let open!: () => void
    storage.gate = new Promise((done) => (open = done))
    const ws = new WebSocket(`${server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.viewer)}`)
    sockets.push(ws)
    const frames: Uint8Array[] = []
    ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)))
    await new Promise((done) => ws.once('open', done))
    // A fresh client's sync step 1 (empty state vector), as y-websocket sends it on open.
    ws.send(new Uint8Array([0, 0, 1, 0]))
    await waitFor(() => ws.bufferedAmount === 0, { what: 'the step 1 to be sent' })
    open()
    await waitFor(() => frames.length >= 2, { what: 'the answer and the greeting' })
    const first = decoding.createDecoder(frames[0]!)
    expect([decoding.readVarUint(first), decoding.readVarUint(first)]).toEqual([0, 1])
    const doc = new Y.Doc()
    Y.applyUpdate(doc, decoding.readVarUint8Array(first))
    expect(recordsArray(doc).toArray().map((e) => e.key)).toContain('page:page')
    // Then the room greets it with its own step 1, and never answers the same step 1 twice.
    const second = decoding.createDecoder(frames[1]!)
    expect([decoding.readVarUint(second), decoding.readVarUint(second)]).toEqual([0, 0])
    // A second step 1 is answered after anything queued before it, so a replay of the first would show up by then.
    ws.send(new Uint8Array([0, 0, 1, 0]))
    const step2s = () => frames.filter((f) => f[0] === 0 && f[1] === 1).length
    await waitFor(() => step2s() >= 2, { what: 'the answer to the second step 1' })
    expect(step2s()).toBe(2)
  })
})
