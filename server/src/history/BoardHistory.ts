import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { SnapshotKind, SnapshotRetention } from '@whiteboard/shared/api/historyApi'
import { BoardNotFoundError } from '../storage/BoardNotFoundError'
import type { DiskBudget } from '../storage/DiskBudget'
import type { BoardStorageUsage, SnapshotInfo, Storage } from '../storage/Storage'
import { changesContent } from '../sync/changesContent'
import type { Room } from '../sync/Room'
import type { RoomLifecycle } from '../sync/RoomManager'
import { HistoryLimitError } from './HistoryLimitError'
import { HistoryQuotaError } from './HistoryQuotaError'
import { planSnapshot } from './historyQuota'
import { isRollingKind } from './snapshotRetention'

/**
 * Most deliberate snapshots (`manual`, `before-restore`) one board may hold. Retention keeps
 * them for days, not by count, so without a cap a leaked facilitator link could fill the disk
 * with copies of a 25 MiB board. 100 is far beyond what a programme of gatherings names by
 * hand; past it, taking one (or restoring) is refused until some are deleted.
 */
export const MAX_KEPT_SNAPSHOTS_PER_BOARD = 100

export interface BoardHistoryOptions {
  storage: Storage
  log: Logger
  /** A board gets at most one automatic snapshot this often, and one only when it changed. */
  intervalMs: number
  retention: SnapshotRetention
  /** Most bytes of snapshots per board (historyQuota.ts). */
  maxHistoryBytes: number
  /** Past the disk budget no automatic snapshot is taken (the board stays marked as changed). */
  disk?: DiskBudget
  /** Milliseconds since the epoch; tests move it. Defaults to Date.now. */
  clock?: () => number
}

export interface SnapshotRequest {
  kind: SnapshotKind
  name: string
  author: string
}

/**
 * What history knows of a board whose automatic snapshots are being throttled. Kept per board,
 * not per room: a room that unloads and loads again (a person who connects, changes a little
 * and leaves, over and over) finds the same entry, so no cycle of joins makes extra snapshots.
 */
interface AutoState {
  /** When the last automatic snapshot was taken; undefined when none was in this process. */
  lastAutoAt: number | undefined
  /** The board changed since its last snapshot (of any kind) of the live state. */
  dirty: boolean
  /** When it first changed after that snapshot. */
  dirtySince: number
  /** The snapshot that holds the board's current state while it is not dirty, for `before-template`. */
  currentSnapshotId: string | undefined
  /** When dirty: the pending automatic snapshot; else the time this entry may be forgotten. */
  timer: NodeJS.Timeout | null
}

/** A loaded room history listens to. */
interface TrackedRoom {
  room: Room
  onTransaction: (transaction: Y.Transaction) => void
}

/**
 * A board's history: snapshots of its whole Y.Doc state, taken on request and automatically,
 * and trimmed by retention and the board's history quota each time one is taken.
 *
 * Automatic snapshots follow every loaded board (as the rooms' lifecycle): a board that changed
 * gets one `intervalMs` after its first change since its last snapshot (`auto-activity`, or
 * `auto-idle` when nobody is on it by then), and right away when the last person leaves
 * (`auto-idle`), but never two within `intervalMs` of each other, whatever triggers them: a
 * leave that comes too soon after the last one leaves the snapshot to the pending timer. A
 * board nobody changed gets none, so opening and closing a board adds nothing. A board that
 * unloads with its pending snapshot still gets it, from its stored state.
 */
export class BoardHistory implements RoomLifecycle {
  private readonly tracked = new Map<string, TrackedRoom>()
  private readonly autoStates = new Map<string, AutoState>()
  /** Automatic snapshots being taken, so shutdown can wait for them before storage closes. */
  private readonly inflight = new Set<Promise<void>>()
  private closed = false

  constructor(private readonly opts: BoardHistoryOptions) {}

  get retention(): SnapshotRetention {
    return this.opts.retention
  }

  /** Most bytes of snapshots a board may keep. */
  get maxHistoryBytes(): number {
    return this.opts.maxHistoryBytes
  }

  /** The board's snapshots, newest first, and what the board and its history cost on disk; null for an unknown board. */
  async list(boardId: string): Promise<{ snapshots: SnapshotInfo[]; usage: BoardStorageUsage } | null> {
    const usage = await this.opts.storage.storageUsage(boardId)
    if (!usage) return null
    return { snapshots: await this.opts.storage.listSnapshots(boardId), usage }
  }

  /** A snapshot's description and size without its bytes (a download reserves memory before it reads); null when there is none. */
  async info(boardId: string, snapshotId: string): Promise<SnapshotInfo | null> {
    return (await this.opts.storage.listSnapshots(boardId)).find((s) => s.id === snapshotId) ?? null
  }

  get(boardId: string, snapshotId: string): Promise<{ info: SnapshotInfo; data: Uint8Array } | null> {
    return this.opts.storage.getSnapshot(boardId, snapshotId)
  }

  delete(boardId: string, snapshotId: string): Promise<boolean> {
    return this.opts.storage.deleteSnapshot(boardId, snapshotId)
  }

  /**
   * Takes a snapshot of the board as it is now: the live doc when the board is loaded (after
   * what was already sent to it is committed), else the stored state. Throws
   * `BoardNotFoundError`, `HistoryLimitError` when the board holds too many kept snapshots, or
   * `HistoryQuotaError` when its history has no room.
   *
   * A `before-template` snapshot of a board that has not changed since its last snapshot is
   * that snapshot: inserting templates one after another without a change in between (or a
   * script asking again and again) adds nothing to the history.
   */
  async take(boardId: string, request: SnapshotRequest): Promise<SnapshotInfo> {
    const tracked = this.tracked.get(boardId)
    if (tracked?.room.isOpen) {
      await tracked.room.settled()
      if (request.kind === 'before-template') {
        const unchanged = await this.unchangedSnapshot(boardId)
        if (unchanged) return unchanged
      }
      // Read and marked in one step: nothing is applied to the doc in between.
      const state = Y.encodeStateAsUpdate(tracked.room.doc)
      const auto = this.autoState(boardId)
      const wasDirty = auto.dirty
      auto.dirty = false
      let info: SnapshotInfo
      try {
        info = await this.store(boardId, request, state)
      } catch (err) {
        if (wasDirty) this.changed(boardId)
        throw err
      }
      if (!auto.dirty && this.autoStates.get(boardId) === auto) auto.currentSnapshotId = info.id
      return info
    }
    return this.store(boardId, request, await this.storedState(boardId))
  }

  /**
   * Stores `state` as a snapshot of the board, after retention and the history quota made room
   * (rolling snapshots go, oldest first). For callers that hold the state already (restore
   * keeps the state it replaces). Throws like `take`; when it throws, nothing was stored or deleted.
   */
  async store(boardId: string, request: SnapshotRequest, state: Uint8Array): Promise<SnapshotInfo> {
    const existing = await this.opts.storage.listSnapshots(boardId)
    if (!isRollingKind(request.kind) && existing.filter((s) => !isRollingKind(s.kind)).length >= MAX_KEPT_SNAPSHOTS_PER_BOARD) {
      throw new HistoryLimitError(MAX_KEPT_SNAPSHOTS_PER_BOARD)
    }
    const plan = planSnapshot(existing, { kind: request.kind, bytes: state.byteLength }, this.opts.retention, this.opts.maxHistoryBytes, this.now())
    if (!plan.fits) throw new HistoryQuotaError(this.opts.maxHistoryBytes, plan.keptBytes)
    const info = await this.opts.storage.putSnapshot(boardId, { label: request.name, author: request.author, kind: request.kind }, state)
    for (const snapshot of plan.drop) await this.opts.storage.deleteSnapshot(boardId, snapshot.id)
    return info
  }

  /** Waits for automatic snapshots under way and stops taking new ones; call before storage closes. */
  async close(): Promise<void> {
    this.closed = true
    for (const tracked of this.tracked.values()) this.untrack(tracked)
    for (const state of this.autoStates.values()) if (state.timer) clearTimeout(state.timer)
    this.autoStates.clear()
    await Promise.allSettled([...this.inflight])
  }

  /** Resolves once the automatic snapshots under way now are stored (or failed); for tests and shutdown. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.inflight])
  }

  loaded(room: Room): void {
    if (this.closed) return
    const onTransaction = (transaction: Y.Transaction) => {
      if (changesContent(transaction)) this.changed(room.boardId)
    }
    const tracked: TrackedRoom = { room, onTransaction }
    // Not the doc's 'update' event: with a listener on it, Yjs encodes every transaction as an update.
    room.doc.on('afterTransaction', tracked.onTransaction)
    this.tracked.set(room.boardId, tracked)
  }

  emptied(room: Room): void {
    const state = this.autoStates.get(room.boardId)
    if (this.closed || !state?.dirty || this.tracked.get(room.boardId)?.room !== room) return
    // Right away unless the last automatic snapshot is too recent; then the pending timer takes it.
    if ((state.lastAutoAt ?? -Infinity) + this.opts.intervalMs <= this.now()) this.auto(room.boardId)
  }

  unloaded(room: Room): void {
    const tracked = this.tracked.get(room.boardId)
    if (tracked?.room === room) this.untrack(tracked)
    this.plan(room.boardId)
  }

  private untrack(tracked: TrackedRoom): void {
    tracked.room.doc.off('afterTransaction', tracked.onTransaction)
    if (this.tracked.get(tracked.room.boardId) === tracked) this.tracked.delete(tracked.room.boardId)
  }

  private now(): number {
    return (this.opts.clock ?? Date.now)()
  }

  /** The board's entry, made when history first needs one (the board changed, or a snapshot was taken of it loaded). */
  private autoState(boardId: string): AutoState {
    let state = this.autoStates.get(boardId)
    if (!state) {
      state = { lastAutoAt: undefined, dirty: false, dirtySince: 0, currentSnapshotId: undefined, timer: null }
      this.autoStates.set(boardId, state)
    }
    return state
  }

  private changed(boardId: string): void {
    if (this.closed) return
    const state = this.autoState(boardId)
    if (state.dirty) return
    state.dirty = true
    state.dirtySince = this.now()
    state.currentSnapshotId = undefined
    this.plan(boardId)
  }

  /** When the board's next automatic snapshot may be taken: an interval after its first change, and after the last one. */
  private autoDue(state: AutoState): number {
    return Math.max(state.dirtySince + this.opts.intervalMs, (state.lastAutoAt ?? -Infinity) + this.opts.intervalMs)
  }

  /**
   * Sets the board's one timer: the pending automatic snapshot while it is dirty; else, once
   * its room is gone, forgetting the entry when the throttle no longer needs it.
   */
  private plan(boardId: string): void {
    const state = this.autoStates.get(boardId)
    if (!state || this.closed) return
    if (state.timer) clearTimeout(state.timer)
    state.timer = null
    const now = this.now()
    let at: number
    if (state.dirty) at = this.autoDue(state)
    else if (this.tracked.has(boardId)) return
    else {
      at = (state.lastAutoAt ?? -Infinity) + this.opts.intervalMs
      if (at <= now) {
        this.autoStates.delete(boardId)
        return
      }
    }
    state.timer = setTimeout(() => {
      state.timer = null
      if (state.dirty && this.autoDue(state) <= this.now()) this.auto(boardId)
      else this.plan(boardId)
    }, Math.max(0, at - now))
    // The timer must not keep a stopping process alive; close clears it anyway.
    state.timer.unref()
  }

  private auto(boardId: string): void {
    const state = this.autoStates.get(boardId)
    if (this.closed || !state) return
    const task = (async () => {
      const tracked = this.tracked.get(boardId)
      const room = tracked?.room.isOpen ? tracked.room : undefined
      const kind = room && room.connectionCount > 0 ? 'auto-activity' : 'auto-idle'
      // The last person's final edits may still be on their way through the flush chain.
      if (room && kind === 'auto-idle') await room.settled()
      if (!state.dirty || this.autoStates.get(boardId) !== state) return
      const diskProblem = this.opts.disk?.problem
      if (diskProblem) {
        // Still dirty: the next timer tries again.
        this.opts.log.warn({ boardId, problem: diskProblem }, 'no automatic snapshot: the disk budget is reached')
        state.lastAutoAt = this.now()
        this.plan(boardId)
        return
      }
      // Marked before any await: a change from here on makes the board dirty again.
      state.dirty = false
      state.lastAutoAt = this.now()
      this.plan(boardId)
      const snapshot = room?.isOpen ? Y.encodeStateAsUpdate(room.doc) : await this.storedState(boardId)
      const info = await this.store(boardId, { kind, name: '', author: '' }, snapshot)
      if (!state.dirty) state.currentSnapshotId = info.id
      this.opts.log.debug({ boardId, kind, bytes: info.byteLength }, 'automatic snapshot taken')
    })()
      .catch((err: unknown) => {
        // A board deleted while its last snapshot was being taken has no history to keep.
        if (err instanceof BoardNotFoundError) return
        // The board itself is safe in storage; only this point in its history is missing, and
        // the board counts as changed again, so the next interval tries once more.
        this.opts.log.warn({ err, boardId }, 'an automatic snapshot failed')
        this.changed(boardId)
      })
      .finally(() => this.inflight.delete(task))
    this.inflight.add(task)
  }

  /** The snapshot that holds the board's current state, if history knows one and it is still kept. */
  private async unchangedSnapshot(boardId: string): Promise<SnapshotInfo | undefined> {
    const state = this.autoStates.get(boardId)
    if (!state || state.dirty || !state.currentSnapshotId) return undefined
    const id = state.currentSnapshotId
    return (await this.opts.storage.listSnapshots(boardId)).find((s) => s.id === id)
  }

  /** The stored state of a board nobody has loaded: its snapshot and log merged into one update. */
  private async storedState(boardId: string): Promise<Uint8Array> {
    const stored = await this.opts.storage.loadBoard(boardId)
    if (!stored) throw new BoardNotFoundError(boardId)
    const doc = new Y.Doc()
    try {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
      for (const update of stored.updates) {
        try {
          Y.applyUpdate(doc, update)
        } catch {
          // Skipped as the room skips it when loading: the snapshot shows what a room would show.
        }
      }
      return Y.encodeStateAsUpdate(doc)
    } finally {
      doc.destroy()
    }
  }
}
