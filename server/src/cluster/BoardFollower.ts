import * as Y from 'yjs'
import type { Logger } from 'pino'

/**
 * How long a gap in a board's seqs waits for the missing entries to come from Redis before they
 * are read from Postgres. Entries of one board published by two nodes reach the stream in the
 * order their publishes ran, which is not always seq order (two nodes committing at the same
 * moment publish in either order), so most gaps close by themselves within a round trip. A
 * lost entry costs this delay; filling every passing gap from Postgres would cost a query per
 * concurrent commit.
 */
export const GAP_GRACE_MS = 100

/** A fill that failed (Postgres unreachable) is tried again after this long. */
export const FILL_RETRY_MS = 1_000

/**
 * Entries a board keeps while it waits for a gap to fill. Past this it stops waiting and fills
 * from Postgres at once; the entries it holds are bounded either way by what one fill returns.
 */
export const MAX_WAITING_ENTRIES = 1_000

/**
 * Updates one fill reads at most. A node far behind (paused for minutes) catches up in several
 * reads of this many, each applied before the next is read, instead of holding the whole log
 * in memory at once.
 */
export const FILL_BATCH = 500

/** What Postgres holds of a board after a seq (Storage.updatesAfter). */
export interface CommittedTail {
  /**
   * The board's snapshot, when the log no longer holds every update after the asked seq (a
   * compaction folded them in); null when it does.
   */
  snapshot: Uint8Array | null
  /** The seq the snapshot holds everything up to. */
  snapshotSeq: number
  /** Logged updates after the asked seq (and after `snapshotSeq`), in seq order. */
  updates: { seq: number; update: Uint8Array }[]
}

/** The room a follower keeps up to date. */
export interface FollowedRoom {
  readonly doc: Y.Doc
  /** Applies an update another node committed and sends it to this node's clients; no commit. */
  applyRemote(update: Uint8Array): void
}

/** What a follower reports, for /metrics. */
export interface FollowerObserver {
  /** An entry whose seq was applied already (or is ours) was dropped. */
  duplicate(): void
  /** A fill from Postgres applied `updates` updates that had not come through Redis. */
  filled(updates: number): void
}

export interface BoardFollowerOptions {
  boardId: string
  /** The seq the room was loaded at: every update up to it is in the doc. */
  loadedSeq: number
  room: FollowedRoom
  /** At most `limit` updates after `afterSeq`. */
  readTail: (boardId: string, afterSeq: number, limit: number) => Promise<CommittedTail>
  log: Logger
  observer: FollowerObserver
  gapGraceMs?: number
}

/**
 * Keeps one loaded board in step with the commits of every node, by seq. Postgres numbers each
 * committed batch of a board in commit order; this node applies each number once, in order:
 * - an entry for the next seq is applied at once;
 * - a duplicate, or an entry for a seq this node committed itself, is dropped unseen;
 * - an entry past a gap waits, and if the gap does not close within GAP_GRACE_MS the missing
 *   updates are read from Postgres (`readTail`), never guessed or skipped. A compaction that
 *   folded them away hands the snapshot instead, which Yjs merges without doubling anything.
 * This node's own commits arrive through `committedHere` and may run ahead of the others'.
 *
 * `appliedThrough` is the seq up to which the doc holds every update: the only seq this node
 * may compact the board's log up to.
 */
export class BoardFollower {
  readonly boardId: string
  private through: number
  /** Seqs past `through` that the doc holds already (this node's commits). */
  private readonly ahead = new Set<number>()
  /** Entries past a gap, by seq; null: the entry came without its update (read it from Postgres). */
  private readonly waiting = new Map<number, Uint8Array | null>()
  private timer: NodeJS.Timeout | null = null
  private filling: Promise<void> | null = null
  /** Fills failed in a row; only the first of a run is logged as a warning (Postgres down is once a second per board). */
  private failures = 0
  private closed = false

  constructor(private readonly opts: BoardFollowerOptions) {
    this.boardId = opts.boardId
    this.through = opts.loadedSeq
  }

  get appliedThrough(): number {
    return this.through
  }

  /** Whether seqs past `appliedThrough` are known that the doc does not hold yet. */
  get hasGap(): boolean {
    return this.waiting.size > 0 || this.ahead.size > 0
  }

  /** Whether a fill from Postgres is waiting for its grace to pass, or running. */
  get fillPending(): boolean {
    return this.timer !== null || this.filling !== null
  }

  /** This node committed `seq` and its room applied it. */
  committedHere(seq: number): void {
    if (this.closed || seq <= this.through) return
    this.ahead.add(seq)
    this.waiting.delete(seq)
    this.advance()
    this.gapChanged()
  }

  /** Another node committed `seq`; `update` is null when it did not travel and must be read from Postgres. */
  received(seq: number, update: Uint8Array | null): void {
    if (this.closed) return
    if (seq <= this.through || this.ahead.has(seq) || (this.waiting.has(seq) && (update === null || this.waiting.get(seq) !== null))) {
      this.opts.observer.duplicate()
      return
    }
    if (seq === this.through + 1 && update) {
      this.apply(update)
      this.through = seq
      this.advance()
    } else this.waiting.set(seq, update)
    this.gapChanged(this.waiting.size >= MAX_WAITING_ENTRIES)
  }

  /**
   * Reads what Postgres committed after `appliedThrough` and applies what this node lacks: a
   * gap that did not close, or a poll while Redis is down. Resolves when done; a fill already
   * running is joined, not repeated. Rejects when Postgres cannot be read.
   */
  catchUp(): Promise<void> {
    if (this.closed) return Promise.resolve()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.filling ??= this.fill().finally(() => {
      this.filling = null
    })
    return this.filling
  }

  /**
   * Resolves once the doc holds everything committed to the board before this call, read from
   * Postgres if it has not come through Redis. A fill already running may have read before
   * that, so one more follows it. Rejects when Postgres cannot be read.
   */
  async caughtUp(): Promise<void> {
    if (this.filling) await this.filling.catch(() => undefined)
    await this.catchUp()
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.waiting.clear()
    this.ahead.clear()
  }

  /** A gap waits for its fill; a gap that closed by itself needs none. */
  private gapChanged(now = false): void {
    if (this.hasGap) this.scheduleFill(now)
    else if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
  }

  private scheduleFill(now = false, delay = this.opts.gapGraceMs ?? GAP_GRACE_MS): void {
    if (this.closed || this.filling) return
    if (now) {
      this.catchUp().catch(() => undefined)
      return
    }
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.catchUp().catch(() => undefined)
    }, delay)
    this.timer.unref()
  }

  private async fill(): Promise<void> {
    let tail: CommittedTail
    const from = this.through
    try {
      tail = await this.opts.readTail(this.boardId, from, FILL_BATCH)
    } catch (err) {
      if (this.failures++ === 0) this.opts.log.warn({ err }, 'reading committed updates from Postgres failed; trying again')
      this.filling = null
      this.scheduleFill(false, FILL_RETRY_MS)
      throw err
    }
    if (this.failures > 0) this.opts.log.info({ failures: this.failures }, 'reading committed updates from Postgres works again')
    this.failures = 0
    if (this.closed) return
    let applied = 0
    if (tail.snapshot && tail.snapshotSeq > this.through) {
      // The log was compacted past us: merge the snapshot, of which the doc has most already.
      this.apply(Y.diffUpdate(tail.snapshot, Y.encodeStateVector(this.opts.room.doc)))
      this.skipTo(tail.snapshotSeq)
      applied++
    }
    for (const { seq, update } of tail.updates) {
      if (seq <= this.through) continue
      if (!this.ahead.has(seq)) {
        this.apply(update)
        applied++
      }
      this.skipTo(seq)
    }
    this.advance()
    if (applied > 0) this.opts.observer.filled(applied)
    if (tail.updates.length >= FILL_BATCH) {
      // More than one read holds: the next batch at once.
      this.filling = null
      this.scheduleFill(true)
    } else if (this.hasGap) {
      // Entries past what Postgres had when we read were published after it: they come, or the next fill reads them.
      this.filling = null
      this.scheduleFill()
    }
  }

  /** Everything up to `seq` is in the doc now. */
  private skipTo(seq: number): void {
    if (seq <= this.through) return
    for (const s of this.ahead) if (s <= seq) this.ahead.delete(s)
    for (const s of this.waiting.keys()) if (s <= seq) this.waiting.delete(s)
    this.through = seq
  }

  /** Moves `through` over the seqs the doc holds or that are waiting with their update. */
  private advance(): void {
    for (;;) {
      const next = this.through + 1
      if (this.ahead.delete(next)) {
        this.through = next
        continue
      }
      const update = this.waiting.get(next)
      if (!update) return
      this.waiting.delete(next)
      this.apply(update)
      this.through = next
    }
  }

  private apply(update: Uint8Array): void {
    try {
      this.opts.room.applyRemote(update)
    } catch (err) {
      // Postgres holds the update; a room that cannot apply it has failed in a way a reload mends.
      this.opts.log.error({ err }, 'applying an update committed on another node failed')
    }
  }
}
