import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Logger } from 'pino'
import { isPrivateDocKey, parsePrivateDocKey } from '../private/privateDocKey'
import type { LogTail, Storage } from '../storage/Storage'
import type { BoardFollower, CommittedTail, FollowedRoom } from './BoardFollower'
import { BoardSeats } from './BoardSeats'
import { newClusterCounters, type ClusterCounters } from './ClusterCounters'
import { NodeHeartbeat } from './NodeHeartbeat'
import { PeopleAcrossNodes, type ActivityElsewhere, type ActivityRoom } from './PeopleAcrossNodes'
import { PresenceFanOut, type PresenceRoom } from './PresenceFanOut'
import { RedisLink } from './RedisLink'
import { UpdateFanOut } from './UpdateFanOut'

/** A loaded board, or a person's private doc (its `boardId` a `privateDocKey`), as the cluster sees it. */
export interface ClusterRoom extends FollowedRoom, Omit<PresenceRoom, 'presence'>, Omit<ActivityRoom, 'presence'> {
  readonly boardId: string
  readonly presence: PresenceRoom['presence'] & ActivityRoom['presence']
}

/** What /readyz shows of Redis. */
export interface ClusterCheck {
  nodeId: string
  redisReachable: boolean
  /** What is wrong, in plain words; absent when Redis is reachable. */
  problem?: string
}

export interface ClusterOptions {
  /** redis://… (REDIS_URL). */
  redisUrl: string
  /** Where the nodes commit (Postgres): read for what Redis did not bring. */
  storage: Pick<Storage, 'updatesAfter' | 'privateUpdatesAfter'>
  log: Logger
  /** Tests shorten the waits. */
  timings?: Partial<ClusterTimings>
}

export interface ClusterTimings {
  gapGraceMs: number
  pollWhileDownMs: number
  pollWhileUpMs: number
}

/**
 * Multi-node mode (DATABASE_URL and REDIS_URL): several nodes serve the same boards, Postgres
 * is the commit point and Redis carries what is live between them.
 * - Updates: each node commits to Postgres, which numbers a board's batches in commit order,
 *   then applies, sends to its own clients and publishes (UpdateFanOut.ts); every other node
 *   applies them by seq, filling gaps from Postgres (BoardFollower.ts).
 * - Presence: Redis pub/sub, tagged with the node; a node's heartbeat key lapsing removes its
 *   people (PresenceFanOut.ts, NodeHeartbeat.ts).
 * - The per-board connection cap counts seats across the nodes (BoardSeats.ts).
 * - People's private docs (private mode, keyed by `privateDocKey`) take the same path as boards
 *   for their updates: a person's tabs on two nodes see each other's private items at once. They
 *   are no boards for anything else: no presence crosses nodes for them, no report counts their
 *   people, and they take no seats (sync/upgrade.ts), so nothing of them reaches anyone but their
 *   own person's connections.
 * While Redis is unreachable every node keeps serving: the fan-out polls Postgres about once a
 * second, presence stays on each node, and each node applies its own cap.
 */
export class Cluster {
  readonly nodeId: string
  readonly counters: ClusterCounters = newClusterCounters()
  readonly link: RedisLink
  readonly seats: BoardSeats
  private readonly updates: UpdateFanOut
  private readonly presence: PresenceFanOut
  private readonly heartbeat: NodeHeartbeat
  private readonly people: PeopleAcrossNodes
  private readonly followers = new Map<string, BoardFollower>()

  constructor(private readonly opts: ClusterOptions) {
    this.nodeId = newNodeId()
    const log = opts.log.child({ node: this.nodeId })
    this.link = new RedisLink(opts.redisUrl, log)
    this.updates = new UpdateFanOut({
      nodeId: this.nodeId,
      link: this.link,
      readTail: async (key, afterSeq, limit): Promise<CommittedTail> =>
        // A board deleted meanwhile has nothing more to follow; its room is being closed.
        (await this.tailOf(key, afterSeq, limit)) ?? { snapshot: null, snapshotSeq: 0, updates: [] },
      log,
      counters: this.counters,
      ...(opts.timings?.gapGraceMs !== undefined ? { gapGraceMs: opts.timings.gapGraceMs } : {}),
      ...(opts.timings?.pollWhileDownMs !== undefined ? { pollWhileDownMs: opts.timings.pollWhileDownMs } : {}),
      ...(opts.timings?.pollWhileUpMs !== undefined ? { pollWhileUpMs: opts.timings.pollWhileUpMs } : {}),
    })
    this.heartbeat = new NodeHeartbeat(this.link, this.nodeId)
    this.presence = new PresenceFanOut(this.link, this.nodeId, this.heartbeat, this.counters, log)
    this.seats = new BoardSeats(this.link, this.nodeId, this.counters, log)
    this.people = new PeopleAcrossNodes(this.link, this.nodeId)
    this.link.onChange((up) => {
      if (up) log.info('redis reachable; fan-out through redis')
      else log.warn('redis unreachable; this node keeps serving and polls Postgres for the other nodes’ updates')
    })
    this.heartbeat.start()
    this.updates.start()
    this.presence.start()
    this.seats.start()
    this.people.start()
  }

  /** Step one of opening a board (subscribe-then-load): call before reading it from Postgres. Never throws. */
  watch(boardId: string): Promise<void> {
    return this.updates.watch(boardId)
  }

  /**
   * The board's room loaded everything up to `loadedSeq`: it follows the other nodes' commits and
   * presence from now on. A private doc's room follows their commits only.
   */
  follow(room: ClusterRoom, loadedSeq: number): void {
    const follower = this.updates.follow(room.boardId, room, loadedSeq, this.opts.log.child({ boardId: room.boardId }))
    this.followers.set(room.boardId, follower)
    if (!isPrivateDocKey(room.boardId)) {
      this.presence.share(room.boardId, room)
      this.people.track(room)
    }
    // Anything committed between the stream position and the load is past `loadedSeq` only if it
    // was published after the position, so the stream brings it; this look covers a publish that failed.
    follower.catchUp().catch(() => undefined)
  }

  /** Resolves once this node's doc of the board holds everything committed to it so far (BoardFollower.caughtUp). */
  caughtUp(boardId: string): Promise<void> {
    return this.followers.get(boardId)?.caughtUp() ?? Promise.resolve()
  }

  /** The board's room is released on this node. */
  unfollow(boardId: string): void {
    const follower = this.followers.get(boardId)
    this.followers.delete(boardId)
    this.updates.unfollow(boardId, follower)
    if (isPrivateDocKey(boardId)) return
    this.presence.unshare(boardId)
    this.people.untrack(boardId)
  }

  /** This node committed `update` as the board's `seq` and applied it locally. Never throws. */
  committed(boardId: string, seq: number, update: Uint8Array): void {
    this.updates.committed(boardId, seq, update)
  }

  /**
   * The seq up to which this node's doc of the board holds every update: the most its log may be
   * compacted up to. A node may have committed seq 7 while seq 6 from another node is on its
   * way; compacting up to 7 would delete 6 from the log without it being in the snapshot.
   */
  appliedThrough(boardId: string): number | undefined {
    return this.updates.appliedThrough(boardId)
  }

  /** Who is on these boards on the other nodes, for the gathering overview (PeopleAcrossNodes.ts). */
  activityElsewhere(boardIds: readonly string[]): Promise<Map<string, ActivityElsewhere>> {
    return this.people.elsewhere(boardIds)
  }

  check(): ClusterCheck {
    if (this.link.up) return { nodeId: this.nodeId, redisReachable: true }
    return {
      nodeId: this.nodeId,
      redisReachable: false,
      problem: 'Redis cannot be reached; this node serves on and reads the other nodes’ updates from Postgres about once a second',
    }
  }

  /** What Postgres committed of a board, or of a private doc by its key, after `afterSeq`. */
  private tailOf(key: string, afterSeq: number, limit: number): Promise<LogTail | null> {
    if (!isPrivateDocKey(key)) return this.opts.storage.updatesAfter(key, afterSeq, limit)
    const { boardId, personId } = parsePrivateDocKey(key)
    return this.opts.storage.privateUpdatesAfter(boardId, personId, afterSeq, limit)
  }

  /** Call after this node's connections are closed (their presence removals and seats went out). */
  async close(): Promise<void> {
    this.seats.close()
    this.people.close()
    this.presence.close()
    await this.heartbeat.stop()
    await this.updates.close()
    await this.link.close()
  }
}

/** Node ids are made of the host name, the process id and a random part, so a restarted node is a new one. */
function newNodeId(): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '').slice(0, 32) || 'node'
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`
}
