import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@whiteboard/shared'
import type { UploadAssetResponse } from '@whiteboard/shared/api/assetsApi'
import type { SnapshotListResponse, SnapshotSummary } from '@whiteboard/shared/api/historyApi'
import { rectangle } from '../records'
import { entryKeys, storedDoc } from '../storedDoc'
import { connectClient, type SyncClient } from '../syncClient'
import { startTestServer, type TestServer } from '../testServer'
import { waitFor } from '../waitFor'
import { postgresPerFile } from './postgresPerFile'

const postgres = postgresPerFile()

describe('the server on Postgres (DATABASE_URL)', () => {
  let server: TestServer | undefined
  let clients: SyncClient[] = []
  const client = (boardId: string, token: string) => {
    const c = connectClient(server!.syncUrl, boardId, token)
    clients.push(c)
    return c
  }
  const readyz = async () => {
    const res = await fetch(`${server!.origin}/readyz`)
    return { status: res.status, body: (await res.json()) as { problems: string[]; storage: { readable: boolean; writable: boolean } } }
  }
  afterEach(async () => {
    for (const c of clients) c.destroy()
    clients = []
    await server?.dispose()
    server = undefined
  })

  it('syncs two stock clients, stores and compacts in Postgres, and keeps the board across a restart', async () => {
    const url = await postgres.newDatabase()
    // Compaction after every few commits, so the restart rebuilds from a compacted snapshot plus a log.
    server = await startTestServer({ env: { DATABASE_URL: url, COMPACT_AFTER_UPDATES: '3' } })
    expect(server.server.storage.constructor.name).toBe('PostgresStorage')
    const board = await server.createBoard({ title: 'På Postgres' })
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.participant)
    await waitFor(() => a.provider.synced && b.provider.synced, { what: 'sync' })
    a.records.set('shape:rect1', rectangle(1, 'fra a'))
    b.records.set('shape:rect2', rectangle(2, 'fra b'))
    await waitFor(() => a.shapeIds().length === 2 && b.shapeIds().length === 2, { what: 'convergence' })
    expect(a.shapeIds()).toEqual(['shape:rect1', 'shape:rect2'])
    for (let n = 3; n <= 8; n++) {
      const writer = n % 2 === 0 ? a : b
      writer.records.set(`shape:rect${n}`, rectangle(n))
      await waitFor(() => a.shapeIds().length === n && b.shapeIds().length === n, { what: `edit ${n} to reach both` })
    }
    const shapes = a.shapeIds()
    await waitFor(async () => entryKeys(await storedDoc(server!.server.storage, board.id)).filter((k) => k.startsWith('shape:')).length === 8, { what: 'every edit to be stored' })
    expect((await server.server.storage.loadBoard(board.id))!.snapshotSeq).toBeGreaterThan(0)
    for (const c of clients) c.destroy()
    clients = []

    // The restart keeps DATABASE_URL (and the data directory with the board secret): the old links work.
    server = await server.restart()
    const later = client(board.id, board.tokens.viewer)
    await waitFor(() => later.provider.synced, { what: 'sync after the restart' })
    expect(later.shapeIds()).toEqual(shapes)
    const meta = await fetch(`${server.origin}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
    expect(meta.status).toBe(200)
    expect(((await meta.json()) as { title: string }).title).toBe('På Postgres')
    expect((await readyz()).status).toBe(200)
  })

  it('keeps an uploaded image and a named snapshot in Postgres across a restart, and restores the snapshot', async () => {
    const url = await postgres.newDatabase()
    server = await startTestServer({ env: { DATABASE_URL: url } })
    const board = await server.createBoard({ title: 'Bilder og historikk' })
    const png = new Uint8Array(4096)
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    for (let i = 16; i < png.length; i++) png[i] = i % 251
    const uploaded = await fetch(`${server.origin}/api/boards/${board.id}/assets`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${board.tokens.participant}` },
      body: png,
    })
    expect(uploaded.status).toBe(201)
    const asset = (await uploaded.json()) as UploadAssetResponse
    const facilitator = client(board.id, board.tokens.facilitator)
    await waitFor(() => facilitator.provider.synced, { what: 'sync' })
    facilitator.records.set('shape:rect1', rectangle(1, 'før'))
    await waitFor(async () => entryKeys(await storedDoc(server!.server.storage, board.id)).includes('shape:rect1'), { what: 'the shape to be stored' })
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${server!.origin}/api/boards/${board.id}${path}`, {
        method,
        headers: { authorization: `Bearer ${board.tokens.facilitator}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
    const takenRes = await api('POST', '/snapshots', { name: 'Før rydding', author: 'Kari' })
    expect(takenRes.status).toBe(201)
    const taken = (await takenRes.json()) as SnapshotSummary
    facilitator.records.delete('shape:rect1')
    await waitFor(async () => !entryKeys(await storedDoc(server!.server.storage, board.id)).includes('shape:rect1'), { what: 'the deletion to be stored' })
    for (const c of clients) c.destroy()
    clients = []

    server = await server.restart()
    const image = await fetch(`${server.origin}${asset.src}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
    expect(image.status).toBe(200)
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png)
    const listed = (await (await api('GET', '/snapshots')).json()) as SnapshotListResponse
    expect(listed.snapshots.map((x) => [x.id, x.name, x.author])).toContainEqual([taken.id, 'Før rydding', 'Kari'])
    const viewer = client(board.id, board.tokens.viewer)
    await waitFor(() => viewer.provider.synced, { what: 'sync after the restart' })
    expect(viewer.shapeIds()).toEqual([])
    expect((await api('POST', `/snapshots/${taken.id}/restore`, { author: 'Kari' })).status).toBe(200)
    await waitFor(() => viewer.shapeIds().includes('shape:rect1'), { what: 'the restored shape' })
  })

  it('while Postgres is down refuses writers with the storage close code and board creation with 503, keeps readers, says 503 on /readyz, and recovers by itself', async () => {
    const url = await postgres.newDatabase()
    server = await startTestServer({ env: { DATABASE_URL: url } })
    const board = await server.createBoard()
    const writer = client(board.id, board.tokens.participant)
    const reader = client(board.id, board.tokens.viewer)
    await waitFor(() => writer.provider.synced && reader.provider.synced, { what: 'sync' })
    try {
      await postgres.server.kill()
      writer.records.set('shape:rect1', rectangle(1, 'unsaved'))
      await waitFor(() => writer.closes.length > 0, { what: 'the writer to be refused' })
      expect(writer.closes[0]).toEqual({ code: CloseCode.STORAGE_UNAVAILABLE, reason: 'Your change was not saved: the server cannot reach its database right now. Reconnecting.' })
      // Nothing uncommitted reached the reader, and it stayed connected.
      expect(reader.shapeIds()).toEqual([])
      expect(reader.closes).toEqual([])
      const down = await readyz()
      expect(down.status).toBe(503)
      expect(down.body.storage).toEqual({ readable: false, writable: false })
      expect(down.body.problems).toContain('storage: the database cannot be read (the database server cannot be reached)')
      expect(down.body.problems).toContain('1 board(s) cannot save changes')
      // The HTTP API refuses new content alike: a 503 that says why, not a 500.
      const create = await fetch(`${server.origin}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      expect(create.status).toBe(503)
      expect(((await create.json()) as { message: string }).message).toBe('Nothing was saved: the server cannot reach its database. Try again later, or tell the person who runs the server.')
    } finally {
      await postgres.server.start()
    }
    // 4500 is not terminal: the writer's client reconnects and sends its change again, which now lands.
    await waitFor(() => reader.shapeIds().includes('shape:rect1'), { what: 'the change to land after Postgres is back', timeoutMs: 20_000 })
    expect((await server.server.storage.loadBoard(board.id))!.lastSeq).toBeGreaterThan(0)
    await waitFor(async () => (await readyz()).status === 200, { what: '/readyz to recover' })
  })
})
