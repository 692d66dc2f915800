import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Logger } from 'pino'
import * as awarenessProtocol from 'y-protocols/awareness'
import { boardOfPresenceChannel, clusterKeys } from './clusterKeys'
import type { ClusterCounters } from './ClusterCounters'
import type { NodeHeartbeat } from './NodeHeartbeat'
import { NODE_HEARTBEAT_MS } from './NodeHeartbeat'
import type { RedisLink } from './RedisLink'

/**
 * A node publishes its people's presence changes at most this often per board, each time the
 * states that changed since, merged into one message. The rooms relay presence to their own
 * clients every 50 to 100 ms; publishing every 50 ms adds at most that much to a cursor seen on
 * another node, and a hundred moving cursors make 20 messages a second, not thousands.
 */
export const PRESENCE_PUBLISH_MS = 50

/** Bytes of a presence message a node accepts from Redis; a room's whole presence is far less (presenceLimits.ts). */
const MAX_PRESENCE_MESSAGE_BYTES = 1024 * 1024

/** Kinds of presence message. */
const STATES = 0
/** A node that just opened the board asks the others for their people's states. */
const ASK = 1
/**
 * The ids of every person a node holds on a board, each with its voter id, sent with each
 * heartbeat: whoever the others show for that node and is not in it has left. A removal is
 * published once, and one published while Redis was down, or lost in a restart, would otherwise
 * leave a cursor behind until the awareness timeout (30 s); with the roster it goes within one
 * heartbeat. The voter ids let a person whose node died take their id over on the node they
 * reconnect to (PresenceOwnership.takeOver), so a roster also follows the first states of
 * anyone it did not name yet: a person whose node dies within a heartbeat of their arrival would
 * otherwise be shut out of their own presence until that node lapsed. Redis is inside the
 * cluster's trust boundary: it carries every update too.
 */
const ROSTER = 2

/** Origin of awareness changes this module applies, so it does not publish them back. */
const REMOTE = Symbol('remote presence')

/** The room whose presence crosses nodes. */
export interface PresenceRoom {
  readonly awareness: awarenessProtocol.Awareness
  /** Ids of people on other nodes, which no connection here may write, and who they are (PresenceOwnership). */
  readonly presence: {
    readonly foreign: Set<number>
    readonly foreignVoters: Map<number, string>
    voterOf(clientId: number): string | undefined
    ownsHere(clientId: number): boolean
  }
}

interface Shared {
  room: PresenceRoom
  /**
   * Presence of people on other nodes, by node. An id stays in its node's set after someone
   * here took it over (it left `foreign`); only ids still foreign are removed for that node.
   */
  remote: Map<string, Set<number>>
  /** Ids of this node's people that changed since the last publish. */
  changed: Set<number>
  /** Ids of this node's people that its last roster named, and that have not left since. */
  rostered: Set<number>
  timer: NodeJS.Timeout | null
  listener: (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void
}

/**
 * Presence across nodes through Redis pub/sub, a channel per board: each node publishes its own
 * people's awareness updates tagged with its node id, and applies the other nodes' to its room,
 * which relays them to its clients like any other presence. Presence is never stored, so a
 * message lost while Redis is down is only a cursor late: the next change or the clients'
 * 15-second renewal brings it.
 *
 * A node that dies cannot say goodbye: every NODE_HEARTBEAT_MS each node looks up the heartbeat
 * of the nodes whose people it shows (NodeHeartbeat.ts), and removes the presence of those whose
 * key lapsed, within NODE_TTL_MS plus one look. A living node sends its roster (ROSTER) as often.
 */
export class PresenceFanOut {
  private readonly boards = new Map<string, Shared>()
  private timer: NodeJS.Timeout | null = null
  /** When Redis last became reachable: heartbeats are judged only once every node had time to beat again. */
  private upSince = Date.now()

  constructor(
    private readonly link: RedisLink,
    private readonly nodeId: string,
    private readonly heartbeat: NodeHeartbeat,
    private readonly counters: ClusterCounters,
    private readonly log: Logger,
  ) {
    link.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message))
    link.onChange((up) => {
      if (!up) return
      this.upSince = Date.now()
      // A Redis that restarted lost what was said meanwhile: every node tells its people again, and asks for the others'.
      for (const [boardId, shared] of this.boards) {
        this.publishOwn(boardId, shared)
        this.publish(boardId, ASK, new Uint8Array(0))
      }
    })
  }

  start(everyMs = NODE_HEARTBEAT_MS): void {
    this.timer = setInterval(() => {
      void this.dropDeadNodes()
      for (const [boardId, shared] of this.boards) this.publishRoster(boardId, shared)
    }, everyMs)
    this.timer.unref()
  }

  /** The board's room is loaded here: its presence goes out and the others' comes in. */
  share(boardId: string, room: PresenceRoom): void {
    this.unshare(boardId)
    const shared: Shared = {
      room,
      remote: new Map(),
      changed: new Set(),
      rostered: new Set(),
      timer: null,
      listener: ({ added, updated, removed }, origin) => {
        if (origin === REMOTE) return
        for (const id of [...added, ...updated]) if (!this.isRemote(shared, id)) shared.changed.add(id)
        // A removal goes out now: the room forgets the id's clock right after telling its clients.
        const gone = removed.filter((id) => !this.isRemote(shared, id))
        if (gone.length > 0) {
          for (const id of gone) {
            shared.changed.delete(id)
            // The others forget their voter with their state: if they come back, the roster follows again.
            shared.rostered.delete(id)
          }
          this.publish(boardId, STATES, awarenessProtocol.encodeAwarenessUpdate(room.awareness, gone))
        }
        if (shared.changed.size > 0 && !shared.timer) {
          shared.timer = setTimeout(() => this.flush(boardId, shared), PRESENCE_PUBLISH_MS)
          shared.timer.unref()
        }
      },
    }
    this.boards.set(boardId, shared)
    room.awareness.on('update', shared.listener)
    this.link.subscribe(clusterKeys.presence(boardId)).then(
      () => this.publish(boardId, ASK, new Uint8Array(0)),
      (err: unknown) => this.log.warn({ err: { message: (err as Error).message }, boardId }, 'subscribing to presence from other nodes failed'),
    )
  }

  /** The board's room is gone from this node. */
  unshare(boardId: string): void {
    const shared = this.boards.get(boardId)
    if (!shared) return
    this.boards.delete(boardId)
    shared.room.awareness.off('update', shared.listener)
    if (shared.timer) clearTimeout(shared.timer)
    this.link.unsubscribe(clusterKeys.presence(boardId))
  }

  close(): void {
    if (this.timer) clearInterval(this.timer)
    for (const boardId of [...this.boards.keys()]) this.unshare(boardId)
  }

  private isRemote(shared: Shared, id: number): boolean {
    return shared.room.presence.foreign.has(id)
  }

  private flush(boardId: string, shared: Shared): void {
    shared.timer = null
    const ids = [...shared.changed].filter((id) => shared.room.awareness.states.has(id))
    shared.changed.clear()
    if (ids.length === 0) return
    this.publish(boardId, STATES, awarenessProtocol.encodeAwarenessUpdate(shared.room.awareness, ids))
    if (ids.some((id) => !shared.rostered.has(id))) this.publishRoster(boardId, shared)
  }

  private ownIds(shared: Shared): number[] {
    return [...shared.room.awareness.states.keys()].filter((id) => !this.isRemote(shared, id))
  }

  /** Publishes the states of every person on this node, and its roster. */
  private publishOwn(boardId: string, shared: Shared): void {
    const own = this.ownIds(shared)
    if (own.length > 0) this.publish(boardId, STATES, awarenessProtocol.encodeAwarenessUpdate(shared.room.awareness, own))
    this.publishRoster(boardId, shared)
  }

  private publishRoster(boardId: string, shared: Shared): void {
    const own = this.ownIds(shared)
    shared.rostered = new Set(own)
    const enc = encoding.createEncoder()
    encoding.writeVarUint(enc, own.length)
    for (const id of own) {
      encoding.writeVarUint(enc, id)
      encoding.writeVarString(enc, shared.room.presence.voterOf(id) ?? '')
    }
    this.publish(boardId, ROSTER, encoding.toUint8Array(enc))
  }

  private publish(boardId: string, kind: number, payload: Uint8Array): void {
    if (!this.link.up) return
    const node = Buffer.from(this.nodeId, 'latin1')
    const message = Buffer.concat([Buffer.from([kind, node.byteLength]), node, payload])
    this.counters.presencePublished++
    this.link.commands.publish(clusterKeys.presence(boardId), message).catch(() => undefined)
  }

  private onMessage(channel: string, message: Buffer): void {
    const boardId = boardOfPresenceChannel(channel)
    const shared = boardId === null ? undefined : this.boards.get(boardId)
    if (!boardId || !shared || message.byteLength < 2 || message.byteLength > MAX_PRESENCE_MESSAGE_BYTES) return
    const kind = message[0]
    const nodeLength = message[1]!
    const node = message.subarray(2, 2 + nodeLength).toString('latin1')
    if (node === this.nodeId || node.length === 0) return
    this.counters.presenceReceived++
    if (kind === ASK) {
      this.publishOwn(boardId, shared)
      return
    }
    const payload = new Uint8Array(message.buffer, message.byteOffset + 2 + nodeLength, message.byteLength - 2 - nodeLength)
    if (kind === ROSTER) {
      this.applyRoster(boardId, shared, node, payload)
      return
    }
    if (kind !== STATES) return
    let entries: AwarenessEntry[]
    try {
      entries = readEntries(payload)
      // A person who moved here from that node is ours now: what their old node still says of them (their leave there) is not news.
      const news = entries.filter(({ id }) => !this.isLocal(shared, id))
      awarenessProtocol.applyAwarenessUpdate(shared.room.awareness, news.length === entries.length ? payload : encodeEntries(news), REMOTE)
      entries = news
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message }, boardId, node }, 'skipped a presence message from another node that cannot be read')
      return
    }
    let ids = shared.remote.get(node)
    if (!ids) shared.remote.set(node, (ids = new Set()))
    for (const { id, removed } of entries) {
      if (removed) {
        ids.delete(id)
        shared.room.presence.foreign.delete(id)
        shared.room.presence.foreignVoters.delete(id)
      } else {
        ids.add(id)
        shared.room.presence.foreign.add(id)
        // A person whose node died came back through this one: the dead node's lapse must not take them away.
        for (const [other, theirs] of shared.remote) if (other !== node && theirs.delete(id) && theirs.size === 0) shared.remote.delete(other)
      }
    }
    if (ids.size === 0) shared.remote.delete(node)
  }

  /** Removes the people shown for `node` that its roster no longer names. */
  private applyRoster(boardId: string, shared: Shared, node: string, payload: Uint8Array): void {
    const ids = shared.remote.get(node)
    if (!ids) return
    let named: Map<number, string>
    try {
      named = readRoster(payload)
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message }, boardId, node }, 'skipped a presence roster from another node that cannot be read')
      return
    }
    const { foreign, foreignVoters } = shared.room.presence
    for (const [id, voter] of named) if (voter !== '' && ids.has(id) && foreign.has(id)) foreignVoters.set(id, voter)
    const gone = [...ids].filter((id) => !named.has(id))
    for (const id of gone) ids.delete(id)
    if (ids.size === 0) shared.remote.delete(node)
    this.removeForeign(shared, gone)
  }

  /** Removes the presence of those of `ids` still shown for another node (not taken over here); returns how many had a state. */
  private removeForeign(shared: Shared, ids: Iterable<number>): number {
    const { foreign, foreignVoters } = shared.room.presence
    const live: number[] = []
    for (const id of ids) {
      if (!foreign.delete(id)) continue
      foreignVoters.delete(id)
      if (shared.room.awareness.states.has(id)) live.push(id)
    }
    if (live.length > 0) awarenessProtocol.removeAwarenessStates(shared.room.awareness, live, REMOTE)
    return live.length
  }

  /** Whether `id` is a person on this node. */
  private isLocal(shared: Shared, id: number): boolean {
    return !shared.room.presence.foreign.has(id) && shared.room.presence.ownsHere(id)
  }

  /** Removes the presence of people whose node's heartbeat lapsed. */
  private async dropDeadNodes(): Promise<void> {
    // Right after Redis came back (restarted empty), the living nodes may not have beaten yet.
    if (Date.now() - this.upSince < this.heartbeat.ttlMs) return
    const nodes = new Set<string>()
    for (const shared of this.boards.values()) for (const node of shared.remote.keys()) nodes.add(node)
    const alive = await this.heartbeat.alive([...nodes])
    if (!alive) return
    for (const node of nodes) if (!alive.has(node)) this.counters.nodesLapsed++
    for (const shared of this.boards.values()) {
      for (const [node, ids] of shared.remote) {
        if (alive.has(node)) continue
        shared.remote.delete(node)
        const removed = this.removeForeign(shared, ids)
        this.log.info({ node, people: removed }, "removed the presence of a node that stopped; its heartbeat lapsed")
      }
    }
  }
}

/** The ids of a roster message, each with its voter id ('' for none). */
function readRoster(payload: Uint8Array): Map<number, string> {
  const decoder = decoding.createDecoder(payload)
  const count = decoding.readVarUint(decoder)
  // Each entry takes at least two bytes: a count beyond that is a broken message, not a reason to loop.
  if (count * 2 > payload.byteLength) throw new Error(`a roster of ${count} ids in ${payload.byteLength} bytes`)
  const ids = new Map<number, string>()
  for (let i = 0; i < count; i++) ids.set(decoding.readVarUint(decoder), decoding.readVarString(decoder))
  return ids
}

interface AwarenessEntry {
  id: number
  clock: number
  state: string
  removed: boolean
}

/** The entries of an awareness update, as y-protocols encodes it. */
function readEntries(payload: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(payload)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state = decoding.readVarString(decoder)
    entries.push({ id, clock, state, removed: state === 'null' })
  }
  return entries
}

function encodeEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, entries.length)
  for (const { id, clock, state } of entries) {
    encoding.writeVarUint(enc, id)
    encoding.writeVarUint(enc, clock)
    encoding.writeVarString(enc, state)
  }
  return encoding.toUint8Array(enc)
}
