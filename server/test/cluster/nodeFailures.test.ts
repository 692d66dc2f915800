import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '@whiteboard/shared'
import { clusterKeys } from '../../src/cluster/clusterKeys'
import type { ChildServer } from '../childServer'
import { rectangle } from '../records'
import type { SyncClient } from '../syncClient'
import { createBoardVia } from '../testServer'
import { waitFor } from '../waitFor'
import { metricOf, moveClient, nodeClusterPerFile, rawKeys } from './nodeCluster'

/**
 * Multi-node mode when things fail: a node killed, paused or restarted, Redis killed and
 * restarted empty, Postgres stopped. Three real node processes on real Postgres and Redis,
 * stock y-websocket clients.
 */
const cluster = nodeClusterPerFile()

interface Writers {
  clients: SyncClient[]
  /** Every note each writer wrote. */
  written: Set<string>[]
  all(): string[]
}

/** `perNode` writers on each node, each adding a note of its own every `everyMs`. */
async function startWriters(nodes: ChildServer[], boardId: string, token: string, perNode: number, everyMs: number): Promise<Writers> {
  const clients = nodes.flatMap((node) => Array.from({ length: perNode }, () => cluster.client(node, boardId, token)))
  await waitFor(() => clients.every((c) => c.provider.synced), { what: 'every writer to sync', timeoutMs: 30_000 })
  const written = clients.map(() => new Set<string>())
  clients.forEach((c, i) => {
    let n = 0
    cluster.every(everyMs, () => {
      n += 1
      const id = `shape:w${i}n${n}`
      c.records.set(id, { ...rectangle(n, `writer ${i}`), id })
      written[i]!.add(id)
    })
  })
  return { clients, written, all: () => written.flatMap((s) => [...s]).sort() }
}

/** Stops the writers and waits until every writer and a fresh viewer hold exactly what was written, none of it doubled. */
async function expectConvergence(w: Writers, viewerNode: ChildServer, boardId: string, viewerToken: string): Promise<void> {
  cluster.stopTimers()
  const everything = w.all()
  const viewer = cluster.client(viewerNode, boardId, viewerToken)
  await waitFor(() => viewer.provider.synced && viewer.shapeIds().length === everything.length && w.clients.every((c) => c.shapeIds().length === everything.length), {
    what: 'everyone to converge on everything written',
    timeoutMs: 45_000,
  })
  expect(viewer.shapeIds()).toEqual(everything)
  for (const c of w.clients) expect(c.shapeIds()).toEqual(everything)
  expect(rawKeys(viewer.doc)).toEqual(['document:document', 'page:page', ...everything].sort())
}

describe('multi-node mode when things fail', () => {
  it('loses and doubles nothing when a node is killed with SIGKILL under load from 30 writers, whose clients move to the other nodes', async () => {
    const nodes = await cluster.start(3)
    const board = await createBoardVia(nodes[0]!.origin, { title: 'Kill' })
    const w = await startWriters(nodes, board.id, board.tokens.participant, 10, 150)
    const onDead = w.clients.filter((_, i) => i < 10)
    await waitFor(() => w.clients.every((c, i) => c.shapeIds().some((id) => !w.written[i]!.has(id))) && w.clients[0]!.shapeIds().length >= 150, {
      what: 'the notes to flow to everyone across the nodes',
      timeoutMs: 30_000,
    })
    // Behind a load balancer, the dead node's people come back on the other two.
    onDead.forEach((c, i) => moveClient(c, nodes[1 + (i % 2)]!))
    await nodes[0]!.kill('SIGKILL')
    // What the people on the living nodes had received when it died.
    const peerSeen = new Set(w.clients.filter((c) => !onDead.includes(c)).flatMap((c) => c.shapeIds()))
    await waitFor(() => onDead.every((c) => c.provider.synced && c.provider.wsconnected), { what: 'the moved clients to sync on the other nodes', timeoutMs: 20_000 })
    await expectConvergence(w, nodes[2]!, board.id, board.tokens.viewer)
    const final = new Set(w.all())
    expect([...peerSeen].filter((id) => !final.has(id))).toEqual([])
    expect(w.clients.flatMap((c) => c.closes.filter((x) => x.code >= 4000))).toEqual([])
  }, 120_000)

  it('keeps every node and the store in step when Redis is killed during editing and restarted empty', async () => {
    const nodes = await cluster.start(3)
    const board = await createBoardVia(nodes[0]!.origin, { title: 'Redis' })
    const w = await startWriters(nodes, board.id, board.tokens.participant, 3, 100)
    await waitFor(() => w.clients.every((c) => c.shapeIds().length >= 30), { what: 'notes to flow' })
    await cluster.redis.kill()
    await waitFor(async () => (await Promise.all(nodes.map((n) => metricOf(n, 'whiteboard_cluster_redis_up')))).every((up) => up === 0), { what: 'every node to see Redis down' })
    // Notes written now on node 3 reach node 1 by polling Postgres.
    const afterKill = w.all().length
    const fromNode3 = () => w.clients.slice(6).flatMap((_, i) => [...w.written[6 + i]!])
    await waitFor(
      () => {
        const later = fromNode3().slice(-3)
        return w.all().length > afterKill + 30 && later.every((id) => w.clients[0]!.shapeIds().includes(id))
      },
      { what: "node 3's notes to reach node 1 while Redis is down", timeoutMs: 20_000 },
    )
    // Node 1's own commits may have filled the gap from Postgres before its first poll (once a second while Redis is down).
    await waitFor(async () => (await metricOf(nodes[0]!, 'whiteboard_cluster_polls_while_redis_down_total')) > 0, { what: 'node 1 to poll Postgres while Redis is down' })
    await cluster.redis.restart()
    await waitFor(async () => (await Promise.all(nodes.map((n) => metricOf(n, 'whiteboard_cluster_redis_up')))).every((up) => up === 1), {
      what: 'every node to reach Redis again',
      timeoutMs: 20_000,
    })
    const received = await metricOf(nodes[0]!, 'whiteboard_cluster_received_total')
    await waitFor(async () => (await metricOf(nodes[0]!, 'whiteboard_cluster_received_total')) > received + 10, { what: 'the fan-out to run through Redis again', timeoutMs: 20_000 })
    await expectConvergence(w, nodes[1]!, board.id, board.tokens.viewer)
  }, 120_000)

  it('sends no client an update Postgres did not commit while it is stopped, and lands it once Postgres is back', async () => {
    const nodes = await cluster.start(3)
    const board = await createBoardVia(nodes[0]!.origin, { title: 'Postgres' })
    const [a, b, c] = nodes.map((node) => cluster.client(node, board.id, board.tokens.participant)) as [SyncClient, SyncClient, SyncClient]
    await waitFor(() => [a, b, c].every((x) => x.provider.synced), { what: 'sync' })
    a.records.set('shape:before', { ...rectangle(1, 'before'), id: 'shape:before' })
    await waitFor(() => [b, c].every((x) => x.shapeIds().includes('shape:before')), { what: 'the first note everywhere' })
    await cluster.postgres.kill()
    a.records.set('shape:during', { ...rectangle(2, 'during'), id: 'shape:during' })
    await waitFor(() => a.closes.some((x) => x.code === CloseCode.STORAGE_UNAVAILABLE), { what: 'the writer to be refused', timeoutMs: 20_000 })
    // The commit failed, so nothing of it was applied or sent anywhere.
    expect(b.shapeIds()).not.toContain('shape:during')
    expect(c.shapeIds()).not.toContain('shape:during')
    // Those who only read stay connected.
    expect([...b.closes, ...c.closes]).toEqual([])
    const ready = await fetch(`${nodes[0]!.origin}/readyz`)
    expect(ready.status).toBe(503)
    expect(((await ready.json()) as { problems: string[] }).problems.join()).toMatch(/storage/)
    await cluster.postgres.start()
    // The writer reconnects (4500 is not terminal) and sends what it kept.
    await waitFor(() => [b, c].every((x) => x.shapeIds().includes('shape:during')), { what: 'the note to land after recovery', timeoutMs: 30_000 })
    await waitFor(async () => (await fetch(`${nodes[0]!.origin}/readyz`)).status === 200, { what: 'the node to be ready again', timeoutMs: 20_000 })
  }, 120_000)

  it('catches up a node paused (SIGSTOP) past the trim window of the stream when it runs again', async () => {
    const nodes = await cluster.start(2)
    const board = await createBoardVia(nodes[0]!.origin, { title: 'Paused' })
    const writer = cluster.client(nodes[0]!, board.id, board.tokens.participant)
    const sleeper = cluster.client(nodes[1]!, board.id, board.tokens.viewer)
    await waitFor(() => writer.provider.synced && sleeper.provider.synced, { what: 'sync' })
    writer.records.set('shape:first', { ...rectangle(0, 'first'), id: 'shape:first' })
    await waitFor(() => sleeper.shapeIds().includes('shape:first'), { what: 'the first note on the other node' })
    const redis = new Redis(cluster.redis.url)
    try {
      const key = clusterKeys.updates(board.id)
      const seqOf = (fields: string[]) => Number(fields[fields.indexOf('seq') + 1])
      const [last] = await redis.xrevrange(key, '+', '-', 'COUNT', 1)
      const pausedAt = seqOf(last![1])
      nodes[1]!.child.kill('SIGSTOP')
      // Notes one by one, each its own commit, until the stream no longer holds the seq after the pause.
      let n = 0
      await waitFor(
        async () => {
          for (let i = 0; i < 20; i++) {
            n += 1
            writer.records.set(`shape:p${n}`, { ...rectangle(n, `paused ${n}`), id: `shape:p${n}` })
            await new Promise((done) => setTimeout(done, 2))
          }
          const [first] = await redis.xrange(key, '-', '+', 'COUNT', 1)
          return seqOf(first![1]) > pausedAt + 1
        },
        { what: 'the stream to be trimmed past the paused node', timeoutMs: 60_000, intervalMs: 1 },
      )
    } finally {
      redis.disconnect()
    }
    nodes[1]!.child.kill('SIGCONT')
    const everything = writer.shapeIds()
    await waitFor(() => sleeper.shapeIds().length === everything.length, { what: 'the paused node to catch up', timeoutMs: 30_000 })
    expect(sleeper.shapeIds()).toEqual(everything)
    expect(await metricOf(nodes[1]!, 'whiteboard_cluster_gaps_filled_total')).toBeGreaterThan(0)
  }, 120_000)

  it('loses nothing when all three nodes are restarted one at a time with SIGTERM under load', async () => {
    const nodes = await cluster.start(3)
    const board = await createBoardVia(nodes[0]!.origin, { title: 'Rolling' })
    const w = await startWriters(nodes, board.id, board.tokens.participant, 3, 100)
    const live = [...nodes]
    for (let round = 0; round < 3; round++) {
      const before = w.all().length
      await waitFor(() => w.all().length >= before + 30, { what: 'writing to go on' })
      const old = live[round]!
      const next = live[(round + 1) % 3]!
      for (const c of w.clients) if (c.provider.serverUrl === old.syncUrl) moveClient(c, next)
      // Its replacement starts while it shuts down, as an orchestrator rolls a deployment.
      const [, replacement] = await Promise.all([old.kill('SIGTERM'), cluster.addNode()])
      live[round] = replacement
      await waitFor(() => w.clients.every((c) => c.provider.synced && c.provider.wsconnected), { what: 'the clients to reconnect', timeoutMs: 20_000 })
    }
    await expectConvergence(w, live[0]!, board.id, board.tokens.viewer)
    expect(w.clients.flatMap((c) => c.closes.filter((x) => x.code >= 4000))).toEqual([])
  }, 180_000)
})
