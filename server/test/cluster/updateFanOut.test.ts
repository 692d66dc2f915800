import * as Y from 'yjs'
import pino from 'pino'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import type { CommittedTail } from '../../src/cluster/BoardFollower'
import { clusterKeys } from '../../src/cluster/clusterKeys'
import { newClusterCounters, type ClusterCounters } from '../../src/cluster/ClusterCounters'
import { RedisLink } from '../../src/cluster/RedisLink'
import { UpdateFanOut } from '../../src/cluster/UpdateFanOut'
import { redisPerFile } from '../redis/redisPerFile'
import { waitFor } from '../waitFor'

/**
 * The fan-out of committed updates between two nodes through a real Redis. What Postgres would
 * hold is a list per board here (`committed`), numbered in commit order; the tests with real
 * Postgres and node processes are in multiNode.test.ts.
 */

const file = redisPerFile()
const { cleanups } = file

const log = pino({ level: 'silent' })
/** What Postgres holds: each board's committed updates, in seq order. */
const committed = new Map<string, Uint8Array[]>()
const readTail = (boardId: string, afterSeq: number): Promise<CommittedTail> => {
  const all = committed.get(boardId) ?? []
  return Promise.resolve({ snapshot: null, snapshotSeq: 0, updates: all.slice(afterSeq).map((update, i) => ({ seq: afterSeq + i + 1, update })) })
}

interface TestNode {
  fanOut: UpdateFanOut
  counters: ClusterCounters
  link: RedisLink
  docs: Map<string, Y.Doc>
  /** Opens a board as a room does: subscribe, load what is committed, follow. */
  open(boardId: string): Promise<Y.Doc>
  /** Commits a change to the board as this node's room would: commit, apply, then tell the fan-out. */
  write(boardId: string, key: string, value: number): void
}

async function startNode(id: string): Promise<TestNode> {
  const link = new RedisLink(file.redis.url, log)
  const counters = newClusterCounters()
  const fanOut = new UpdateFanOut({ nodeId: id, link, readTail, log, counters, gapGraceMs: 50, pollWhileDownMs: 100, pollWhileUpMs: 60_000 })
  await link.whenReady(link.commands, () => false)
  fanOut.start()
  cleanups.push(async () => {
    await fanOut.close()
    await link.close()
  })
  const docs = new Map<string, Y.Doc>()
  return {
    fanOut,
    counters,
    link,
    docs,
    async open(boardId) {
      await fanOut.watch(boardId)
      const doc = new Y.Doc()
      const log = committed.get(boardId) ?? []
      for (const update of log) Y.applyUpdate(doc, update)
      docs.set(boardId, doc)
      fanOut.follow(boardId, { doc, applyRemote: (u) => Y.applyUpdate(doc, u) }, log.length, pino({ level: 'silent' }))
      return doc
    },
    write(boardId, key, value) {
      const doc = docs.get(boardId)!
      let update: Uint8Array | undefined
      const capture = (u: Uint8Array) => (update = u)
      doc.on('update', capture)
      doc.getMap('m').set(key, value)
      doc.off('update', capture)
      const log = committed.get(boardId) ?? []
      committed.set(boardId, log)
      log.push(update!)
      fanOut.committed(boardId, log.length, update!)
    },
  }
}

const valuesOf = (doc: Y.Doc) => doc.getMap('m').toJSON()

/** An update made outside any node, committed as the board's next seq; returns it and its seq. */
function commitElsewhere(boardId: string, key: string, value: number): { seq: number; update: Uint8Array } {
  const scratch = new Y.Doc()
  for (const update of committed.get(boardId) ?? []) Y.applyUpdate(scratch, update)
  const before = Y.encodeStateVector(scratch)
  scratch.getMap('m').set(key, value)
  const update = Y.encodeStateAsUpdate(scratch, before)
  const log = committed.get(boardId) ?? []
  committed.set(boardId, log)
  log.push(update)
  return { seq: log.length, update }
}

async function rawRedis(): Promise<Redis> {
  const client = new Redis(file.redis.url)
  cleanups.push(async () => {
    client.disconnect()
    await Promise.resolve()
  })
  return client
}

describe('update fan-out through Redis streams', () => {
  it('brings each commit of one node to the other, and a node opening the board later gets everything', async () => {
    const a = await startNode('node-a')
    const b = await startNode('node-b')
    await a.open('board1')
    const docB = await b.open('board1')
    for (let i = 1; i <= 20; i++) a.write('board1', `k${i}`, i)
    await waitFor(() => Object.keys(valuesOf(docB)).length === 20, { what: 'node b to have all 20' })
    expect(b.counters.received).toBe(20)
    expect(b.counters.gapsFilled).toBe(0)
    const c = await startNode('node-c')
    const docC = await c.open('board1')
    a.write('board1', 'k21', 21)
    await waitFor(() => Object.keys(valuesOf(docC)).length === 21, { what: 'node c to have all 21' })
    expect(valuesOf(docC)).toEqual(valuesOf(a.docs.get('board1')!))
  })

  it('fills an entry dropped on purpose from Postgres by its seq, and drops a duplicated one unseen', async () => {
    const b = await startNode('node-b')
    const docB = await b.open('board2')
    const raw = await rawRedis()
    const key = clusterKeys.updates('board2')
    const first = commitElsewhere('board2', 'a', 1)
    const dropped = commitElsewhere('board2', 'b', 2)
    const third = commitElsewhere('board2', 'c', 3)
    await raw.xadd(key, '*', 'seq', String(first.seq), 'node', 'node-x', 'u', Buffer.from(first.update))
    // `dropped` never reaches Redis.
    expect(dropped.seq).toBe(2)
    await raw.xadd(key, '*', 'seq', String(third.seq), 'node', 'node-x', 'u', Buffer.from(third.update))
    await waitFor(() => Object.keys(valuesOf(docB)).length === 3, { what: 'the dropped update to be filled' })
    expect(b.counters).toMatchObject({ gapsFilled: 1, updatesFilled: 2 })
    const applied: Uint8Array[] = []
    docB.on('update', (u: Uint8Array) => applied.push(u))
    await raw.xadd(key, '*', 'seq', String(third.seq), 'node', 'node-x', 'u', Buffer.from(third.update))
    await waitFor(() => b.counters.duplicates >= 1, { what: 'the duplicate to be seen' })
    expect(applied).toEqual([])
  })

  it('skips a malformed entry of one board without stalling the fan-out of another', async () => {
    const b = await startNode('node-b')
    const docBad = await b.open('bad')
    const docGood = await b.open('good')
    const raw = await rawRedis()
    await raw.xadd(clusterKeys.updates('bad'), '*', 'garbage', 'x')
    await raw.xadd(clusterKeys.updates('bad'), '*', 'seq', 'one', 'node', 'node-x')
    const bad = commitElsewhere('bad', 'x', 1)
    await raw.xadd(clusterKeys.updates('bad'), '*', 'seq', String(bad.seq), 'node', 'node-x', 'u', Buffer.from([0xff, 0xff, 0xff, 0xff]))
    const good = commitElsewhere('good', 'y', 2)
    await raw.xadd(clusterKeys.updates('good'), '*', 'seq', String(good.seq), 'node', 'node-x', 'u', Buffer.from(good.update))
    await waitFor(() => valuesOf(docGood).y === 2, { what: 'the good board to get its update' })
    // The damaged entry's seq is read from Postgres instead.
    await waitFor(() => valuesOf(docBad).x === 1, { what: 'the damaged entry to be read from Postgres' })
    expect(b.counters.malformed).toBe(3)
  })

  it('keeps boards in step through Postgres while Redis is down, and through Redis again after it restarts empty', async () => {
    const a = await startNode('node-a')
    const b = await startNode('node-b')
    await a.open('board3')
    const docB = await b.open('board3')
    a.write('board3', 'before', 1)
    await waitFor(() => valuesOf(docB).before === 1, { what: 'the first update' })
    await file.redis.kill()
    await waitFor(() => !a.link.up && !b.link.up, { what: 'both nodes to see Redis down' })
    a.write('board3', 'during', 2)
    await waitFor(() => valuesOf(docB).during === 2, { what: 'the update made while Redis was down, by polling' })
    expect(b.counters.pollsWhileDown).toBeGreaterThan(0)
    expect(a.counters.publishFailures).toBe(1)
    await file.redis.restart()
    await waitFor(() => a.link.up && b.link.up, { what: 'both nodes to reach Redis again', timeoutMs: 15_000 })
    const received = b.counters.received
    // The stream position is taken again after the restart; give the reader its turn before writing.
    await waitFor(() => a.link.reader.status === 'ready' && b.link.reader.status === 'ready', { what: 'the readers to reconnect' })
    for (let i = 0; i < 5; i++) a.write('board3', `after${i}`, i)
    await waitFor(() => Object.keys(valuesOf(docB)).length === 7, { what: 'the updates after the restart' })
    await waitFor(() => b.counters.received > received, { what: 'updates to come through Redis again' })
  }, 60_000)
})
