import type { Logger } from 'pino'
import { clusterKeys } from './clusterKeys'
import type { ClusterCounters } from './ClusterCounters'
import type { RedisLink } from './RedisLink'

/**
 * How long a seat lasts without being refreshed. A node that dies leaves its seats behind for
 * this long at most; its people come back on other nodes within seconds, and on a full board
 * they find their old seats taken until these lapse.
 */
export const SEAT_TTL_MS = 6_000

/** How often a node refreshes the seats of its connections. */
export const SEAT_REFRESH_MS = 2_000

/**
 * Takes a seat if the board has fewer than ARGV[2] live seats. Redis's clock scores every seat,
 * so the nodes' clocks need not agree. KEYS[1]: the seats; ARGV: member, max, ttl ms.
 */
const TAKE_SEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`

/** Refreshes seats. KEYS[1]: the seats; ARGV: ttl ms, then the members. */
const REFRESH_SEATS = `
local t = redis.call('TIME')
local expiry = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], expiry, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1
`

export type SeatAnswer = 'seated' | 'full' | 'unchecked'

/**
 * The per-board connection cap across every node: a sorted set per board in Redis holds one
 * seat per connection, scored by when it lapses; each node refreshes its own connections'
 * seats and gives a seat back when its connection closes. Seats of a node that died lapse by
 * themselves (SEAT_TTL_MS).
 *
 * When Redis cannot answer, the seat is `unchecked` and the node's own per-board cap is all that
 * holds: a Redis outage must not lock people out of their workshop.
 */
export class BoardSeats {
  /** This node's seats, by board. */
  private readonly mine = new Map<string, Set<string>>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly link: RedisLink,
    private readonly nodeId: string,
    private readonly counters: ClusterCounters,
    private readonly log: Logger,
    private readonly ttlMs = SEAT_TTL_MS,
  ) {}

  start(everyMs = SEAT_REFRESH_MS): void {
    this.timer = setInterval(() => this.refresh(), everyMs)
    this.timer.unref()
  }

  /** Takes a seat on `boardId` for connection `connectionId` if the board holds fewer than `max` across all nodes. */
  async take(boardId: string, connectionId: string, max: number): Promise<SeatAnswer> {
    const member = this.member(connectionId)
    let seats = this.mine.get(boardId)
    if (!seats) this.mine.set(boardId, (seats = new Set()))
    // Counted as this node's before the answer: a refresh meanwhile keeps it, and a release finds it.
    seats.add(member)
    if (!this.link.up) {
      this.counters.seatsUnchecked++
      return 'unchecked'
    }
    try {
      const taken = await this.link.commands.eval(TAKE_SEAT, 1, clusterKeys.seats(boardId), member, max, this.ttlMs)
      if (taken === 1) return 'seated'
      this.forget(boardId, member)
      this.counters.seatsRefused++
      return 'full'
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message }, boardId }, 'checking the seats of a board in Redis failed; this node counts its own')
      this.counters.seatsUnchecked++
      return 'unchecked'
    }
  }

  /** The connection closed: its seat is free for anyone on any node. */
  release(boardId: string, connectionId: string): void {
    const member = this.member(connectionId)
    if (!this.forget(boardId, member) || !this.link.up) return
    this.link.commands.zrem(clusterKeys.seats(boardId), member).catch(() => undefined)
  }

  close(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private member(connectionId: string): string {
    return `${this.nodeId}/${connectionId}`
  }

  private forget(boardId: string, member: string): boolean {
    const seats = this.mine.get(boardId)
    if (!seats?.delete(member)) return false
    if (seats.size === 0) this.mine.delete(boardId)
    return true
  }

  private refresh(): void {
    if (!this.link.up) return
    for (const [boardId, seats] of this.mine) {
      this.link.commands.eval(REFRESH_SEATS, 1, clusterKeys.seats(boardId), this.ttlMs, ...seats).catch(() => undefined)
    }
  }
}
