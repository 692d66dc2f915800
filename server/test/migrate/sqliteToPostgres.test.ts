import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { UploadAssetResponse } from '@whiteboard/shared/api/assetsApi'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import type { SnapshotSummary } from '@whiteboard/shared/api/historyApi'
import { PostgresStorage } from '../../src/storage/PostgresStorage'
import { SqliteStorage } from '../../src/storage/SqliteStorage'
import type { Storage } from '../../src/storage/Storage'
import { privateSyncRoom } from '@whiteboard/shared'
import { noteRecord } from '@whiteboard/shared/test/noteRecord'
import { docOfState } from '../../src/migrate/docOfState'
import { freePort } from '../freePort'
import { postgresPerFile } from '../postgres/postgresPerFile'
import { rectangle } from '../records'
import { entryKeys, storedDoc } from '../storedDoc'
import { connectClient, type ConnectOptions, type SyncClient } from '../syncClient'
import { startTestServer, type TestServer } from '../testServer'
import { startRedis, type TestRedis } from '../redis/startRedis'
import { issueVoterVia } from '../voters'
import { waitFor } from '../waitFor'

const repoRoot = resolve(import.meta.dirname, '../../..')
const postgres = postgresPerFile()

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** `npm run migrate -- <args>` from source (the built command runs the same code). */
function migrate(args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/migrate/main.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('close', (code) => done({ code, stdout, stderr }))
  })
}

const png = (seed: number) => {
  const bytes = new Uint8Array(4096)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  for (let i = 16; i < bytes.length; i++) bytes[i] = (i * seed) % 251
  return bytes
}

/** Row counts of every table the migration writes, and each board's last sequence number. */
async function tableCounts(databaseUrl: string): Promise<Record<string, number | string>> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const counts: Record<string, number | string> = {}
    for (const table of ['boards', 'updates', 'snapshots', 'assets', 'private_docs', 'private_updates', 'gatherings', 'gathering_teams', 'team_templates']) {
      counts[table] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)
    }
    counts.lastSeqs = (await client.query<{ s: string }>("SELECT string_agg(id || ':' || last_seq, ',' ORDER BY id) AS s FROM boards")).rows[0]!.s
    return counts
  } finally {
    await client.end()
  }
}

/** Everything a board holds, through the Storage interface, with history and images as bytes. */
async function boardContent(storage: Storage, boardId: string) {
  const meta = await storage.getBoardMeta(boardId)
  const snapshots = await storage.listSnapshots(boardId)
  return {
    meta,
    keys: entryKeys(await storedDoc(storage, boardId)),
    snapshots: await Promise.all(snapshots.map(async (s) => ({ ...s, data: Buffer.from((await storage.getSnapshot(boardId, s.id))!.data).toString('base64') }))),
    assets: await Promise.all((await storage.listAssets(boardId)).map(async (a) => ({ id: a.id, asset: await storage.getAsset(boardId, a.id) }))),
  }
}

describe('npm run migrate: SQLite to Postgres', () => {
  const servers: TestServer[] = []
  const clients: SyncClient[] = []
  const dirs: string[] = []
  const redises: TestRedis[] = []
  const client = (server: TestServer, boardId: string, token: string, opts: ConnectOptions = {}) => {
    const c = connectClient(server.syncUrl, boardId, token, opts)
    clients.push(c)
    return c
  }
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.dispose()
    for (const r of redises.splice(0)) await r.stop()
  })
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('copies boards, history, images, private items, gatherings and team templates identically, changes nothing when run again, old links work on Postgres with the old secret, and a later merge reaches an open board', async () => {
    // A single server on SQLite, used as people use it; compaction every few commits gives boards a snapshot and a log.
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-migrate-'))
    dirs.push(dataDir)
    let single = await startTestServer({ dataDir, env: { COMPACT_AFTER_UPDATES: '3' } })
    servers.push(single)
    const board = await single.createBoard({ title: 'Tjenestereise' })
    const writer = client(single, board.id, board.tokens.facilitator)
    await waitFor(() => writer.provider.synced, { what: 'sync' })
    for (let n = 1; n <= 5; n++) writer.records.set(`shape:rect${n}`, rectangle(n, `lapp ${n}`))
    writer.records.delete('shape:rect2')
    await waitFor(async () => entryKeys(await storedDoc(single.server.storage, board.id)).filter((k) => k.startsWith('shape:')).length === 4, { what: 'the edits to be stored' })
    const api = (path: string, init: { method?: string; token: string; body?: unknown; raw?: Uint8Array; type?: string }) =>
      fetch(`${single.origin}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${init.token}`, ...(init.body !== undefined || init.raw ? { 'content-type': init.type ?? 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : init.raw ? { body: init.raw } : {}),
      })
    const taken = (await (await api(`/api/boards/${board.id}/snapshots`, { method: 'POST', token: board.tokens.facilitator, body: { name: 'Før pause', author: 'Kari' } })).json()) as SnapshotSummary
    expect(taken.id).toBeTruthy()
    const image = (await (await api(`/api/boards/${board.id}/assets`, { method: 'POST', token: board.tokens.participant, raw: png(7), type: 'image/png' })).json()) as UploadAssetResponse
    const gatheringRes = await fetch(`${single.origin}/api/gatherings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Regional samling', date: '2026-12-04', teams: [{ name: 'Bø' }, { name: 'Sauherad' }] }),
    })
    expect(gatheringRes.status).toBe(201)
    const gathering = (await gatheringRes.json()) as GatheringResponse
    const team = gathering.boards[1]!
    const teamWriter = client(single, team.id, team.tokens.participant)
    await waitFor(() => teamWriter.provider.synced, { what: 'sync of the team board' })
    teamWriter.records.set('shape:rect9', rectangle(9, 'lag'))
    await waitFor(async () => entryKeys(await storedDoc(single.server.storage, team.id)).includes('shape:rect9'), { what: 'the team edit to be stored' })
    // A participant's private-mode note, in the doc their voter id keys.
    const voter = await issueVoterVia(single.origin, board.id, board.tokens.participant)
    const ownTab = client(single, privateSyncRoom(board.id), board.tokens.participant, { voterToken: voter.voterToken })
    await waitFor(() => ownTab.provider.synced, { what: 'sync of the private doc' })
    ownTab.records.set('shape:mine', noteRecord({ id: 'shape:mine', cx: 300, cy: 400, text: 'Bare min' }))
    const privateKeys = async (storage: Storage) => entryKeys(docOfState((await storage.loadPrivateDoc(board.id, voter.voterId))!))
    await waitFor(async () => (await privateKeys(single.server.storage)).includes('shape:mine'), { what: 'the private note to be stored' })
    for (const c of clients.splice(0)) c.destroy()
    await single.stop()
    servers.splice(0)
    // A team template, as the route stores one it has judged (its content storage never reads).
    const saved = new SqliteStorage({ dataDir })
    await saved.createTeamTemplate({ id: 'tt-reise', name: 'Vår reise', description: 'Fra samlinga i fjor', content: '{"records":[]}', createdAt: 1_700_000_000_000 }, 100)
    await saved.close()

    const databaseUrl = await postgres.newDatabase()
    const first = await migrate(['--from', `sqlite:${dataDir}`, '--to', databaseUrl])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('Boards: 3 copied, 0 already in Postgres, 0 given changes')
    expect(first.stdout).toContain('History snapshots: 1 copied, 0 already in Postgres.')
    expect(first.stdout).toContain('Images: 1 copied, 0 already in Postgres.')
    expect(first.stdout).toContain("Private-mode items: 1 people's copied or added to, 0 already in Postgres.")
    expect(first.stdout).toContain('Gatherings: 1 copied, 0 already in Postgres; 2 teams added.')
    expect(first.stdout).toContain('Team templates: 1 copied, 0 already in Postgres.')
    expect(first.stdout).toContain("Verified: Postgres holds all 3 boards (3 with identical content), 1 history snapshots, 1 images (same SHA-256), 1 people's private items and 1 gatherings with 2 teams")
    const secretFile = join(dataDir, 'secret')
    expect(first.stdout).toContain(`Set BOARD_SECRET on every node to its contents (for example BOARD_SECRET="$(cat ${secretFile})")`)
    // The secret itself is never printed.
    const secret = readFileSync(secretFile, 'utf8').trim()
    expect(first.stdout).not.toContain(secret)

    // Identical through the Storage interface the servers use: meta, content, history, images, gatherings.
    const sqlite = new SqliteStorage({ dataDir })
    const postgresStorage = await PostgresStorage.open({ connectionString: databaseUrl })
    try {
      for (const id of [board.id, ...gathering.boards.map((b) => b.id)]) {
        expect(await boardContent(postgresStorage, id)).toEqual(await boardContent(sqlite, id))
      }
      // Snapshot and log as they were, sequence numbers included.
      const [fromSqlite, fromPostgres] = [await sqlite.loadBoard(board.id), await postgresStorage.loadBoard(board.id)]
      expect(fromSqlite!.snapshotSeq).toBeGreaterThan(0)
      expect(fromPostgres).toEqual(fromSqlite)
      expect(await postgresStorage.getGathering(gathering.id)).toEqual(await sqlite.getGathering(gathering.id))
      expect(await postgresStorage.getTeamTemplate('tt-reise')).toEqual(await sqlite.getTeamTemplate('tt-reise'))
      expect(await postgresStorage.listPrivateDocs(board.id)).toEqual([voter.voterId])
      expect(await privateKeys(postgresStorage)).toEqual(['shape:mine'])
      // Board retention counts from the last use, which comes along; so do the last change, sizes and gatherings in the listing.
      expect(await postgresStorage.listBoards()).toEqual(await sqlite.listBoards())
    } finally {
      await Promise.all([sqlite.close(), postgresStorage.close()])
    }

    // Run again: nothing is added or changed.
    const before = await tableCounts(databaseUrl)
    const second = await migrate(['--from', `sqlite:${dataDir}`, '--to', databaseUrl])
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('Boards: 0 copied, 3 already in Postgres, 0 given changes')
    expect(second.stdout).toContain('History snapshots: 0 copied, 1 already in Postgres.')
    expect(second.stdout).toContain('Gatherings: 0 copied, 1 already in Postgres; 0 teams added.')
    expect(second.stdout).toContain('Team templates: 0 copied, 1 already in Postgres.')
    expect(second.stdout).toContain("Private-mode items: 0 people's copied or added to, 1 already in Postgres.")
    expect(second.stdout).toContain('Verified: Postgres holds all 3 boards (3 with identical content)')
    expect(await tableCounts(databaseUrl)).toEqual(before)

    // A server on Postgres with the single server's secret takes the links made before the migration.
    const cluster = await startTestServer({ env: { DATABASE_URL: databaseUrl, BOARD_SECRET: secret } })
    servers.push(cluster)
    const info = await fetch(`${cluster.origin}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
    expect(info.status).toBe(200)
    expect(((await info.json()) as { title: string }).title).toBe('Tjenestereise')
    const picture = await fetch(`${cluster.origin}${image.src}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
    expect(picture.status).toBe(200)
    expect(new Uint8Array(await picture.arrayBuffer())).toEqual(png(7))
    const history = await fetch(`${cluster.origin}/api/boards/${board.id}/snapshots`, { headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
    expect(((await history.json()) as { snapshots: SnapshotSummary[] }).snapshots.map((s) => [s.id, s.name, s.author])).toEqual([[taken.id, 'Før pause', 'Kari']])
    const overview = await fetch(`${cluster.origin}/api/gatherings/${gathering.id}`, { headers: { authorization: `Bearer ${gathering.facilitatorToken}` } })
    expect(overview.status).toBe(200)
    expect(((await overview.json()) as GatheringResponse).boards.map((b) => b.name)).toEqual(['Bø', 'Sauherad'])
    const reader = client(cluster, board.id, board.tokens.participant)
    const teamReader = client(cluster, team.id, team.tokens.viewer)
    const ownTabThere = client(cluster, privateSyncRoom(board.id), board.tokens.participant, { voterToken: voter.voterToken })
    await waitFor(() => reader.provider.synced && teamReader.provider.synced && ownTabThere.provider.synced, { what: 'sync on Postgres with the old tokens' })
    expect(ownTabThere.shapeIds()).toEqual(['shape:mine'])
    expect(reader.shapeIds()).toEqual(['shape:rect1', 'shape:rect3', 'shape:rect4', 'shape:rect5'])
    expect(teamReader.shapeIds()).toEqual(['shape:rect9'])
    expect(reader.closes).toEqual([])
    for (const c of clients.splice(0)) c.destroy()
    await cluster.stop()
    servers.splice(0)

    // The single server ran on after the migration: a later run adds what it took, once, and keeps what the cluster made.
    single = await startTestServer({ dataDir })
    servers.push(single)
    const late = client(single, board.id, board.tokens.participant)
    await waitFor(() => late.provider.synced, { what: 'sync on the single server again' })
    late.records.set('shape:rect6', rectangle(6, 'etterpå'))
    await waitFor(async () => entryKeys(await storedDoc(single.server.storage, board.id)).includes('shape:rect6'), { what: 'the late edit to be stored' })
    for (const c of clients.splice(0)) c.destroy()
    await single.stop()
    servers.splice(0)
    // Meanwhile a cluster node (Postgres and Redis) holds the board open: the merge reaches its people without a reload.
    const redis = await startRedis()
    redises.push(redis)
    const node = await startTestServer({ env: { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, BOARD_SECRET: secret } })
    servers.push(node)
    const watcher = client(node, board.id, board.tokens.viewer)
    await waitFor(() => watcher.provider.synced, { what: 'sync on the cluster node' })
    expect(watcher.shapeIds()).not.toContain('shape:rect6')
    const third = await migrate(['--from', `sqlite:${dataDir}`, '--to', databaseUrl])
    expect(third.code).toBe(0)
    expect(third.stdout).toContain('Boards: 0 copied, 2 already in Postgres, 1 given changes made on the single server since an earlier run.')
    expect(third.stdout).toContain('Verified: Postgres holds all 3 boards (3 with identical content)')
    await waitFor(() => watcher.shapeIds().includes('shape:rect6'), { what: 'the merged change on the open board', timeoutMs: 20_000 })
    const merged = await PostgresStorage.open({ connectionString: databaseUrl })
    try {
      expect(entryKeys(await storedDoc(merged, board.id)).filter((k) => k.startsWith('shape:'))).toEqual(['shape:rect1', 'shape:rect3', 'shape:rect4', 'shape:rect5', 'shape:rect6'])
    } finally {
      await merged.close()
    }
    const afterMerge = await tableCounts(databaseUrl)
    const fourth = await migrate(['--from', `sqlite:${dataDir}`, '--to', databaseUrl])
    expect(fourth.stdout).toContain('Boards: 0 copied, 3 already in Postgres, 0 given changes')
    expect(await tableCounts(databaseUrl)).toEqual(afterMerge)

    // The verification reads what is there: an image whose bytes changed in Postgres fails the run.
    const tamper = new pg.Client({ connectionString: databaseUrl })
    await tamper.connect()
    await tamper.query("UPDATE assets SET data = '\\x00'::bytea")
    await tamper.end()
    const tampered = await migrate(['--from', `sqlite:${dataDir}`, '--to', databaseUrl])
    expect(tampered.code).toBe(1)
    expect(tampered.stdout).toContain(`Verification FAILED: 1 problems.\n  - board ${board.id}: image ${image.src.split('/').at(-1)} differs in Postgres`)
  }, 120_000)

  it('refuses a missing folder and an unreachable or missing database with one sentence each, never a stack trace', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-migrate-'))
    dirs.push(dataDir)
    const single = await startTestServer({ dataDir })
    await single.stop()
    const port = await freePort()
    // A Postgres that is not there (a free port), and one without the database.
    const [missingDir, down, noDatabase] = await Promise.all([
      migrate(['--from', 'sqlite:/nonexistent/data', '--to', await postgres.newDatabase()]),
      migrate(['--from', `sqlite:${dataDir}`, '--to', `postgres://someone:hemmelig@127.0.0.1:${port}/verkstedtavla`]),
      migrate(['--from', `sqlite:${dataDir}`, '--to', postgres.server.url('finnes_ikke')]),
    ])
    expect(missingDir.stderr.trim()).toBe("The folder /nonexistent/data does not exist: --from must name the single server's DATA_DIR.")
    expect(down.stderr.trim()).toBe(
      `Postgres at 127.0.0.1:${port} could not be reached (postgres://someone:***@127.0.0.1:${port}/verkstedtavla): is it running, and does it accept connections from here?`,
    )
    expect(noDatabase.stderr.trim()).toBe(
      `The database "finnes_ikke" does not exist on Postgres at 127.0.0.1:${postgres.server.port}: create it first (createdb finnes_ikke), then run the migration again.`,
    )
    for (const run of [missingDir, down, noDatabase]) {
      expect(run.code).toBe(1)
      expect(run.stdout).not.toContain('Verified')
      expect(run.stderr).not.toMatch(/\n\s+at /)
      expect(run.stderr).not.toContain('hemmelig')
    }
  }, 60_000)
})
