import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CreateBoardBody, CreateBoardResponse } from '@whiteboard/shared'
import type { Room } from '../../src/sync/Room'
import { startPostgres, type TestPostgres } from '../postgres/startPostgres'
import { startRedis, type TestRedis } from '../redis/startRedis'
import type { SyncClient } from '../syncClient'
import { startTestServer, type TestServer } from '../testServer'
import type { Random } from './random'

/** The servers a fuzz run talks to: one node on SQLite, or three nodes on Postgres and Redis. */
export interface FuzzDeployment {
  /** The nodes serving now (a restarted node is replaced in place). */
  readonly nodes: TestServer[]
  /** Where a new client connects: a node chosen by `rng`. */
  syncUrlFor(rng: Random): string
  /** The first node's origin, for HTTP calls. */
  readonly origin: string
  createBoard(body?: CreateBoardBody): Promise<CreateBoardResponse>
  /** Restarts one node; on several nodes its clients move to another one first, as a load balancer would send them. */
  restartNode(rng: Random, clients: readonly SyncClient[]): Promise<void>
  /** Kills Redis and starts it again empty; null with one node. */
  restartRedis: (() => Promise<void>) | null
  /** The board's rooms loaded now, on every node. */
  rooms(boardId: string): Room[]
  dispose(): Promise<void>
}

/** One node on SQLite in a temporary folder; a restart comes back on the same port and data. */
export async function oneNode(env: Record<string, string>): Promise<FuzzDeployment> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-converge-'))
  let server = await startTestServer({ dataDir, env })
  const port = String(server.port)
  return {
    get nodes() {
      return [server]
    },
    syncUrlFor: () => server.syncUrl,
    get origin() {
      return server.origin
    },
    createBoard: (body) => server.createBoard(body),
    async restartNode() {
      await server.stop()
      server = await startTestServer({ dataDir, env: { ...env, PORT: port } })
    },
    restartRedis: null,
    rooms: (boardId) => [server.server.rooms.peek(boardId)].filter((r): r is Room => r !== undefined),
    async dispose() {
      await server.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The secret the nodes share, so a link made on one opens the board on any. */
const SHARED_SECRET = 'fuzz-cluster-secret-0123456789abcdef'

/**
 * Three nodes in this process in multi-node mode, on a throwaway Postgres and Redis started for
 * the run. A restarted node is a new one on a new port.
 */
export async function threeNodes(env: Record<string, string>): Promise<FuzzDeployment> {
  let postgres: TestPostgres | undefined
  let redis: TestRedis | undefined
  const nodes: TestServer[] = []
  try {
    ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    const nodeEnv = { ...env, DATABASE_URL: await postgres.createDatabase('fuzz'), REDIS_URL: redis.url, BOARD_SECRET: SHARED_SECRET }
    nodes.push(...(await Promise.all([0, 1, 2].map(() => startTestServer({ env: nodeEnv })))))
    const liveRedis = redis
    return {
      nodes,
      syncUrlFor: (rng) => rng.pick(nodes).syncUrl,
      get origin() {
        return nodes[0]!.origin
      },
      createBoard: (body) => nodes[0]!.createBoard(body),
      async restartNode(rng, clients) {
        const i = rng.int(0, nodes.length - 1)
        const old = nodes[i]!
        const others = nodes.filter((n) => n !== old)
        for (const c of clients) if (c.provider.serverUrl === old.syncUrl) c.provider.serverUrl = rng.pick(others).syncUrl
        await old.dispose()
        nodes[i] = await startTestServer({ env: nodeEnv })
      },
      restartRedis: () => liveRedis.restart(),
      rooms: (boardId) => nodes.map((n) => n.server.rooms.peek(boardId)).filter((r): r is Room => r !== undefined),
      async dispose() {
        await Promise.allSettled(nodes.map((n) => n.dispose()))
        await Promise.allSettled([postgres?.dispose(), redis?.stop()])
      },
    }
  } catch (err) {
    await Promise.allSettled(nodes.map((n) => n.dispose()))
    await Promise.allSettled([postgres?.dispose(), redis?.stop()])
    throw err
  }
}
