import * as Y from 'yjs'
import pino from 'pino'
import * as awarenessProtocol from 'y-protocols/awareness'
import { describe, expect, it } from 'vitest'
import { BoardSeats } from '../../src/cluster/BoardSeats'
import { newClusterCounters } from '../../src/cluster/ClusterCounters'
import { NodeHeartbeat } from '../../src/cluster/NodeHeartbeat'
import { PresenceFanOut } from '../../src/cluster/PresenceFanOut'
import { RedisLink } from '../../src/cluster/RedisLink'
import { redisPerFile } from '../redis/redisPerFile'
import { waitFor } from '../waitFor'

/** Presence across nodes and the connection cap across nodes, through a real Redis. */

const file = redisPerFile()
const { cleanups } = file

const log = pino({ level: 'silent' })
/** A node's Redis side, with heartbeats short enough for a test: a key of 600 ms, looked at every 100 ms. */
async function startNode(id: string) {
  const link = new RedisLink(file.redis.url, log)
  await link.whenReady(link.commands, () => false)
  const counters = newClusterCounters()
  const heartbeat = new NodeHeartbeat(link, id, 600)
  heartbeat.start(100)
  const presence = new PresenceFanOut(link, id, heartbeat, counters, log)
  presence.start(100)
  const seats = new BoardSeats(link, id, counters, log, 600)
  seats.start(100)
  let closed = false
  const close = async (orderly: boolean) => {
    if (closed) return
    closed = true
    presence.close()
    seats.close()
    // A node that dies leaves its heartbeat key to lapse.
    if (orderly) await heartbeat.stop()
    else await heartbeat.stop().catch(() => undefined)
    await link.close()
  }
  cleanups.push(() => close(true))
  return { link, counters, heartbeat, presence, seats, die: () => close(false) }
}

/** A room's awareness, empty, and the ids its connections may not write. */
function emptyRoom() {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc())
  awareness.setLocalState(null)
  cleanups.push(() => awareness.destroy())
  return Object.assign(awareness, { foreign: new Set<number>() })
}

/** The room as the presence fan-out sees it: everyone not on another node is here, none with a voter. */
const shared = (room: ReturnType<typeof emptyRoom>) => ({
  awareness: room,
  presence: {
    foreign: room.foreign,
    foreignVoters: new Map<number, string>(),
    voterOf: () => undefined,
    ownsHere: (id: number) => room.getStates().has(id) && !room.foreign.has(id),
  },
})

/** A person's state arrives on the room from their connection. */
function personJoins(room: awarenessProtocol.Awareness, clientId: number, name: string): void {
  const person = new awarenessProtocol.Awareness(new Y.Doc())
  person.clientID = clientId
  // A fresh id's first state has clock 0, which a room that knows nothing of it ignores; a browser's first state comes later.
  person.setLocalState({})
  person.setLocalState({ user: { name } })
  awarenessProtocol.applyAwarenessUpdate(room, awarenessProtocol.encodeAwarenessUpdate(person, [clientId]), 'connection')
  person.destroy()
}

describe('presence across nodes', () => {
  it("shows each node's people on the other, and a node that joins later gets the states already there", async () => {
    const a = await startNode('node-a')
    const b = await startNode('node-b')
    const roomA = emptyRoom()
    a.presence.share('board', shared(roomA))
    personJoins(roomA, 101, 'Ada')
    // Node b opens the board after Ada came: it asks for the states already there.
    const roomB = emptyRoom()
    b.presence.share('board', shared(roomB))
    await waitFor(() => roomB.getStates().has(101), { what: "Ada's presence on node b" })
    personJoins(roomB, 202, 'Bo')
    await waitFor(() => roomB.getStates().has(101) && roomA.getStates().has(202), { what: 'presence on both nodes' })
    expect(roomB.getStates().get(101)).toEqual({ user: { name: 'Ada' } })
    // No connection on node b may write Ada's presence; on node a her own connection does.
    expect([...roomB.foreign]).toEqual([101])
    expect([...roomA.foreign]).toEqual([202])
    // Ada leaves on node a: gone on node b too.
    awarenessProtocol.removeAwarenessStates(roomA, [101], 'leave')
    await waitFor(() => !roomB.getStates().has(101), { what: "Ada's presence to go on node b" })
    expect([...roomB.foreign]).toEqual([])
  })

  it("removes the presence of a node's people when that node dies and its heartbeat lapses", async () => {
    const a = await startNode('node-a')
    const b = await startNode('node-b')
    const roomA = emptyRoom()
    a.presence.share('board2', shared(roomA))
    personJoins(roomA, 303, 'Cy')
    const roomB = emptyRoom()
    b.presence.share('board2', shared(roomB))
    await waitFor(() => roomB.getStates().has(303), { what: 'presence on node b' })
    await a.die()
    await waitFor(() => !roomB.getStates().has(303), { what: 'the dead node’s presence to be removed' })
  })

  it('removes a person who left while Redis was down, once Redis is back, by the roster of their living node', async () => {
    const a = await startNode('node-a')
    const b = await startNode('node-b')
    const roomA = emptyRoom()
    a.presence.share('board3', shared(roomA))
    const roomB = emptyRoom()
    b.presence.share('board3', shared(roomB))
    personJoins(roomA, 404, 'Di')
    personJoins(roomA, 405, 'Eli')
    await waitFor(() => roomB.getStates().has(404) && roomB.getStates().has(405), { what: 'presence on node b' })
    await file.redis.kill()
    await waitFor(() => !a.link.up, { what: 'node a to see Redis down' })
    // Di's removal cannot be published now; node a's heartbeat lives on, so her node is not dead either.
    awarenessProtocol.removeAwarenessStates(roomA, [404], 'leave')
    await file.redis.restart()
    // Well before the 30-second awareness timeout that would otherwise end her cursor.
    await waitFor(() => !roomB.getStates().has(404), { what: 'Di’s presence to go on node b', timeoutMs: 10_000 })
    expect(roomB.getStates().has(405)).toBe(true)
    expect([...roomB.foreign]).toEqual([405])
  })
})

describe('the connection cap across nodes', () => {
  it('counts the seats of every node, frees a seat when its connection closes, and one of a dead node when it lapses', async () => {
    const a = await startNode('node-a')
    const b = await startNode('node-b')
    expect(await a.seats.take('full', 'c1', 3)).toBe('seated')
    expect(await a.seats.take('full', 'c2', 3)).toBe('seated')
    expect(await b.seats.take('full', 'c1', 3)).toBe('seated')
    expect(await b.seats.take('full', 'c2', 3)).toBe('full')
    expect(b.counters.seatsRefused).toBe(1)
    b.seats.release('full', 'c1')
    await waitFor(async () => (await a.seats.take('full', 'c3', 3)) === 'seated', { what: 'the released seat' })
    // Node a dies holding three seats: they lapse and node b can seat people again.
    await a.die()
    await waitFor(async () => (await b.seats.take('full', 'c4', 3)) === 'seated', { what: 'the dead node’s seats to lapse' })
  })

  it("falls back to the node's own count when Redis cannot answer", async () => {
    const a = await startNode('node-a')
    await file.redis.kill()
    try {
      await waitFor(() => !a.link.up, { what: 'the node to see Redis down' })
      expect(await a.seats.take('board', 'c1', 1)).toBe('unchecked')
      expect(a.counters.seatsUnchecked).toBe(1)
    } finally {
      await file.redis.restart()
    }
  })
})
