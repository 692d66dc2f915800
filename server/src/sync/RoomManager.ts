import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { RoomStorage } from '../storage/Storage'
import type { StorageHealth } from '../storage/StorageHealth'
import { CloseCode } from '@whiteboard/shared'
import { HeavyWorkQueue, QueueFullError } from '../work/HeavyWorkQueue'
import type { Connection } from './Connection'
import { PresenceBudget } from './PresenceBudget'
import type { PresenceLimits } from './presenceLimits'
import { storedSchemaVerdict, upgradeBoardSchema, type SchemaUpgrade } from '../boards/upgradeBoardSchema'
import { RoomLoadError } from './RoomLoadError'
import { updateFrame } from './syncMessages'
import { newcomerAnswerOf, readStoredBoard } from './boardLoading'
import type { ServerChangeOptions, UpdateGathering } from './CommitChain'
import { Room, type RoomOptions } from './Room'
import type { SyncObserver } from './SyncObserver'
import type { UpdateGuard } from './updateGuard'
import type { BoardLog } from './BoardLog'
import { ValuePool } from './ValuePool'

/**
 * Boards being loaded (read from storage and built) at once. Two let one board's read overlap
 * another's build where storage reads are real I/O, and hold at most two stored boards (up to
 * 25 MiB each) in memory; the rest wait without having read anything.
 */
export const COLD_LOAD_CONCURRENCY = 2

/**
 * Boards whose doc is built at once. Building is one synchronous decode (about 15 ms for a
 * 1.8 MB board of 5,000 shapes, 2-5 s for a 23.5 MiB board of 63,000 on the benchmark machine),
 * so two would only run back to back. One at a time, each followed by a poll for I/O, a burst of
 * cold loads (a restart, a gathering opening its team boards) stalls other boards one board at
 * a time rather than for the sum.
 */
export const BOARD_BUILD_CONCURRENCY = 1

/**
 * Boards that may wait to be loaded (joins of one board share one load); past this a join is
 * closed with 4500 and the client retries. 256 is five times a gathering of 50 team boards.
 */
export const COLD_LOAD_MAX_WAITING = 256

export interface RoomManagerOptions {
  storage: RoomStorage
  log: Logger
  /** How long an empty room stays loaded, so a reload or a flaky network does not reload the board. */
  unloadDelayMs: number
  compactAfterUpdates: number
  compactAfterBytes: number
  observer: SyncObserver
  health: StorageHealth
  /** Told when rooms load, empty and unload (board history takes its automatic snapshots here). */
  lifecycle?: RoomLifecycle
  /** Every update that would change a board passes it before it is committed (updateGuard.ts). */
  guard: UpdateGuard
  /** Where rooms commit and how they follow other nodes; defaults to the storage's update log (BoardLog.ts). */
  boardLog?: BoardLog
  /** See CommitChain's UPDATE_GATHERING. */
  updateGathering?: UpdateGathering
  /** Presence limits (presenceLimits.ts); tests shrink them. */
  presenceLimits?: Partial<PresenceLimits>
  /**
   * Whether a loaded doc is brought to the server's schema (default true). Private docs
   * (private/PrivateDocs.ts) carry no `meta` of their own: their records are read under the
   * board's schema, and writing one there would store a doc for everyone who merely connected.
   */
  upgradeSchema?: boolean
  /** Runs when a board is evicted (deleted), after its room let go: private docs close theirs here. */
  evicted?: (boardId: string, code: number, reason: string) => Promise<void>
}

/** Hooks into the life of rooms. They must not throw; they run inside the manager's bookkeeping. */
export interface RoomLifecycle {
  loaded(room: Room): void
  /** The last connection left (not called while the server shuts down). */
  emptied(room: Room): void
  /** The room is let go; it still commits what is queued before its doc is destroyed. */
  unloaded(room: Room): void
}

/**
 * Loads each board at most once at a time and hands connections their room.
 *
 * Concurrent joins of a board that is loading share one load. A room that empties is unloaded
 * after `unloadDelayMs`; a join during its final flush waits for that flush, so the new room
 * loads everything the old one committed.
 */
export class RoomManager {
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly loaded = new Map<string, Room>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  private readonly unloading = new Map<string, Promise<void>>()
  /** Connections waiting for their board to load, which may be answered early (see `acquire`). */
  private readonly joining = new Map<string, Set<Connection>>()
  /** One pool for all rooms: the boards of a workshop share most of their words. */
  private readonly values = new ValuePool()
  /** The presence bytes of all rooms, against the server's limit. */
  private readonly presenceBudget: PresenceBudget
  private closed = false
  /** Board loads in progress, at most COLD_LOAD_CONCURRENCY at once, and the builds among them, one at a time. */
  private readonly coldLoads = new HeavyWorkQueue('cold load', COLD_LOAD_CONCURRENCY, COLD_LOAD_MAX_WAITING)
  private readonly builds = new HeavyWorkQueue('board build', BOARD_BUILD_CONCURRENCY, COLD_LOAD_CONCURRENCY)

  constructor(private readonly opts: RoomManagerOptions) {
    this.presenceBudget = new PresenceBudget(opts.presenceLimits)
  }

  /** Presence bytes held by every loaded board (for /metrics). */
  get presenceBytes(): number {
    return this.presenceBudget.bytes
  }

  /** Presence bytes of the loaded board holding the most (for /metrics). */
  get largestBoardPresenceBytes(): number {
    let most = 0
    for (const room of this.loaded.values()) most = Math.max(most, room.presence.bytes)
    return most
  }

  /** Number of boards loaded now. */
  get size(): number {
    return this.loaded.size
  }

  /** Ids of the boards loaded or loading now. */
  get boardIds(): string[] {
    return [...new Set([...this.loaded.keys(), ...this.loading.keys()])]
  }

  /** The loaded room of a board, if any (for tests and metrics). */
  peek(boardId: string): Room | undefined {
    return this.loaded.get(boardId)
  }

  /**
   * Applies a change made by the server (see `Room.applyServerChange`), loading the board if
   * nobody is on it; a room loaded only for this is unloaded again after `unloadDelayMs`.
   * Throws `RoomLoadError` when the board cannot be loaded.
   */
  async applyServerChange(boardId: string, change: (doc: Y.Doc) => void, opts: ServerChangeOptions = {}): Promise<boolean> {
    const room = await this.acquire(boardId)
    this.cancelUnload(boardId)
    try {
      return await room.applyServerChange(change, opts)
    } finally {
      if (room.connectionCount === 0) this.scheduleUnload(room)
    }
  }

  /**
   * Closes everyone on a board that is about to be deleted (with `code`, so clients stop
   * reconnecting) and waits until its room has committed and released everything; the caller
   * then deletes the board from storage.
   */
  async evict(boardId: string, code: number, reason: string): Promise<void> {
    const room = this.loaded.get(boardId) ?? (await this.loading.get(boardId)?.catch(() => undefined))
    if (room) {
      room.closeConnections(code, reason)
      this.drop(room)
    }
    await this.unloading.get(boardId)
    await this.opts.evicted?.(boardId, code, reason)
  }

  /** Loads the connection's board if needed and attaches the connection. Throws `RoomLoadError`. */
  async join(conn: Connection): Promise<void> {
    let waiting = this.joining.get(conn.boardId)
    if (!waiting) this.joining.set(conn.boardId, (waiting = new Set()))
    waiting.add(conn)
    let room: Room
    try {
      room = await this.acquire(conn.boardId)
      // Greeted on what storage holds now (BoardLog.caughtUp); if it cannot say, on what the room
      // holds. Not a client answered while the board loaded: it had nothing to bring, and its
      // handshake is done, so what the room applied meanwhile would never reach it.
      const { boardLog } = this.opts
      if (boardLog?.caughtUp && !conn.wasAnsweredWhileLoading) {
        await boardLog.caughtUp(conn.boardId).catch(() => undefined)
        room = await this.acquire(conn.boardId)
      }
    } finally {
      waiting.delete(conn)
      if (waiting.size === 0 && this.joining.get(conn.boardId) === waiting) this.joining.delete(conn.boardId)
    }
    // No await between here and attach: an unload timer cannot fire in between.
    this.cancelUnload(conn.boardId)
    if (conn.isClosed) {
      if (room.connectionCount === 0) this.scheduleUnload(room)
      return
    }
    conn.attach(room)
  }

  private acquire(boardId: string): Promise<Room> {
    if (this.closed) return Promise.reject(new Error('shutting down'))
    const existing = this.loading.get(boardId)
    if (existing) return existing
    const load = (async () => {
      await this.unloading.get(boardId)
      const opts: RoomOptions = {
        boardId,
        storage: this.opts.storage,
        log: this.opts.log.child({ boardId }),
        guard: this.opts.guard,
        ...(this.opts.boardLog ? { boardLog: this.opts.boardLog } : {}),
        compactAfterUpdates: this.opts.compactAfterUpdates,
        compactAfterBytes: this.opts.compactAfterBytes,
        observer: this.opts.observer,
        health: this.opts.health,
        onEmpty: (r) => {
          this.scheduleUnload(r)
          if (!this.closed) this.opts.lifecycle?.emptied(r)
        },
        onFailed: (r) => this.drop(r),
        values: this.values,
        presenceBudget: this.presenceBudget,
        ...(this.opts.updateGathering ? { updateGathering: this.opts.updateGathering } : {}),
      }
      const room = await this.runColdLoad(async () => {
        await this.opts.boardLog?.opening?.(boardId)
        const stored = await readStoredBoard(opts)
        // Building the doc takes a while (about 150 ms for 5,000 shapes, many turns for a large
        // board). Clients that connected for this load sent their sync step 1 right after the
        // upgrade; a poll phase first reads it, so that a fresh client gets the stored board now
        // rather than after. The answer is the stored snapshot behind a sync header, sent without
        // a copy (Connection.send).
        await afterNextPoll()
        const answer = newcomerAnswerOf(stored)
        if (answer) for (const conn of this.joining.get(boardId) ?? []) conn.answerWhileLoading(answer)
        return this.builds.run(() => Room.build(opts, stored, answer))
      })
      this.loaded.set(boardId, room)
      // Before the schema upgrade: its commit is one the board log must know the room made.
      this.opts.boardLog?.opened?.(room)
      this.opts.lifecycle?.loaded(room)
      this.countAssets(room)
      if (this.opts.upgradeSchema !== false) await this.upgradeSchema(room)
      return room
    })()
    this.loading.set(boardId, load)
    load.catch(() => {
      if (this.loading.get(boardId) === load) this.loading.delete(boardId)
      this.opts.boardLog?.released?.(boardId)
    })
    return load
  }

  /**
   * Reads what the board's images take into the room, for its size limit. Read after the room is
   * registered, so an upload stored before this read is counted here, and one stored after it
   * finds the room and counts itself (BoardAssets.refreshRoom).
   */
  private countAssets(room: Room): void {
    this.opts.storage.assetUsage(room.boardId).then(
      (usage) => {
        room.assetBytes = usage.bytes
      },
      (err: unknown) => this.opts.log.warn({ err, boardId: room.boardId }, "reading the size of the board's images failed; its size limit counts its content only"),
    )
  }

  /**
   * Brings a board just loaded to the server's schema (upgradeBoardSchema.ts) before anyone is
   * served from the room: boards written by an older server get their records migrated, and a
   * `meta.schema` a client wrote before clients were kept out of `meta` is replaced. A board that
   * needs nothing costs one look at `meta`. If storage refuses the change, the board is served as
   * it is: clients read such records in their own shape.
   */
  private async upgradeSchema(room: Room): Promise<void> {
    const verdict = storedSchemaVerdict(room.doc)
    if (!verdict) return
    const stored = verdict.kind === 'unusable' ? verdict.why : verdict.kind
    try {
      let outcome: SchemaUpgrade | undefined
      const before = Y.encodeStateVector(room.doc)
      await room.applyServerChange((doc) => {
        outcome = upgradeBoardSchema(doc)
      })
      // Newcomers answered with the stored board while it loaded are not in the room yet, so the
      // broadcast missed them, and their handshake is done: they get the change here.
      const change = updateFrame(Y.encodeStateAsUpdate(room.doc, before))
      for (const conn of this.joining.get(room.boardId) ?? []) conn.send(change)
      const level = verdict.kind === 'older' ? 'info' : 'warn'
      this.opts.log[level]({ boardId: room.boardId, stored, migrated: outcome?.migrated, keptAsStored: outcome?.asStored }, "brought the board to the server's schema")
    } catch (err) {
      this.opts.log.warn({ err, boardId: room.boardId, stored }, "bringing the board to the server's schema failed; clients read its records in their own shape")
    }
  }

  /**
   * Runs a board's load (read and decode) in the cold-load queue: loads of different boards
   * take turns, with I/O served in between, instead of stalling everyone for all at once.
   */
  private async runColdLoad(load: () => Promise<Room>): Promise<Room> {
    try {
      return await this.coldLoads.run(load)
    } catch (err) {
      if (err instanceof QueueFullError) throw new RoomLoadError(CloseCode.STORAGE_UNAVAILABLE, 'The server is opening many boards right now; try again shortly')
      throw err
    }
  }

  private scheduleUnload(room: Room): void {
    if (this.closed) return
    this.cancelUnload(room.boardId)
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.boardId)
      if (room.connectionCount === 0 && this.loaded.get(room.boardId) === room) this.drop(room)
    }, this.opts.unloadDelayMs)
    timer.unref()
    this.unloadTimers.set(room.boardId, timer)
  }

  private cancelUnload(boardId: string): void {
    const timer = this.unloadTimers.get(boardId)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(boardId)
  }

  /** Forgets the room at once (so new joins load afresh) and closes it in the background. */
  private drop(room: Room): void {
    const boardId = room.boardId
    if (this.loaded.get(boardId) !== room) return
    this.cancelUnload(boardId)
    this.loaded.delete(boardId)
    this.loading.delete(boardId)
    this.opts.lifecycle?.unloaded(room)
    const closing = room
      .close()
      .catch((err: unknown) => this.opts.log.error({ err, boardId }, 'closing a room failed'))
      .finally(() => {
        // After the close: its last commit and compaction still need to know what the doc holds of other nodes' commits.
        this.opts.boardLog?.released?.(boardId)
        if (this.unloading.get(boardId) === closing) this.unloading.delete(boardId)
      })
    this.unloading.set(boardId, closing)
    this.opts.log.debug({ boardId }, 'room unloaded')
  }

  /** Shutdown: closes every connection with `code`, commits what is queued, releases every room. */
  async closeAll(code: number, reason: string): Promise<void> {
    this.closed = true
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    // Rooms still loading finish loading and are closed with the rest.
    await Promise.allSettled([...this.loading.values()])
    const rooms = [...this.loaded.values()]
    for (const room of rooms) room.closeConnections(code, reason)
    for (const room of rooms) this.drop(room)
    await Promise.allSettled([...this.unloading.values()])
  }
}

/**
 * Resolves in the check phase after the next poll phase: the first setImmediate runs in the
 * current loop iteration's check phase, the second in the next one's, after its poll.
 */
function afterNextPoll(): Promise<void> {
  return new Promise((done) => setImmediate(() => setImmediate(done)))
}
