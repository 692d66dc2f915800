import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Redis } from 'ioredis'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray } from '@whiteboard/shared'
import type { GatheringResponse, GatheringStatusResponse } from '@whiteboard/shared/api/gatheringsApi'
import { TEMPLATE_IDS } from '@whiteboard/shared/templates/catalog'
import { isScaffolding } from '@whiteboard/shared/templates/templateMeta'
import { clusterKeys } from '../../src/cluster/clusterKeys'
import { PostgresStorage } from '../../src/storage/PostgresStorage'
import { CloseCode } from '@whiteboard/shared'
import { rectangle } from '../records'
import type { SyncClient } from '../syncClient'
import { createBoardVia } from '../testServer'
import { waitFor } from '../waitFor'
import { metricOf, moveClient, nodeClusterPerFile, rawKeys } from './nodeCluster'
import { issueVoterVia } from '../voters'

/**
 * Three real node processes in multi-node mode on a real Postgres and a real Redis, with stock
 * y-websocket clients spread over them.
 */
const cluster = nodeClusterPerFile()

/** The names in the presence `c` sees, sorted. */
function names(c: SyncClient): string[] {
  return [...c.provider.awareness.getStates().values()]
    .map((s) => (s as { user?: { name?: string } }).user?.name)
    .filter((n): n is string => n !== undefined)
    .sort()
}

/** Adds a note with a unique id from `client`; returns the id. */
function addNote(client: SyncClient, id: string, n: number): string {
  client.records.set(id, { ...rectangle(n, id), id })
  return id
}

describe('multi-node mode', () => {
  it('converges stock clients spread over three nodes, and a client opening the board later on any node gets everything', async () => {
    const nodes = await cluster.start(3)
    const board = await createBoardVia(nodes[0]!.origin, { title: 'Three nodes' })
    const clients = nodes.flatMap((node) => [0, 1].map(() => cluster.client(node, board.id, board.tokens.participant)))
    await waitFor(() => clients.every((c) => c.provider.synced), { what: 'every client to sync', timeoutMs: 20_000 })
    const written: string[] = []
    clients.forEach((c, i) => {
      for (let n = 0; n < 5; n++) written.push(addNote(c, `shape:c${i}n${n}`, i * 10 + n))
    })
    written.sort()
    await waitFor(() => clients.every((c) => c.shapeIds().length === written.length), { what: 'every client to have every note', timeoutMs: 20_000 })
    for (const c of clients) expect(c.shapeIds()).toEqual(written)
    const late = cluster.client(nodes[2]!, board.id, board.tokens.viewer)
    await waitFor(() => late.provider.synced && late.shapeIds().length === written.length, { what: 'a late viewer to get everything' })
    expect(new Set(rawKeys(late.doc)).size).toBe(rawKeys(late.doc).length)
    expect(await metricOf(nodes[1]!, 'whiteboard_cluster_received_total')).toBeGreaterThan(0)
    expect(await metricOf(nodes[0]!, 'whiteboard_cluster_published_total')).toBeGreaterThan(0)
  }, 60_000)

  it('shows presence across nodes, and removes it on the other nodes when its person leaves or its node is killed', async () => {
    const nodes = await cluster.start(3)
    const board = await createBoardVia(nodes[0]!.origin, { title: 'Presence' })
    const ada = cluster.client(nodes[0]!, board.id, board.tokens.participant)
    const bo = cluster.client(nodes[1]!, board.id, board.tokens.participant)
    const cy = cluster.client(nodes[2]!, board.id, board.tokens.participant)
    await waitFor(() => [ada, bo, cy].every((c) => c.provider.synced), { what: 'sync' })
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada' })
    cy.provider.awareness.setLocalStateField('user', { name: 'Cy' })
    await waitFor(() => names(bo).join() === 'Ada,Cy', { what: 'Ada and Cy to show on the middle node' })
    await waitFor(() => names(cy).includes('Ada'), { what: 'Ada to show on the third node' })
    // Someone on the middle node announces presence under Ada's client id: a person on another node is not theirs to write.
    const forger = new Y.Doc()
    forger.clientID = ada.doc.clientID
    const mallory = cluster.client(nodes[1]!, board.id, board.tokens.viewer, { doc: forger })
    await waitFor(() => mallory.provider.synced, { what: 'the forger to sync' })
    for (let i = 0; i < 5; i++) mallory.provider.awareness.setLocalStateField('user', { name: `Mallory ${i}` })
    await waitFor(async () => (await metricOf(nodes[1]!, 'whiteboard_presence_dropped_total')) >= 1, { what: 'the forged presence to be dropped' })
    expect(names(bo)).toEqual(['Ada', 'Cy'])
    mallory.destroy()
    ada.provider.disconnect()
    await waitFor(() => !names(bo).includes('Ada') && !names(cy).includes('Ada'), { what: 'Ada to leave everywhere' })
    // Node 3 dies without a word: Cy's presence goes from the others when its heartbeat lapses (5 s) and is looked at (2 s).
    // The wait is for the removal, not a timing: on a loaded machine the look can come late.
    await nodes[2]!.kill('SIGKILL')
    await waitFor(() => !names(bo).includes('Cy'), { what: "the dead node's presence to go", timeoutMs: 30_000 })
  }, 60_000)

  it('lets a person whose node was killed keep their presence through the node they reconnect to, before and after the dead node lapses', async () => {
    const [nodeA, nodeB] = await cluster.start(2)
    const board = await createBoardVia(nodeA!.origin, { title: 'Moved presence' })
    const { voterToken } = await issueVoterVia(nodeA!.origin, board.id, board.tokens.participant)
    const ada = cluster.client(nodeA!, board.id, board.tokens.participant, { voterToken })
    const watchA = cluster.client(nodeA!, board.id, board.tokens.viewer)
    await waitFor(() => ada.provider.synced && watchA.provider.synced, { what: 'sync on node a' })
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada' })
    await waitFor(() => names(watchA).includes('Ada'), { what: 'Ada on node a' })
    // Node b opens the board after Ada came: node a answers its ask with her state and its roster.
    const bo = cluster.client(nodeB!, board.id, board.tokens.viewer)
    await waitFor(() => names(bo).includes('Ada'), { what: 'Ada on node b' })
    const redis = new Redis(cluster.redis.url)
    try {
      const { node: nodeAId } = (await (await fetch(`${nodeA!.origin}/readyz`)).json()) as { node: string }
      const nodeAAlive = async () => (await redis.exists(clusterKeys.node(nodeAId))) === 1
      expect(await nodeAAlive()).toBe(true)
      await nodeA!.kill('SIGKILL')
      moveClient(ada, nodeB!)
      await waitFor(() => ada.provider.wsconnected && ada.provider.synced, { what: 'Ada to reconnect through node b' })
      ada.provider.awareness.setLocalStateField('user', { name: 'Ada, moved' })
      await waitFor(() => names(bo).includes('Ada, moved'), { what: "Ada's new state on node b" })
      // Seen while node a's heartbeat still lives: her own id was hers again at once, not after the lapse.
      expect(await nodeAAlive()).toBe(true)
      await waitFor(async () => (await metricOf(nodeB!, 'whiteboard_cluster_nodes_lapsed_total')) >= 1, { what: 'node b to find node a dead', timeoutMs: 15_000 })
      expect(names(bo)).toEqual(['Ada, moved'])
      expect(await metricOf(nodeB!, 'whiteboard_presence_dropped_total')).toBe(0)
    } finally {
      redis.disconnect()
    }
  }, 60_000)

  it('lets a person whose node was killed right after they came back keep their presence, with the board open on both nodes all along', async () => {
    const [nodeA, nodeB] = await cluster.start(2)
    const board = await createBoardVia(nodeA!.origin, { title: 'Moved at once' })
    // Node b holds the board before Ada comes: her voter can only reach it with her first states, not with an answer to its ask.
    const bo = cluster.client(nodeB!, board.id, board.tokens.viewer)
    await waitFor(() => bo.provider.synced, { what: 'sync on node b' })
    const { voterToken } = await issueVoterVia(nodeA!.origin, board.id, board.tokens.participant)
    const ada = cluster.client(nodeA!, board.id, board.tokens.participant, { voterToken })
    await waitFor(() => ada.provider.synced, { what: 'sync on node a' })
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada' })
    await waitFor(() => names(bo).includes('Ada'), { what: 'Ada on node b' })
    // She leaves and comes back: node b forgot her voter with her state, and must learn it again.
    ada.provider.disconnect()
    await waitFor(() => !names(bo).includes('Ada'), { what: 'Ada to leave node b' })
    ada.provider.connect()
    await waitFor(() => ada.provider.synced, { what: 'Ada back on node a' })
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada, back' })
    await waitFor(() => names(bo).includes('Ada, back'), { what: 'Ada back on node b' })
    // Well within node a's heartbeat (2 s), so its periodic roster has most likely not named her since.
    await nodeA!.kill('SIGKILL')
    moveClient(ada, nodeB!)
    await waitFor(() => ada.provider.wsconnected && ada.provider.synced, { what: 'Ada to reconnect through node b' })
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada, moved' })
    await waitFor(() => names(bo).includes('Ada, moved'), { what: "Ada's new state on node b" })
    expect(await metricOf(nodeB!, 'whiteboard_presence_dropped_total')).toBe(0)
  }, 60_000)

  it('fills an update whose fan-out message was lost from Postgres by its seq, and neither applies nor re-sends a duplicated message', async () => {
    const [node] = await cluster.start(1)
    const board = await createBoardVia(node!.origin, { title: 'Lost message' })
    const viewer = cluster.client(node!, board.id, board.tokens.viewer)
    await waitFor(() => viewer.provider.synced, { what: 'sync' })
    // Another node commits two notes and publishes only the second: it died in between, say.
    const storage = await PostgresStorage.open({ connectionString: cluster.databaseUrl })
    const redis = new Redis(cluster.redis.url)
    try {
      const scratch = new Y.Doc()
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(viewer.doc))
      const records = new YKeyValue<unknown>(recordsArray(scratch))
      const noteUpdate = (n: number): Uint8Array => {
        const before = Y.encodeStateVector(scratch)
        records.set(`shape:lost${n}`, { ...rectangle(n, `lost ${n}`), id: `shape:lost${n}` })
        return Y.encodeStateAsUpdate(scratch, before)
      }
      const first = noteUpdate(1)
      const firstSeq = await storage.appendUpdates(board.id, [first])
      const second = noteUpdate(2)
      const secondSeq = await storage.appendUpdates(board.id, [second])
      const publish = (seq: number, update: Uint8Array) =>
        redis.xadd(clusterKeys.updates(board.id), '*', 'seq', String(seq), 'node', 'another-node', 'u', Buffer.from(update))
      await publish(secondSeq, second)
      expect(firstSeq).toBe(secondSeq - 1)
      await waitFor(() => viewer.shapeIds().join() === 'shape:lost1,shape:lost2', { what: 'the lost update to be filled from Postgres' })
      expect(await metricOf(node!, 'whiteboard_cluster_gaps_filled_total')).toBe(1)
      // The same message again: dropped by its seq, nothing sent to the client.
      let frames = 0
      viewer.provider.ws!.addEventListener('message', () => frames++)
      await publish(secondSeq, second)
      await waitFor(async () => (await metricOf(node!, 'whiteboard_cluster_duplicates_total')) >= 1, { what: 'the duplicate to be seen' })
      expect(frames).toBe(0)
    } finally {
      redis.disconnect()
      await storage.close()
    }
  }, 60_000)

  it('holds the role rules on every node: a refused change reaches no other node, an allowed one reaches all', async () => {
    const nodes = await cluster.start(3)
    const board = await createBoardVia(nodes[0]!.origin, { title: 'Roles', template: TEMPLATE_IDS[0] })
    const watcher = cluster.client(nodes[0]!, board.id, board.tokens.viewer)
    const participant = cluster.client(nodes[1]!, board.id, board.tokens.participant)
    const viewer = cluster.client(nodes[2]!, board.id, board.tokens.viewer)
    await waitFor(() => [watcher, participant, viewer].every((c) => c.provider.synced), { what: 'sync' })
    const scaffold = [...participant.records.map.values()].map((e) => e.val as { id: string; x: number; meta: unknown }).find((v) => v.id.startsWith('shape:') && isScaffolding(v))!
    participant.records.set(scaffold.id, { ...scaffold, x: scaffold.x + 50 })
    viewer.records.set('shape:byviewer', { ...rectangle(1), id: 'shape:byviewer' })
    await waitFor(() => participant.closes.length > 0 && viewer.closes.length > 0, { what: 'both refusals' })
    expect(participant.closes[0]!.code).toBe(CloseCode.FACILITATOR_ONLY)
    expect(viewer.closes[0]!.code).toBe(CloseCode.FORBIDDEN)
    const honest = cluster.client(nodes[1]!, board.id, board.tokens.participant)
    await waitFor(() => honest.provider.synced, { what: 'sync' })
    honest.records.set('shape:note', { ...rectangle(2), id: 'shape:note' })
    await waitFor(() => watcher.records.get('shape:note') !== undefined, { what: "the participant's note on the first node" })
    expect(watcher.records.get(scaffold.id)).toEqual(scaffold)
    expect(watcher.records.get('shape:byviewer')).toBeUndefined()
  }, 60_000)

  it("counts a gathering's people on every node in its overview, whichever node answers, and its last change after every node let the board go", async () => {
    const nodes = await cluster.start(3, { ROOM_UNLOAD_DELAY_MS: '0' })
    const created = await fetch(`${nodes[0]!.origin}/api/gatherings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Samling', date: '2026-03-12', teams: [{ name: 'Asker' }, { name: 'Lier' }] }),
    })
    expect(created.status).toBe(201)
    const gathering = (await created.json()) as GatheringResponse
    const [asker, lier] = gathering.boards
    const ada = cluster.client(nodes[1]!, asker!.id, asker!.tokens.participant)
    const bo = cluster.client(nodes[2]!, asker!.id, asker!.tokens.participant)
    await waitFor(() => ada.provider.synced && bo.provider.synced, { what: 'sync' })
    ada.provider.awareness.setLocalStateField('user', { id: 'u-ada', name: 'Ada' })
    bo.provider.awareness.setLocalStateField('user', { id: 'u-bo', name: 'Bo' })
    ada.records.set('shape:note', { ...rectangle(1), id: 'shape:note' })
    const status = async () => {
      const res = await fetch(`${nodes[0]!.origin}/api/gatherings/${gathering.id}/status`, { headers: { authorization: `Bearer ${gathering.facilitatorToken}` } })
      return (await res.json()) as GatheringStatusResponse
    }
    // The first node holds neither board: both people and the change come from the other nodes' reports.
    await waitFor(async () => (await status()).boards[0]!.people === 2, { what: 'both people in the overview of a node that holds no board' })
    const now = await status()
    expect(now.boards[0]!.lastActivity).not.toBeNull()
    // Names come with the reports: the overview lists who is on a board held elsewhere.
    expect(now.boards[0]!.names).toEqual([
      { name: 'Ada', looking: false },
      { name: 'Bo', looking: false },
    ])
    expect(now.boards[1]).toEqual({ boardId: lier!.id, people: 0, looking: 0, names: [], lastActivity: null })

    // Everyone leaves and every node unloads the board: the last change is the store's, so it stays.
    ada.destroy()
    bo.destroy()
    await waitFor(async () => (await metricOf(nodes[1]!, 'whiteboard_boards_loaded')) + (await metricOf(nodes[2]!, 'whiteboard_boards_loaded')) === 0, { what: 'both nodes to unload the board' })
    // A node withdraws its report as it lets the board go, through Redis: the first node may
    // still read it for a moment after the unload.
    await waitFor(async () => (await status()).boards[0]!.people === 0, { what: "the other nodes' reports withdrawn" })
    expect((await status()).boards[0]).toEqual({ boardId: asker!.id, people: 0, looking: 0, names: [], lastActivity: now.boards[0]!.lastActivity })
  }, 60_000)

  it('counts the per-board connection cap across nodes and refuses the rest with the board-full close code', async () => {
    const nodes = await cluster.start(3, { MAX_CONNECTIONS_PER_BOARD: '4' })
    const board = await createBoardVia(nodes[0]!.origin, { title: 'Full' })
    const clients = nodes.flatMap((node) => [0, 1].map(() => cluster.client(node, board.id, board.tokens.participant)))
    await waitFor(() => clients.filter((c) => c.provider.synced).length === 4 && clients.filter((c) => c.closes.some((x) => x.code === CloseCode.BOARD_FULL)).length === 2, {
      what: 'four to sync and two to be refused',
      timeoutMs: 20_000,
    })
    const refused = clients.flatMap((c) => c.closes.filter((x) => x.code === CloseCode.BOARD_FULL))
    expect(refused.map((x) => x.reason)).toEqual(['The board is full: at most 4 connections at once', 'The board is full: at most 4 connections at once'])
  }, 60_000)

  it('reports Redis on /readyz: unreachable is degraded but ready', async () => {
    const [node] = await cluster.start(1)
    const ready = (await (await fetch(`${node!.origin}/readyz`)).json()) as { redis: { reachable: boolean }; degraded: string[] }
    expect(ready).toMatchObject({ redis: { reachable: true }, degraded: [] })
    await cluster.redis.kill()
    await waitFor(
      async () => {
        const res = await fetch(`${node!.origin}/readyz`)
        const body = (await res.json()) as { redis: { reachable: boolean }; degraded: string[] }
        return res.status === 200 && !body.redis.reachable && body.degraded.some((d) => d.startsWith('redis: Redis cannot be reached'))
      },
      { what: '/readyz to report Redis down' },
    )
    expect(await metricOf(node!, 'whiteboard_cluster_redis_up')).toBe(0)
  }, 60_000)
})
