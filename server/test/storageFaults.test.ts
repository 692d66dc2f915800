import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@whiteboard/shared'
import { MemoryStorage } from '../src/storage/MemoryStorage'
import { SQLITE_FILE_NAME } from '../src/storage/SqliteStorage'
import type { StoredBoardState } from '../src/storage/Storage'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

/** An error as better-sqlite3 reports SQLite's "database or disk is full". */
class SqliteFullError extends Error {
  readonly code = 'SQLITE_FULL'
  constructor() {
    super('database or disk is full')
  }
}

/** Memory storage with switches: boards whose writes fail as on a full disk, and loads held until released. */
class FaultyStorage extends MemoryStorage {
  readonly fullBoards = new Set<string>()
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
    if (this.fullBoards.has(boardId)) throw new SqliteFullError()
    return super.appendUpdates(boardId, updates)
  }
}

interface Readyz {
  status: string
  problems: string[]
  storage: { readable: boolean; writable: boolean }
  saveFailures: { count: number; boards: { boardId: string; problem: string }[] }
  damagedBoards: { count: number; boards: { boardId: string; problem: string }[] }
}

let server: TestServer | undefined
const clients: SyncClient[] = []
const dirs: string[] = []
const immutableFiles: string[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const file of immutableFiles.splice(0)) makeWritable(file)
  await server?.dispose()
  server = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function client(boardId: string, token: string): SyncClient {
  const c = connectClient(server!.syncUrl, boardId, token)
  clients.push(c)
  return c
}

async function readyz(): Promise<{ status: number; body: Readyz }> {
  const res = await fetch(`${server!.origin}/readyz`)
  return { status: res.status, body: (await res.json()) as Readyz }
}

/**
 * Makes a file truly read-only for this process: `chmod` is enough for an ordinary user, but
 * root writes through permission bits, so as root the file is also marked immutable (chattr).
 * False when that is not possible here.
 */
function makeReadOnly(file: string): boolean {
  chmodSync(file, 0o444)
  if (process.getuid?.() !== 0) return true
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' })
    immutableFiles.push(file)
    return true
  } catch {
    return false
  }
}

function makeWritable(file: string): void {
  try {
    execFileSync('chattr', ['-i', file], { stdio: 'ignore' })
  } catch {
    // not immutable
  }
  chmodSync(file, 0o644)
}

const canMakeReadOnly = (() => {
  if (process.getuid?.() !== 0) return true
  const dir = mkdtempSync(join(tmpdir(), 'wb-chattr-'))
  const probe = join(dir, 'probe')
  writeFileSync(probe, 'x')
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' })
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' })
    return true
  } catch {
    return false
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})()

describe('storage faults and load order', () => {
  it('answers no sync step before the board is completely loaded', async () => {
    const storage = new FaultyStorage()
    server = await startTestServer({ options: { storage } })
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
    server = await startTestServer({ options: { storage } })
    const board = await server.createBoard()
    storage.holdLoads()
    const joiners = [0, 1, 2, 3].map(() => client(board.id, board.tokens.participant))
    await waitFor(() => joiners.every((c) => c.provider.wsconnected), { what: 'connections' })
    storage.releaseLoads()
    await waitFor(() => joiners.every((c) => c.provider.synced), { what: 'sync' })
    expect(storage.loadsStarted).toBe(1)
  })

  it('a board on a full disk refuses its writers with the reason, keeps its readers, and leaves other boards working; /readyz reports it', async () => {
    const storage = new FaultyStorage()
    server = await startTestServer({ options: { storage } })
    const full = await server.createBoard({ title: 'Full' })
    const other = await server.createBoard({ title: 'Other' })
    const writer = client(full.id, full.tokens.participant)
    const reader = client(full.id, full.tokens.viewer)
    const b1 = client(other.id, other.tokens.participant)
    const b2 = client(other.id, other.tokens.participant)
    await waitFor(() => [writer, reader, b1, b2].every((c) => c.provider.synced), { what: 'sync' })
    expect((await readyz()).status).toBe(200)

    storage.fullBoards.add(full.id)
    writer.records.set('shape:rect1', rectangle(1))
    await waitFor(() => writer.closes.length > 0, { what: 'the writer to be refused' })
    const reason = "Your change was not saved: the server's disk is full. Tell the person who runs the server."
    expect(writer.closes[0]).toEqual({ code: CloseCode.STORAGE_UNAVAILABLE, reason })
    expect(writer.denials[0]).toBe(reason)

    // The other board keeps working while this one cannot save.
    b1.records.set('shape:rect2', rectangle(2))
    await waitFor(() => b2.shapeIds().includes('shape:rect2'), { what: 'the other board to work' })
    // Nothing unsaved reached the reader, and it was never disconnected.
    expect(reader.shapeIds()).toEqual([])
    expect(reader.closes).toEqual([])
    expect((await storage.loadBoard(full.id))!.lastSeq).toBe(0)

    const down = await readyz()
    expect(down.status).toBe(503)
    expect(down.body.problems).toEqual(['1 board(s) cannot save changes'])
    expect(down.body.saveFailures.boards).toEqual([{ boardId: full.id, problem: 'disk full', since: expect.any(Number) }])
    const metrics = await (await fetch(`${server.origin}/metrics`)).text()
    expect(metrics).toMatch(/whiteboard_refusals_total\{reason="storage_unavailable"\} [1-9]/)
    expect(metrics).toMatch(/whiteboard_boards_failing_to_save 1/)

    // 4500 is not terminal: once the disk has room, the writer's reconnect delivers its change.
    storage.fullBoards.delete(full.id)
    await waitFor(() => reader.shapeIds().includes('shape:rect1'), { what: 'recovery' })
    expect((await storage.loadBoard(full.id))!.lastSeq).toBeGreaterThan(0)
    await waitFor(async () => (await readyz()).status === 200, { what: '/readyz to recover' })
  })

  it.skipIf(!canMakeReadOnly)('serves a read-only database file for reading, refuses writes with the reason, and /readyz says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-readonly-'))
    dirs.push(dataDir)
    server = await startTestServer({ dataDir })
    const board = await server.createBoard({ title: 'Read-only' })
    const a = client(board.id, board.tokens.participant)
    await waitFor(() => a.provider.synced, { what: 'sync' })
    a.records.set('shape:rect1', rectangle(1, 'kept'))
    await waitFor(async () => ((await server!.server.storage.loadBoard(board.id))?.lastSeq ?? 0) > 0, { what: 'the write to be stored' })
    a.destroy()
    await server.stop()
    expect(makeReadOnly(join(dataDir, SQLITE_FILE_NAME))).toBe(true)

    server = await startTestServer({ dataDir })
    const status = await readyz()
    expect(status.status).toBe(503)
    expect(status.body.storage).toEqual({ readable: true, writable: false })
    expect(status.body.problems).toEqual(['storage: the database cannot be written (read-only)'])

    const viewer = client(board.id, board.tokens.viewer)
    const writer = client(board.id, board.tokens.participant)
    await waitFor(() => viewer.provider.synced && writer.provider.synced, { what: 'sync from a read-only file' })
    expect(viewer.shapeIds()).toEqual(['shape:rect1'])
    writer.records.set('shape:rect2', rectangle(2))
    await waitFor(() => writer.closes.length > 0, { what: 'the writer to be refused' })
    expect(writer.closes[0]).toEqual({ code: CloseCode.STORAGE_UNAVAILABLE, reason: "Your change was not saved: the server's storage is read-only. Tell the person who runs the server." })
    expect(viewer.shapeIds()).toEqual(['shape:rect1'])
    expect(viewer.closes).toEqual([])

    const create = await fetch(`${server.origin}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(create.status).toBe(503)
    expect(((await create.json()) as { message: string }).message).toMatch(/read-only/)
  })

  it('reports a board with a corrupt stored row as damaged, by id, while every other board serves', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-corrupt-'))
    dirs.push(dataDir)
    server = await startTestServer({ dataDir })
    const damaged = await server.createBoard({ title: 'Damaged' })
    const healthy = await server.createBoard({ title: 'Healthy' })
    const badMeta = await server.createBoard({ title: 'Bad meta' })
    const h = client(healthy.id, healthy.tokens.participant)
    await waitFor(() => h.provider.synced, { what: 'sync' })
    h.records.set('shape:rect1', rectangle(1))
    await waitFor(async () => ((await server!.server.storage.loadBoard(healthy.id))?.lastSeq ?? 0) > 0, { what: 'the write to be stored' })
    h.destroy()
    await server.stop()

    // Damage two rows the way a bad disk sector or a careless hand would.
    const db = new Database(join(dataDir, SQLITE_FILE_NAME))
    const row = db.prepare<[string], { snapshot: Buffer }>('SELECT snapshot FROM board_snapshots WHERE board_id = ?').get(damaged.id)!
    db.prepare('UPDATE board_snapshots SET snapshot = ? WHERE board_id = ?').run(row.snapshot.subarray(0, Math.floor(row.snapshot.length / 2)), damaged.id)
    db.prepare('UPDATE boards SET templates = ? WHERE id = ?').run('{not json', badMeta.id)
    db.close()

    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean))
        done()
      },
    })
    server = await startTestServer({ dataDir, options: { logger: pino({ level: 'info' }, sink) } })
    const victim = client(damaged.id, damaged.tokens.participant)
    const fine = client(healthy.id, healthy.tokens.viewer)
    await waitFor(() => victim.closes.length > 0 && fine.provider.synced, { what: 'the damaged board to be refused and the other to sync' })
    expect(victim.closes[0]).toEqual({ code: CloseCode.BOARD_DAMAGED, reason: 'The stored board is damaged and cannot be opened' })
    expect(fine.shapeIds()).toEqual(['shape:rect1'])

    const status = await readyz()
    expect(status.status).toBe(200)
    expect(status.body.damagedBoards.boards).toEqual([{ boardId: damaged.id, problem: 'the snapshot cannot be read', since: expect.any(Number) }])
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; boardId?: string }).find((e) => e.msg === 'the board snapshot is damaged')
    expect(logged?.boardId).toBe(damaged.id)

    const info = await fetch(`${server.origin}/api/boards/${badMeta.id}?token=${encodeURIComponent(badMeta.tokens.viewer)}`)
    expect(info.status).toBe(500)
    expect(((await info.json()) as { error: string }).error).toBe('board_damaged')
    const ok = await fetch(`${server.origin}/api/boards/${healthy.id}?token=${encodeURIComponent(healthy.tokens.viewer)}`)
    expect(ok.status).toBe(200)
  })
})
