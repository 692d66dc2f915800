import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Redis } from 'ioredis'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { privateSyncRoom, recordsArray, type CreateBoardResponse } from '@whiteboard/shared'
import { noteRecord } from '@whiteboard/shared/test/noteRecord'
import { clusterKeys } from '../../src/cluster/clusterKeys'
import { privateDocKey } from '../../src/private/privateDocKey'
import { PostgresStorage } from '../../src/storage/PostgresStorage'
import type { ChildServer } from '../childServer'
import type { SyncClient } from '../syncClient'
import { createBoardVia } from '../testServer'
import { issueVoterVia } from '../voters'
import { waitFor } from '../waitFor'
import { metricOf, nodeClusterPerFile, rawKeys } from './nodeCluster'

/**
 * People's private docs in multi-node mode, on real node processes, Postgres and Redis: a
 * person's tabs on two nodes share their private doc as a board's people share the board, and
 * nothing of it reaches anyone else on any node.
 */
const cluster = nodeClusterPerFile()

const note = (id: string, text: string, x = 300) => noteRecord({ id, cx: x, cy: 400, text })

/** Every byte the client's current socket receives, for looking for what it must never get. */
function recordFrames(client: SyncClient): Buffer[] {
  const frames: Buffer[] = []
  client.provider.ws!.addEventListener('message', (event: { data: unknown }) => {
    const data = event.data
    frames.push(Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array)))
  })
  return frames
}

async function privateTab(node: ChildServer, board: CreateBoardResponse, token: string, voterToken: string): Promise<SyncClient> {
  const tab = cluster.client(node, privateSyncRoom(board.id), token, { voterToken })
  await waitFor(() => tab.provider.synced, { what: 'a private tab to sync' })
  return tab
}

describe('private docs in multi-node mode', () => {
  it("brings a person's private note from their tab on one node to their tab on another, and to nobody else on either", async () => {
    // Small compactions, so that both nodes compact the private doc while both tabs write.
    const [nodeA, nodeB] = await cluster.start(2, { COMPACT_AFTER_UPDATES: '4' })
    const board = await createBoardVia(nodeA!.origin, { title: 'Private on two nodes' })
    const ada = await issueVoterVia(nodeA!.origin, board.id, board.tokens.participant)
    const adaOnA = await privateTab(nodeA!, board, board.tokens.participant, ada.voterToken)
    const adaOnB = await privateTab(nodeB!, board, board.tokens.participant, ada.voterToken)
    // Another participant and the facilitator on B, on the board and in their own private docs.
    const bo = await issueVoterVia(nodeB!.origin, board.id, board.tokens.participant)
    const fac = await issueVoterVia(nodeB!.origin, board.id, board.tokens.facilitator)
    const others = [
      cluster.client(nodeB!, board.id, board.tokens.participant, { voterToken: bo.voterToken }),
      await privateTab(nodeB!, board, board.tokens.participant, bo.voterToken),
      cluster.client(nodeB!, board.id, board.tokens.facilitator, { voterToken: fac.voterToken }),
      await privateTab(nodeB!, board, board.tokens.facilitator, fac.voterToken),
    ]
    await waitFor(() => others.every((c) => c.provider.synced), { what: 'the others to sync' })
    const framesOfOthers = others.map(recordFrames)
    const adaFramesOnB = recordFrames(adaOnB)

    const secret = 'ada-secret-q7w2'
    adaOnA.records.set(`shape:${secret}`, note(`shape:${secret}`, secret))
    await waitFor(() => adaOnB.records.get(`shape:${secret}`) !== undefined, { what: "Ada's tab on B to get her private note without reconnecting" })
    expect(adaOnB.closes).toEqual([])
    // The check of the others' frames can fail: the bytes show in the frames of whoever gets the note.
    expect(adaFramesOnB.some((f) => f.includes(secret))).toBe(true)

    // Both tabs write on, past several compactions on both nodes.
    const written = [`shape:${secret}`]
    for (let n = 0; n < 10; n++) {
      for (const [tab, name] of [
        [adaOnA, 'a'],
        [adaOnB, 'b'],
      ] as const) {
        const id = `shape:${name}${n}`
        tab.records.set(id, note(id, `${name} ${n}`, n * 10))
        written.push(id)
      }
    }
    written.sort()
    await waitFor(() => adaOnA.shapeIds().join() === written.join() && adaOnB.shapeIds().join() === written.join(), {
      what: "both of Ada's tabs to hold every private note",
      timeoutMs: 20_000,
    })
    for (const tab of [adaOnA, adaOnB]) expect(new Set(rawKeys(tab.doc)).size).toBe(rawKeys(tab.doc).length)

    // A board change from A reaches the others on B after anything A sent before it.
    const boardOnA = cluster.client(nodeA!, board.id, board.tokens.participant, { voterToken: ada.voterToken })
    await waitFor(() => boardOnA.provider.synced, { what: "Ada's board tab to sync" })
    boardOnA.records.set('shape:public', note('shape:public', 'on the board'))
    await waitFor(() => [others[0]!, others[2]!].every((c) => c.records.get('shape:public') !== undefined), { what: 'the board note to reach B' })
    for (const other of others) for (const id of written) expect(other.records.get(id)).toBeUndefined()
    for (const frames of framesOfOthers) expect(frames.some((f) => f.includes(secret))).toBe(false)

    // Stored: snapshot and log rebuild every note, compacted by the nodes; the board holds none of them.
    const storage = await PostgresStorage.open({ connectionString: cluster.databaseUrl })
    try {
      await waitFor(
        async () => {
          const stored = (await storage.loadPrivateDoc(board.id, ada.voterId))!
          const doc = new Y.Doc()
          if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
          for (const u of stored.updates) Y.applyUpdate(doc, u)
          const keys = [...new YKeyValue(recordsArray(doc)).map.keys()].filter((k) => k.startsWith('shape:')).sort()
          return stored.snapshotSeq > 0 && keys.join() === written.join()
        },
        { what: 'the stored private doc, compacted, to hold every note' },
      )
      expect(await storage.listPrivateDocs(board.id)).toEqual([ada.voterId])
    } finally {
      await storage.close()
    }

    // The private doc is no board in Redis: only its update stream, no presence, people or seats.
    const redis = new Redis(cluster.redis.url)
    try {
      expect((await redis.keys(`wb:board:${board.id}/private/*`)).sort()).toEqual([clusterKeys.updates(privateDocKey(board.id, ada.voterId))])
      expect(await redis.exists(clusterKeys.updates(privateDocKey(board.id, bo.voterId)))).toBe(0)
    } finally {
      redis.disconnect()
    }
  }, 90_000)

  it("lets a reveal on one node empty the private tabs of its people on another, which see their items on the board", async () => {
    const [nodeA, nodeB] = await cluster.start(2)
    const board = await createBoardVia(nodeA!.origin, { title: 'Reveal across nodes' })
    const ada = await issueVoterVia(nodeB!.origin, board.id, board.tokens.participant)
    const adaPrivate = await privateTab(nodeB!, board, board.tokens.participant, ada.voterToken)
    const adaBoard = cluster.client(nodeB!, board.id, board.tokens.participant, { voterToken: ada.voterToken })
    await waitFor(() => adaBoard.provider.synced, { what: "Ada's board tab to sync" })
    adaPrivate.records.set('shape:idea', note('shape:idea', 'Ada idea', 111))
    const storage = await PostgresStorage.open({ connectionString: cluster.databaseUrl })
    try {
      await waitFor(async () => ((await storage.loadPrivateDoc(board.id, ada.voterId))?.lastSeq ?? 0) > 0, { what: "Ada's note committed" })
    } finally {
      await storage.close()
    }
    // The facilitator reveals through node A, which does not hold Ada's private doc yet.
    const res = await fetch(`${nodeA!.origin}/api/boards/${board.id}/private/reveal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ author: 'Fac' }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ revealed: 1, people: 1 })
    await waitFor(() => adaBoard.records.get('shape:idea') !== undefined && adaPrivate.records.get('shape:idea') === undefined, {
      what: "Ada's tabs on B to show her note on the board and no longer as private",
    })
    expect(adaPrivate.closes).toEqual([])
  }, 60_000)

  it("fills a private update whose fan-out message was lost from Postgres by its seq, and drops a duplicated one unseen", async () => {
    const [node] = await cluster.start(1)
    const board = await createBoardVia(node!.origin, { title: 'Lost private message' })
    const ada = await issueVoterVia(node!.origin, board.id, board.tokens.participant)
    const tab = await privateTab(node!, board, board.tokens.participant, ada.voterToken)
    // Another node commits two of Ada's private notes and publishes only the second: it died in between, say.
    const storage = await PostgresStorage.open({ connectionString: cluster.databaseUrl })
    const redis = new Redis(cluster.redis.url)
    try {
      const scratch = new Y.Doc()
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(tab.doc))
      const records = new YKeyValue<unknown>(recordsArray(scratch))
      const noteUpdate = (n: number): Uint8Array => {
        const before = Y.encodeStateVector(scratch)
        records.set(`shape:lost${n}`, note(`shape:lost${n}`, `lost ${n}`, n * 100))
        return Y.encodeStateAsUpdate(scratch, before)
      }
      const first = noteUpdate(1)
      const firstSeq = await storage.appendPrivateUpdates(board.id, ada.voterId, [first])
      const second = noteUpdate(2)
      const secondSeq = await storage.appendPrivateUpdates(board.id, ada.voterId, [second])
      expect(firstSeq).toBe(secondSeq - 1)
      const publish = (seq: number, update: Uint8Array) =>
        redis.xadd(clusterKeys.updates(privateDocKey(board.id, ada.voterId)), '*', 'seq', String(seq), 'node', 'another-node', 'u', Buffer.from(update))
      await publish(secondSeq, second)
      await waitFor(() => tab.shapeIds().join() === 'shape:lost1,shape:lost2', { what: 'the lost private update to be filled from Postgres' })
      expect(await metricOf(node!, 'whiteboard_cluster_gaps_filled_total')).toBe(1)
      // The same message again: dropped by its seq, nothing sent to the tab.
      const frames = recordFrames(tab)
      await publish(secondSeq, second)
      await waitFor(async () => (await metricOf(node!, 'whiteboard_cluster_duplicates_total')) >= 1, { what: 'the duplicate to be seen' })
      expect(frames).toEqual([])
    } finally {
      redis.disconnect()
      await storage.close()
    }
  }, 60_000)
})
