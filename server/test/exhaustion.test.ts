import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray, type CreateBoardResponse } from '@whiteboard/shared'
import type { SnapshotInfo } from '../src/storage/Storage'
import { SqliteStorage } from '../src/storage/SqliteStorage'
import { ANSWER_BYTES_IN_FLIGHT } from '../src/http/AnswerBudget'
import { MAX_CONCURRENT_REQUESTS_PER_ADDRESS } from '../src/http/concurrentRequests'
import type { StartServerOptions } from '../src/startServer'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { spawnServer, type ChildServer } from './childServer'
import { createBoardVia, startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let server: TestServer | undefined
let sockets: Socket[] = []
let clients: SyncClient[] = []

afterEach(async () => {
  for (const s of sockets) s.destroy()
  sockets = []
  for (const c of clients) c.destroy()
  clients = []
  await server?.dispose()
  server = undefined
})

async function start(opts: { env?: Record<string, string>; options?: StartServerOptions } = {}): Promise<TestServer> {
  server = await startTestServer(opts)
  return server
}

/** A raw HTTP client: sends `head` (and `body`), and records what comes back until the server closes. */
function rawRequest(port: number, head: string, opts: { body?: Buffer; read?: boolean } = {}) {
  const socket = connect(port, '127.0.0.1')
  sockets.push(socket)
  let received = Buffer.alloc(0)
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])))
  socket.on('error', () => {})
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.write(head)
  if (opts.body) socket.write(opts.body)
  // A client that never reads: the kernel stops taking the answer once its buffers are full.
  if (opts.read === false) socket.pause()
  return { socket, closed, text: () => received.toString('latin1') }
}

/** Stores `state` as a snapshot of the board directly (bytes need not be a valid board for the Yjs download). */
async function storeSnapshot(s: TestServer, boardId: string, state: Uint8Array): Promise<SnapshotInfo> {
  return s.server.storage.putSnapshot(boardId, { label: 'big', author: 'test', kind: 'manual' }, state)
}

function snapshotRequest(board: CreateBoardResponse, snapshotId: string, format: 'yjs' | 'json', extra = ''): string {
  const query = format === 'yjs' ? '?format=yjs' : ''
  return `GET /api/boards/${board.id}/snapshots/${snapshotId}${query} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${board.tokens.facilitator}\r\n${extra}\r\n`
}

/** A board state of `count` rectangles whose labels make it about `count` KiB. */
function largeBoardState(count: number): Uint8Array {
  const doc = new Y.Doc()
  const kv = new YKeyValue(recordsArray(doc))
  const filler = 'x'.repeat(1000)
  doc.transact(() => {
    for (let i = 0; i < count; i++) {
      const id = `shape:big${i}`
      kv.set(id, { ...rectangle(i), id, meta: { note: `${i} ${filler}` } })
    }
  })
  return Y.encodeStateAsUpdate(doc)
}

async function syncsAnotherBoard(s: TestServer): Promise<void> {
  const other = await s.createBoard()
  const c = connectClient(s.syncUrl, other.id, other.tokens.participant)
  clients.push(c)
  await waitFor(() => c.provider.synced, { what: 'another board to sync' })
}

describe('HTTP timeouts', () => {
  it('answers a client that sends its headers too slowly (slowloris) with 408 and closes its socket', async () => {
    const s = await start({ options: { httpTimeouts: { headersMs: 300, requestMs: 600, checkIntervalMs: 50 } } })
    const slow = rawRequest(s.port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1')
    await slow.closed
    expect(slow.text()).toMatch(/^HTTP\/1\.1 408/)
  })

  it('answers a request whose body stops arriving with 408 and closes its socket', async () => {
    const s = await start({ options: { httpTimeouts: { headersMs: 300, requestMs: 600, checkIntervalMs: 50 } } })
    const board = await s.createBoard()
    const head = `POST /api/boards/${board.id}/assets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${board.tokens.participant}\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n`
    const stalled = rawRequest(s.port, head, { body: Buffer.alloc(100) })
    await stalled.closed
    expect(stalled.text()).toMatch(/^HTTP\/1\.1 408/)
  })

  it('destroys the socket of a download nobody reads and releases its memory; a download waiting behind it is not cut off', async () => {
    // Room for one such download at a time, so that the second waits.
    const s = await start({ options: { httpTimeouts: { socketIdleMs: 300 }, answerBudget: { totalBytes: 32 * 1024 * 1024 } } })
    const board = await s.createBoard()
    const state = randomBytes(24 * 1024 * 1024)
    const info = await storeSnapshot(s, board.id, state)
    const budget = s.server.answers.budget
    rawRequest(s.port, snapshotRequest(board, info.id, 'yjs'), { read: false })
    await waitFor(() => budget.bytesInFlight > 0, { what: 'the download to start' })
    // An honest download from the same address waits for the first one's memory, silently, longer than the idle timeout.
    const honest = fetch(`${s.origin}/api/boards/${board.id}/snapshots/${info.id}?format=yjs`, { headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
    await waitFor(() => budget.waitingCount === 1, { what: 'the honest download to wait' })
    // Nobody closes the stuck socket but the server (the paused client would not even notice).
    const res = await honest
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).equals(state)).toBe(true)
    await waitFor(() => budget.bytesInFlight === 0, { what: 'the server to release every reservation' })
    const openSockets = () => new Promise<number>((resolve) => s.server.httpServer.getConnections((_err, count) => resolve(count)))
    await waitFor(async () => (await openSockets()) === 0, { what: 'the socket to be closed' })
  })
})

describe('per-address concurrent requests', () => {
  it(`refuses the request past ${MAX_CONCURRENT_REQUESTS_PER_ADDRESS} in progress from one address behind the proxy with 503 and Retry-After; others are served`, async () => {
    const s = await start({ env: { TRUST_PROXY: 'true' } })
    const board = await s.createBoard()
    const flooder = '198.51.100.7'
    // Uploads whose bodies never finish: each stays in progress until the socket goes.
    const head = (address: string) =>
      `POST /api/boards/${board.id}/assets HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: ${address}\r\nAuthorization: Bearer ${board.tokens.participant}\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n`
    const from = (address: string) => fetch(`${s.origin}/api/time`, { headers: { 'x-forwarded-for': address } })
    // Finished requests stop counting: more than the limit one after another are all served.
    for (let i = 0; i < MAX_CONCURRENT_REQUESTS_PER_ADDRESS + 10; i++) expect((await from(flooder)).status).toBe(200)

    const flood = Array.from({ length: MAX_CONCURRENT_REQUESTS_PER_ADDRESS }, () => rawRequest(s.port, head(flooder), { body: Buffer.alloc(10) }))

    const refused = await waitFor(async () => {
      const res = await from(flooder)
      return res.status === 503 ? res : null
    }, { what: 'the flooding address to be refused' })
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.json()).toMatchObject({ error: 'too_many_requests_in_progress', message: expect.stringMatching(/Too many requests/) })

    expect((await from('198.51.100.8')).status).toBe(200)
    expect((await fetch(`${s.origin}/healthz`, { headers: { 'x-forwarded-for': flooder } })).status).toBe(200)

    for (const f of flood) f.socket.destroy()
    await waitFor(async () => (await from(flooder)).status === 200, { what: 'the address to be served again once its requests ended' })
  })
})

describe('large answers', () => {
  it('holds one snapshot in memory for 40 clients that ask for a 24 MiB download and never read, and serves /healthz and other boards meanwhile', async () => {
    const s = await start()
    const board = await s.createBoard()
    const state = randomBytes(24 * 1024 * 1024)
    const info = await storeSnapshot(s, board.id, state)
    const budget = s.server.answers.budget
    const rssBefore = process.memoryUsage().rss

    const stuck = Array.from({ length: 40 }, () => rawRequest(s.port, snapshotRequest(board, info.id, 'yjs'), { read: false }))
    // As many go out as the budget holds (two of 24 MiB in 64 MiB); the others wait their turn.
    const fitting = Math.floor(budget.limits.totalBytes / info.byteLength)
    await waitFor(() => budget.waitingCount === 40 - fitting, { what: 'the other downloads to wait' })
    expect(budget.bytesInFlight).toBe(fitting * info.byteLength)
    expect(budget.peakBytesInFlight).toBeLessThanOrEqual(budget.limits.totalBytes)
    // Buffered whole, the repro took the server from 187 MB to 1.23 GB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024)

    expect((await fetch(`${s.origin}/healthz`)).status).toBe(200)
    await syncsAnotherBoard(s)
    expect(budget.waitingCount).toBe(40 - fitting)

    for (const c of stuck) c.socket.destroy()
    await waitFor(() => budget.bytesInFlight === 0 && budget.waitingCount === 0, { what: 'every reservation to be released' })

    // An honest download afterwards gets every byte.
    const res = await fetch(`${s.origin}/api/boards/${board.id}/snapshots/${info.id}?format=yjs`, { headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).equals(state)).toBe(true)
  })

  it('converts snapshots to JSON off the event loop: /healthz and another board sync while six large JSON downloads are in progress', async () => {
    const s = await start()
    const board = await s.createBoard()
    const shapes = 12_000
    const info = await storeSnapshot(s, board.id, largeBoardState(shapes))
    const budget = s.server.answers.budget

    const downloads = Array.from({ length: 6 }, () => rawRequest(s.port, snapshotRequest(board, info.id, 'json'), { read: false }))
    await waitFor(() => budget.bytesInFlight > 0, { what: 'the downloads to start' })
    expect((await fetch(`${s.origin}/healthz`)).status).toBe(200)
    await syncsAnotherBoard(s)
    // Still in progress: none of those clients reads, and the answers are larger than the socket buffers.
    expect(budget.bytesInFlight + budget.waitingCount).toBeGreaterThan(0)

    for (const d of downloads) d.socket.destroy()
    await waitFor(() => budget.bytesInFlight === 0 && budget.waitingCount === 0, { what: 'every reservation to be released' })

    const res = await fetch(`${s.origin}/api/boards/${board.id}/snapshots/${info.id}`, { headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { snapshot: { id: string }; records: unknown[] }
    expect(body.snapshot.id).toBe(info.id)
    expect(body.records).toHaveLength(shapes)
  })

  it('answers 500 with a reason for a snapshot whose state cannot be read', async () => {
    const s = await start()
    const board = await s.createBoard()
    const info = await storeSnapshot(s, board.id, new Uint8Array([255, 255, 255, 255, 1, 2, 3]))
    const res = await fetch(`${s.origin}/api/boards/${board.id}/snapshots/${info.id}`, { headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
    expect(res.status).toBe(500)
    expect(await res.json()).toMatchObject({ error: 'snapshot_damaged' })
    expect(s.server.answers.budget.bytesInFlight).toBe(0)
  })
})

describe('the server process under the repro of the unread downloads', () => {
  let child: ChildServer | undefined
  let dataDir: string | undefined

  afterEach(async () => {
    await child?.kill('SIGTERM')
    child = undefined
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    dataDir = undefined
  })

  it('keeps its RSS far below the repro (187 MB → 1.23 GB) with 40 unread 24 MiB downloads, answers /healthz, and shows event-loop lag on /metrics', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-exhaustion-'))
    child = await spawnServer({ DATA_DIR: dataDir })
    const board = await createBoardVia(child.origin)
    await child.kill('SIGTERM')
    // The snapshot goes straight into the stopped server's file: 24 MiB over sync would take long.
    const storage = new SqliteStorage({ dataDir })
    const info = await storage.putSnapshot(board.id, { label: 'big', author: 'test', kind: 'manual' }, randomBytes(24 * 1024 * 1024))
    await storage.close()
    child = await spawnServer({ DATA_DIR: dataDir })
    const origin = child.origin

    const metric = async (name: string): Promise<number> => {
      const text = await (await fetch(`${origin}/metrics`)).text()
      const line = text.split('\n').find((l) => l.startsWith(`${name} `))
      if (!line) throw new Error(`${name} is not on /metrics`)
      return Number(line.split(' ')[1])
    }
    expect(await metric('whiteboard_nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0)
    const rssBefore = await metric('whiteboard_process_resident_memory_bytes')

    for (let i = 0; i < 40; i++) rawRequest(child.port, snapshotRequest(board, info.id, 'yjs'), { read: false })
    const fitting = Math.floor(ANSWER_BYTES_IN_FLIGHT / info.byteLength)
    await waitFor(async () => (await metric('whiteboard_answers_waiting')) === 40 - fitting, { what: 'the other downloads to wait' })
    expect(await metric('whiteboard_answer_bytes_in_flight')).toBe(fitting * info.byteLength)
    expect((await fetch(`${origin}/healthz`)).status).toBe(200)
    const rssDuring = await metric('whiteboard_process_resident_memory_bytes')
    expect(rssDuring - rssBefore).toBeLessThan(300 * 1024 * 1024)

    for (const s of sockets) s.destroy()
    await waitFor(async () => (await metric('whiteboard_answer_bytes_in_flight')) === 0, { what: 'every reservation to be released' })
  })
})
