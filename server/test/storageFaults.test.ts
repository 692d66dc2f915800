import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@whiteboard/shared'
import { MemoryStorage } from '../src/storage/MemoryStorage'
import type { StoredBoardState } from '../src/storage/Storage'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

/** Memory storage with switches: failing writes, and loads held until released. */
class FaultyStorage extends MemoryStorage {
  failWrites = false
  private gate: Promise<void> | null = null
  private release: (() => void) | null = null
  loadsStarted = 0

  holdLoads(): void {
    this.gate = new Promise((resolve) => (this.release = resolve))
  }

  releaseLoads(): void {
    this.release?.()
    this.gate = null
  }

  override async loadBoard(boardId: string): Promise<StoredBoardState | null> {
    this.loadsStarted += 1
    if (this.gate) await this.gate
    return super.loadBoard(boardId)
  }

  override async appendUpdates(boardId: string, updates: readonly Uint8Array[]): Promise<number> {
    if (this.failWrites) throw new Error('disk on fire')
    return super.appendUpdates(boardId, updates)
  }
}

let server: TestServer
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.dispose()
})

async function start(storage: FaultyStorage): Promise<TestServer> {
  server = await startTestServer({ options: { storage } })
  return server
}

function client(boardId: string, token: string): SyncClient {
  const c = connectClient(server.syncUrl, boardId, token)
  clients.push(c)
  return c
}

describe('storage faults and load order', () => {
  it('answers no sync step before the board is completely loaded', async () => {
    const storage = new FaultyStorage()
    await start(storage)
    const board = await server.createBoard({ title: 'Slow disk' })
    storage.holdLoads()
    const a = client(board.id, board.tokens.participant)
    await waitFor(() => storage.loadsStarted === 1 && a.provider.wsconnected, { what: 'the load to start' })
    // The client sent its sync step 1 on open; once an HTTP round trip made after that is back, the
    // server has read it, and an answer now could only come from an empty doc.
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200)
    expect(a.provider.synced).toBe(false)
    expect(a.records.get('page:page')).toBeUndefined()
    storage.releaseLoads()
    await waitFor(() => a.provider.synced, { what: 'sync after the load' })
    expect(a.records.get('page:page')).toBeDefined()
  })

  it('loads a board once for clients joining at the same time', async () => {
    const storage = new FaultyStorage()
    await start(storage)
    const board = await server.createBoard()
    storage.holdLoads()
    const joiners = [0, 1, 2, 3].map(() => client(board.id, board.tokens.participant))
    await waitFor(() => joiners.every((c) => c.provider.wsconnected), { what: 'connections' })
    storage.releaseLoads()
    await waitFor(() => joiners.every((c) => c.provider.synced), { what: 'sync' })
    expect(storage.loadsStarted).toBe(1)
  })

  it('closes the room with STORAGE_UNAVAILABLE when a write fails, keeps the process alive, and recovers', async () => {
    const storage = new FaultyStorage()
    await start(storage)
    const board = await server.createBoard()
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.participant)
    await waitFor(() => a.provider.synced && b.provider.synced, { what: 'sync' })
    storage.failWrites = true
    a.records.set('shape:rect1', rectangle(1))
    await waitFor(() => a.closes.length > 0 && b.closes.length > 0, { what: 'the room to close' })
    expect(a.closes[0]).toMatchObject({ code: CloseCode.STORAGE_UNAVAILABLE })
    // Not committed, so never sent.
    expect(b.shapeIds()).toEqual([])

    // 4500 is not terminal: the clients come back, and the writer resends its edit.
    storage.failWrites = false
    await waitFor(() => b.shapeIds().includes('shape:rect1'), { what: 'recovery' })
    const state = (await storage.loadBoard(board.id))!
    expect(state.lastSeq).toBeGreaterThan(0)
    const res = await fetch(`${server.origin}/healthz`)
    expect(res.status).toBe(200)
  })
})
