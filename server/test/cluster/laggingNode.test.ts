import { afterEach, describe, expect, it } from 'vitest'
import { startPostgres, type TestPostgres } from '../postgres/startPostgres'
import { startRedis, type TestRedis } from '../redis/startRedis'
import { rectangle } from '../records'
import { connectClient, type SyncClient } from '../syncClient'
import { startTestServer, type TestServer } from '../testServer'
import { waitFor } from '../waitFor'

/**
 * A client that moves to a node that lags behind the board: two nodes in this process on a real
 * Postgres and Redis. With Redis down the nodes learn of each other's commits only by polling
 * Postgres, which this test sets to once in ten minutes, so the lag lasts as long as the test.
 */

let postgres: TestPostgres | undefined
let redis: TestRedis | undefined
const nodes: TestServer[] = []
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await Promise.allSettled(nodes.splice(0).map((n) => n.dispose()))
  await Promise.allSettled([postgres?.dispose(), redis?.stop()])
  postgres = redis = undefined
})

const SCAFFOLD_META = { template: 'journey', role: 'lane', scaffolding: true }

describe('a client moving to a node that lags behind', () => {
  it("is judged on the board as stored: a participant bringing a facilitator's new template lane from its old node is not refused", async () => {
    ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    const env = { DATABASE_URL: await postgres.createDatabase('lagging'), REDIS_URL: redis.url, BOARD_SECRET: 'lagging-node-secret-0123456789abcdef' }
    const slowPolls = { clusterTimings: { pollWhileDownMs: 600_000, pollWhileUpMs: 600_000 } }
    nodes.push(...(await Promise.all([0, 1].map(() => startTestServer({ env, options: slowPolls })))))
    const [nodeA, nodeB] = nodes as [TestServer, TestServer]
    const board = await nodeA.createBoard()
    const connect = (node: TestServer, token: string) => {
      const client = connectClient(node.syncUrl, board.id, token)
      clients.push(client)
      return client
    }
    const facilitator = connect(nodeA, board.tokens.facilitator)
    const participant = connect(nodeA, board.tokens.participant)
    // Node b holds the board too, so it is not loaded afresh from Postgres when the participant comes.
    const watcher = connect(nodeB, board.tokens.viewer)
    await waitFor(() => [facilitator, participant, watcher].every((c) => c.provider.synced), { what: 'sync' })
    await redis.kill()
    await waitFor(() => !nodes.some((n) => n.server.cluster?.link.up), { what: 'both nodes to see Redis down' })
    facilitator.records.set('shape:lane', { ...rectangle(1, 'lane'), id: 'shape:lane', isLocked: true, meta: SCAFFOLD_META })
    await waitFor(() => participant.records.get('shape:lane') !== undefined, { what: 'the lane to reach the participant on node a' })
    expect(watcher.records.get('shape:lane') !== undefined).toBe(false)
    // Node a dies, say; the participant reconnects through node b, which has not seen the lane.
    participant.provider.disconnect()
    participant.provider.serverUrl = nodeB.syncUrl
    participant.provider.connect()
    await waitFor(() => watcher.records.get('shape:lane') !== undefined, { what: "the lane to reach node b's viewer" })
    await waitFor(() => participant.provider.wsconnected && participant.provider.synced, { what: 'the participant to sync on node b' })
    expect(participant.closes.filter((c) => c.code >= 4000)).toEqual([])
  }, 60_000)
})
