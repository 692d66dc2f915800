import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { SnapshotKind, SnapshotRetention } from '@whiteboard/shared/api/historyApi'
import { BoardNotFoundError } from '../storage/BoardNotFoundError'
import type { BoardStorageUsage, SnapshotInfo, Storage } from '../storage/Storage'
import type { Room } from '../sync/Room'
import type { RoomLifecycle } from '../sync/RoomManager'
import { HistoryLimitError } from './HistoryLimitError'
import { isRollingKind, snapshotsToDrop } from './snapshotRetention'

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
  /** A loaded board that changed gets an `auto-activity` snapshot this often. */
  intervalMs: number
  retention: SnapshotRetention
}

export interface SnapshotRequest {
  kind: SnapshotKind
  name: string
  author: string
}

/** What history knows of a loaded room: how many changes it has seen, and how many the last snapshot held. */
interface TrackedRoom {
  room: Room
  changes: number
  changesAtSnapshot: number
  timer: NodeJS.Timeout
  onUpdate: () => void
}

/**
 * A board's history: snapshots of its whole Y.Doc state, taken on request and automatically,
 * and trimmed by retention each time one is taken.
 *
 * As the rooms' lifecycle it follows every loaded board: a board that changed since its last
 * snapshot gets one every `intervalMs` (`auto-activity`) and when the last person leaves
 * (`auto-idle`). A board nobody changed gets none, so opening and closing a board adds nothing.
 */
export class BoardHistory implements RoomLifecycle {
  private readonly tracked = new Map<string, TrackedRoom>()
  /** Automatic snapshots being taken, so shutdown can wait for them before storage closes. */
  private readonly inflight = new Set<Promise<void>>()
  private closed = false

  constructor(private readonly opts: BoardHistoryOptions) {}

  get retention(): SnapshotRetention {
    return this.opts.retention
  }

  /** The board's snapshots, newest first, and what the board and its history cost on disk; null for an unknown board. */
  async list(boardId: string): Promise<{ snapshots: SnapshotInfo[]; usage: BoardStorageUsage } | null> {
    const usage = await this.opts.storage.storageUsage(boardId)
    if (!usage) return null
    return { snapshots: await this.opts.storage.listSnapshots(boardId), usage }
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
   * `BoardNotFoundError`, or `HistoryLimitError` when the board holds too many kept snapshots.
   */
  async take(boardId: string, request: SnapshotRequest): Promise<SnapshotInfo> {
    const tracked = this.tracked.get(boardId)
    if (tracked?.room.isOpen) {
      await tracked.room.settled()
      // Read and marked in one step: nothing is applied to the doc in between.
      const state = Y.encodeStateAsUpdate(tracked.room.doc)
      tracked.changesAtSnapshot = tracked.changes
      return this.store(boardId, request, state)
    }
    return this.store(boardId, request, await this.storedState(boardId))
  }

  /**
   * Stores `state` as a snapshot of the board, then applies retention. For callers that hold the
   * state already (restore keeps the state it replaces). Throws like `take`.
   */
  async store(boardId: string, request: SnapshotRequest, state: Uint8Array): Promise<SnapshotInfo> {
    if (!isRollingKind(request.kind)) {
      const existing = await this.opts.storage.listSnapshots(boardId)
      if (existing.filter((s) => !isRollingKind(s.kind)).length >= MAX_KEPT_SNAPSHOTS_PER_BOARD) throw new HistoryLimitError(MAX_KEPT_SNAPSHOTS_PER_BOARD)
    }
    const info = await this.opts.storage.putSnapshot(boardId, { label: request.name, author: request.author, kind: request.kind }, state)
    await this.applyRetention(boardId, info.id)
    return info
  }

  /** Waits for automatic snapshots under way and stops taking new ones; call before storage closes. */
  async close(): Promise<void> {
    this.closed = true
    for (const tracked of this.tracked.values()) this.untrack(tracked)
    await Promise.allSettled([...this.inflight])
  }

  loaded(room: Room): void {
    if (this.closed) return
    const tracked: TrackedRoom = {
      room,
      changes: 0,
      changesAtSnapshot: 0,
      onUpdate: () => {
        tracked.changes++
      },
      timer: setInterval(() => this.auto(room, 'auto-activity'), this.opts.intervalMs),
    }
    // The interval must not keep a stopping process alive; unload and close clear it anyway.
    tracked.timer.unref()
    room.doc.on('update', tracked.onUpdate)
    this.tracked.set(room.boardId, tracked)
  }

  emptied(room: Room): void {
    this.auto(room, 'auto-idle')
  }

  unloaded(room: Room): void {
    const tracked = this.tracked.get(room.boardId)
    if (tracked?.room === room) this.untrack(tracked)
  }

  private untrack(tracked: TrackedRoom): void {
    clearInterval(tracked.timer)
    tracked.room.doc.off('update', tracked.onUpdate)
    if (this.tracked.get(tracked.room.boardId) === tracked) this.tracked.delete(tracked.room.boardId)
  }

  private auto(room: Room, kind: 'auto-activity' | 'auto-idle'): void {
    const tracked = this.tracked.get(room.boardId)
    if (this.closed || tracked?.room !== room) return
    const task = (async () => {
      // The last person's final edits may still be on their way through the flush chain.
      if (kind === 'auto-idle') await room.settled()
      if (tracked.changes === tracked.changesAtSnapshot) return
      const state = Y.encodeStateAsUpdate(room.doc)
      tracked.changesAtSnapshot = tracked.changes
      const info = await this.store(room.boardId, { kind, name: '', author: '' }, state)
      this.opts.log.debug({ boardId: room.boardId, kind, bytes: info.byteLength }, 'automatic snapshot taken')
    })()
      .catch((err: unknown) => {
        // A board deleted while its last snapshot was being taken has no history to keep.
        if (err instanceof BoardNotFoundError) return
        // The board itself is safe in storage; only this point in its history is missing.
        this.opts.log.warn({ err, boardId: room.boardId, kind }, 'an automatic snapshot failed')
      })
      .finally(() => this.inflight.delete(task))
    this.inflight.add(task)
  }

  private async applyRetention(boardId: string, justTaken: string): Promise<void> {
    const drop = snapshotsToDrop(await this.opts.storage.listSnapshots(boardId), this.opts.retention, Date.now())
    for (const snapshot of drop) {
      if (snapshot.id !== justTaken) await this.opts.storage.deleteSnapshot(boardId, snapshot.id)
    }
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
