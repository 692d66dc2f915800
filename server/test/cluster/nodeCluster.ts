import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type * as Y from 'yjs'
import { recordsArray } from '@whiteboard/shared'
import { spawnServer, type ChildServer } from '../childServer'
import { startPostgres, type TestPostgres } from '../postgres/startPostgres'
import { startRedis, type TestRedis } from '../redis/startRedis'
import { connectClient, type ConnectOptions, type SyncClient } from '../syncClient'

/** The secret every node shares, so a link made on one node opens the board on any. */
const SHARED_SECRET = 'cluster-test-secret-0123456789abcdef'

export interface NodeCluster {
  readonly postgres: TestPostgres
  readonly redis: TestRedis
  /** This test's database (set by `start`). */
  readonly databaseUrl: string
  /** Starts `count` nodes on a new database; returns them (also in `nodes`). */
  start(count: number, env?: Record<string, string>): Promise<ChildServer[]>
  /** The nodes started in this test, in order; a replaced node takes its place. */
  readonly nodes: ChildServer[]
  /** Starts one more node on this test's database (a restarted node is a new one). */
  addNode(env?: Record<string, string>): Promise<ChildServer>
  /** A stock y-websocket client on `node`, destroyed after the test. */
  client(node: ChildServer, boardId: string, token: string, opts?: ConnectOptions): SyncClient
  /** Intervals cleared after the test. */
  every(ms: number, run: () => void): NodeJS.Timeout
  stopTimers(): void
}

/**
 * Real Postgres and real Redis for the calling test file, and node processes (server/src/main.ts,
 * as `npm start` runs it) in multi-node mode on them, each with a database of its own test.
 * Everything a test started is stopped by PID after it.
 */
export function nodeClusterPerFile(): NodeCluster {
  let postgres: TestPostgres | undefined
  let redis: TestRedis | undefined
  let databases = 0
  let databaseUrl = ''
  let baseEnv: Record<string, string> = {}
  const nodes: ChildServer[] = []
  const all: ChildServer[] = []
  const clients: SyncClient[] = []
  const timers: NodeJS.Timeout[] = []
  const dirs: string[] = []

  beforeAll(async () => {
    ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
  }, 60_000)
  afterAll(async () => {
    await Promise.allSettled([postgres?.dispose(), redis?.stop()])
  })
  afterEach(async () => {
    for (const t of timers.splice(0)) clearInterval(t)
    for (const c of clients.splice(0)) c.destroy()
    for (const node of all.splice(0)) {
      // A paused node must run again to take its signal.
      if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGCONT')
      await node.kill('SIGKILL')
    }
    nodes.length = 0
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    // A test that stopped Redis or Postgres leaves them running for the next.
    if (redis && redis.pid === 0) await redis.restart()
    await postgres?.start()
  })

  const addNode = async (env: Record<string, string> = {}): Promise<ChildServer> => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-node-'))
    dirs.push(dataDir)
    const node = await spawnServer({ ...baseEnv, DATA_DIR: dataDir, ...env })
    all.push(node)
    nodes.push(node)
    return node
  }

  return {
    get postgres() {
      if (!postgres) throw new Error('PostgreSQL is not running (its beforeAll failed)')
      return postgres
    },
    get redis() {
      if (!redis) throw new Error('Redis is not running (its beforeAll failed)')
      return redis
    },
    nodes,
    get databaseUrl() {
      return databaseUrl
    },
    async start(count, env = {}) {
      databaseUrl = await this.postgres.createDatabase(`cluster_${++databases}`)
      baseEnv = { DATABASE_URL: databaseUrl, REDIS_URL: this.redis.url, BOARD_SECRET: SHARED_SECRET, ...env }
      // All at once, as a deployment starts them: the schema migration is safe when several nodes start together.
      await Promise.all(Array.from({ length: count }, () => addNode()))
      return [...nodes]
    },
    addNode,
    client(node, boardId, token, opts) {
      const c = connectClient(node.syncUrl, boardId, token, opts)
      clients.push(c)
      return c
    },
    every(ms, run) {
      const timer = setInterval(run, ms)
      timers.push(timer)
      return timer
    },
    stopTimers() {
      for (const t of timers.splice(0)) clearInterval(t)
    },
  }
}

/** Moves a client to another node, as a load balancer would after its node went away: its next reconnect goes there. */
export function moveClient(client: SyncClient, to: ChildServer): void {
  client.provider.serverUrl = to.syncUrl
}

/** Record keys in the doc's array, duplicates included: a doubled entry shows as a repeated key. */
export function rawKeys(doc: Y.Doc): string[] {
  return recordsArray(doc)
    .toArray()
    .map((e) => e.key)
    .sort()
}

/** Reads one node's metric (the sum over its labels) from /metrics. */
export async function metricOf(node: ChildServer, name: string): Promise<number> {
  const text = await (await fetch(`${node.origin}/metrics`)).text()
  let sum = 0
  for (const line of text.split('\n')) if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.slice(line.lastIndexOf(' ') + 1))
  return sum
}
