import type { Logger } from 'pino'
import { BoardFollower, type CommittedTail, type FollowedRoom } from './BoardFollower'
import { boardOfUpdatesKey, clusterKeys } from './clusterKeys'
import type { ClusterCounters } from './ClusterCounters'
import type { RedisLink } from './RedisLink'
import { entryFields, entryTimeMs, readEntry } from './streamEntry'

/**
 * Entries a board's stream keeps, about (XADD MAXLEN ~ trims whole blocks, cheaply). The stream
 * is only the live tail: a node that falls further behind (paused, cut off) finds a gap in the
 * seqs and reads the rest from Postgres. 500 updates are a minute of a busy workshop.
 */
export const STREAM_MAX_ENTRIES = 500

/**
 * How long one blocking read waits for new entries. A read returns as soon as any board has
 * one, so this bounds only how long a board opened meanwhile waits before its stream joins the
 * read (its updates are not lost: its position was taken before it loaded).
 */
export const READ_BLOCK_MS = 200

/** Entries taken per read; a node behind by more reads again at once. */
const READ_COUNT = 500

/**
 * How often a node asks Postgres for new seqs of every board it holds while Redis is down (the
 * fan-out then runs through Postgres, about a second behind).
 */
export const POLL_WHILE_DOWN_MS = 1_000

/**
 * How often a node asks Postgres anyway while Redis is up. A node that dies between its commit
 * and its publish leaves a seq nobody announces; the next update of the board shows the gap,
 * but a board that then goes quiet would miss it until this look.
 */
export const POLL_WHILE_UP_MS = 5_000

export interface UpdateFanOutOptions {
  nodeId: string
  link: RedisLink
  readTail: (boardId: string, afterSeq: number, limit: number) => Promise<CommittedTail>
  log: Logger
  counters: ClusterCounters
  gapGraceMs?: number
  pollWhileDownMs?: number
  pollWhileUpMs?: number
}

interface Followed {
  follower: BoardFollower | null
  /** The stream id read up to; null: not known (Redis was down), taken again when it is back. */
  streamId: string | null
}

/**
 * The fan-out of committed updates between nodes through one Redis stream per board. A stream
 * per board (not one for all) lets each node read only the boards it holds, and trims each
 * board's tail on its own, so a busy board never pushes a quiet board's entries out.
 *
 * Opening a board is subscribe-then-load: `watch` takes the stream's position first, the room
 * loads from Postgres up to seq S, and `follow` applies only what is newer than S. Every commit
 * after the load's read is published after it, so after that position.
 *
 * Redis failures never fail a commit: a publish that fails is counted, and the other nodes find
 * the seq by polling Postgres (POLL_WHILE_DOWN_MS while Redis is down, POLL_WHILE_UP_MS always).
 * After Redis comes back (restarted empty, perhaps) every board takes its position again and
 * catches up from Postgres once.
 */
export class UpdateFanOut {
  private readonly boards = new Map<string, Followed>()
  private stopped = false
  private readLoop: Promise<void> | null = null
  private pollTimer: NodeJS.Timeout | null = null
  private lastPollAt = 0

  constructor(private readonly opts: UpdateFanOutOptions) {
    opts.link.onChange((up) => {
      if (up) void this.rejoin()
    })
  }

  start(): void {
    this.lastPollAt = Date.now()
    this.readLoop = this.read()
    const tick = Math.min(this.opts.pollWhileDownMs ?? POLL_WHILE_DOWN_MS, this.opts.pollWhileUpMs ?? POLL_WHILE_UP_MS)
    this.pollTimer = setInterval(() => this.poll(), tick)
    this.pollTimer.unref()
  }

  /** Subscribe before a board loads: takes the stream's position. Never throws. */
  async watch(boardId: string): Promise<void> {
    const followed: Followed = this.boards.get(boardId) ?? { follower: null, streamId: null }
    this.boards.set(boardId, followed)
    followed.streamId = await this.position(boardId)
  }

  /** The board's room loaded at `loadedSeq`; from now on it follows the others' commits. */
  follow(boardId: string, room: FollowedRoom, loadedSeq: number, log: Logger): BoardFollower {
    const followed = this.boards.get(boardId) ?? { follower: null, streamId: null }
    this.boards.set(boardId, followed)
    followed.follower?.close()
    const { counters } = this.opts
    followed.follower = new BoardFollower({
      boardId,
      loadedSeq,
      room,
      readTail: this.opts.readTail,
      log,
      observer: {
        duplicate: () => counters.duplicates++,
        filled: (n) => {
          counters.gapsFilled++
          counters.updatesFilled += n
        },
      },
      ...(this.opts.gapGraceMs !== undefined ? { gapGraceMs: this.opts.gapGraceMs } : {}),
    })
    return followed.follower
  }

  /** The board's room is gone: stop reading its stream. */
  unfollow(boardId: string, follower?: BoardFollower): void {
    const followed = this.boards.get(boardId)
    if (!followed || (follower && followed.follower !== follower)) return
    followed.follower?.close()
    this.boards.delete(boardId)
  }

  /** The seq up to which this node's doc of the board holds every update (what it may compact up to). */
  appliedThrough(boardId: string): number | undefined {
    return this.boards.get(boardId)?.follower?.appliedThrough
  }

  /** This node committed `update` as `seq` and applied it: tell the follower, and publish. Never throws. */
  committed(boardId: string, seq: number, update: Uint8Array): void {
    this.boards.get(boardId)?.follower?.committedHere(seq)
    const { link, counters } = this.opts
    if (!link.up) {
      counters.publishFailures++
      return
    }
    link.commands.xadd(clusterKeys.updates(boardId), 'MAXLEN', '~', STREAM_MAX_ENTRIES, '*', ...entryFields(seq, this.opts.nodeId, update)).then(
      () => counters.published++,
      (err: unknown) => {
        counters.publishFailures++
        this.opts.log.warn({ err: { message: (err as Error).message }, boardId, seq }, 'publishing an update to the other nodes failed; they read it from Postgres')
      },
    )
  }

  async close(): Promise<void> {
    this.stopped = true
    if (this.pollTimer) clearInterval(this.pollTimer)
    for (const { follower } of this.boards.values()) follower?.close()
    this.boards.clear()
    await this.readLoop
  }

  /** The stream's last entry id ('0-0' when it has none), or null when Redis cannot say. */
  private async position(boardId: string): Promise<string | null> {
    if (!this.opts.link.up) return null
    try {
      const last = await this.opts.link.commands.xrevrange(clusterKeys.updates(boardId), '+', '-', 'COUNT', 1)
      return last[0]?.[0] ?? '0-0'
    } catch {
      return null
    }
  }

  /** Takes the position of a board whose position was lost, then catches up from Postgres on what passed meanwhile. */
  private async retakePosition(boardId: string, followed: Followed): Promise<void> {
    const id = await this.position(boardId)
    if (id === null || followed.streamId !== null) return
    followed.streamId = id
    followed.follower?.catchUp().catch(() => undefined)
  }

  /** Redis is back: take every board's position again, then catch up from Postgres what passed meanwhile. */
  private async rejoin(): Promise<void> {
    const boards = [...this.boards.entries()]
    await Promise.all(boards.map(async ([boardId, followed]) => (followed.streamId = await this.position(boardId))))
    for (const [, followed] of boards) followed.follower?.catchUp().catch(() => undefined)
  }

  private poll(): void {
    const up = this.opts.link.up
    // A board whose stream position could not be taken (Redis failed a command) takes it now.
    if (up) for (const [boardId, followed] of this.boards) if (followed.streamId === null) void this.retakePosition(boardId, followed)
    const now = Date.now()
    if (up && now - this.lastPollAt < (this.opts.pollWhileUpMs ?? POLL_WHILE_UP_MS)) return
    this.lastPollAt = now
    if (!up) this.opts.counters.pollsWhileDown++
    for (const { follower } of this.boards.values()) follower?.catchUp().catch(() => undefined)
  }

  private async read(): Promise<void> {
    const { link, log, counters } = this.opts
    while (!this.stopped) {
      const keys: string[] = []
      const ids: string[] = []
      for (const [boardId, followed] of this.boards) {
        // A board still loading is read once it follows: its position holds what comes meanwhile.
        if (followed.streamId === null || !followed.follower) continue
        keys.push(clusterKeys.updates(boardId))
        ids.push(followed.streamId)
      }
      if (link.reader.status !== 'ready' || keys.length === 0) {
        await link.whenReady(link.reader, () => this.stopped)
        if (keys.length === 0) await new Promise((done) => setTimeout(done, READ_BLOCK_MS))
        continue
      }
      let answer: [Buffer, [Buffer, Buffer[]][]][] | null
      try {
        answer = await link.reader.xreadBuffer('COUNT', READ_COUNT, 'BLOCK', READ_BLOCK_MS, 'STREAMS', ...keys, ...ids)
      } catch (err) {
        if (!this.stopped) log.debug({ err: { message: (err as Error).message } }, 'reading the update streams failed')
        await link.whenReady(link.reader, () => this.stopped)
        continue
      }
      if (!answer) continue
      const now = Date.now()
      for (const [key, entries] of answer) {
        const boardId = boardOfUpdatesKey(key.toString())
        const followed = boardId === null ? undefined : this.boards.get(boardId)
        if (!followed) continue
        for (const [idBuffer, fields] of entries) {
          const id = idBuffer.toString('latin1')
          followed.streamId = id
          const entry = readEntry(fields)
          if (!entry) {
            counters.malformed++
            log.warn({ boardId, id }, 'skipped a stream entry that is not an update of this server')
            continue
          }
          if (entry.damaged) {
            counters.malformed++
            log.warn({ boardId, id, seq: entry.seq }, 'a stream entry held an unreadable update; reading it from Postgres')
          }
          if (entry.node === this.opts.nodeId) continue
          counters.received++
          counters.lagMs = Math.max(0, now - entryTimeMs(id))
          followed.follower?.received(entry.seq, entry.update)
        }
      }
    }
  }
}
