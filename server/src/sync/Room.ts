import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { Logger } from 'pino'
import { CloseCode } from '@whiteboard/shared'
import { BoardDamagedError } from '../storage/BoardDamagedError'
import type { Storage, StoredBoardState } from '../storage/Storage'
import type { StorageHealth } from '../storage/StorageHealth'
import { storageFailureKind, storageFailureText } from '../storage/storageFailureText'
import { BoardRoots } from './boardRoots'
import type { Connection } from './Connection'
import { PresenceBudget } from './PresenceBudget'
import { PresenceOwnership } from './PresenceOwnership'
import { RoomLoadError } from './RoomLoadError'
import { ScaffoldingIndex } from './ScaffoldingIndex'
import { sliceUpdateInWorker, UPDATE_SLICE_BYTES, UpdateUnreadableError } from './sliceUpdateInWorker'
import { awarenessFrame, syncStep1Frame, syncStep2Frame, syncStep2MessageOf, updateMessage } from './syncMessages'
import type { SyncObserver } from './SyncObserver'
import type { ValuePool } from './ValuePool'
import { prepareFrames, type FramedMessage } from './preparedFrames'

export interface RoomOptions {
  boardId: string
  storage: Storage
  log: Logger
  /** Compact the update log into a snapshot once it holds this many updates... */
  compactAfterUpdates: number
  /** ...or this many bytes. */
  compactAfterBytes: number
  observer: SyncObserver
  /** Where storage faults and damaged boards are reported (read by /readyz). */
  health: StorageHealth
  /** The last connection left. */
  onEmpty: (room: Room) => void
  /** Storage failed; the room has closed its connections and must be dropped. */
  onFailed: (room: Room) => void
  /** Keeps the doc's values compact (shared by the rooms of a process); none: values stay as Yjs decoded them. */
  values?: ValuePool
  /** Defaults to UPDATE_GATHERING; tests lower the room size and lengthen the window. */
  updateGathering?: UpdateGathering
  /** The server's presence bytes and limits, shared by its rooms; none: a budget of this room's own. */
  presenceBudget?: PresenceBudget
}

export interface ServerChangeOptions {
  /**
   * Runs in the flush chain right before the change, with the committed state it is about to
   * change (a Yjs update); when it rejects, the change is not made. Restore keeps the replaced
   * state as a snapshot here, so no edit can slip in between the two.
   */
  before?: (state: Uint8Array) => Promise<void>
}

interface PendingUpdate {
  from: Connection
  update: Uint8Array
}

/** Origin of the awareness removal a room makes itself when a connection leaves. */
const LEAVE = Symbol('leave')

/**
 * A room relays presence (cursors, selections) at most once per interval, every change of the
 * interval merged into one frame. Presence goes to every client, and stock y-websocket clients
 * send each presence frame they receive back to the server, so each relay costs two frames per
 * client: relaying per event-loop turn, a hundred people moving their cursors made the server
 * write and read about a hundred thousand frames a second. The interval is 50 ms (20 relays a
 * second, smooth cursors) for up to 50 people and grows with the room to 100 ms at 100 people
 * and more (10 a second, the default throttle of hosted presence services such as Liveblocks),
 * so that from 50 to 100 people the presence traffic stays at what 50 people make. Document
 * updates are held back only briefly, in large rooms (UPDATE_GATHERING).
 */
export const PRESENCE_INTERVAL_MS = { min: 50, max: 100 } as const

/** The presence interval of a room with `connections` clients (see PRESENCE_INTERVAL_MS). */
export function presenceIntervalMs(connections: number): number {
  return Math.min(PRESENCE_INTERVAL_MS.max, Math.max(PRESENCE_INTERVAL_MS.min, connections))
}

/**
 * In a room of `fromConnections` people or more, the updates of up to `ms` are gathered into
 * one commit and one frame per client. Each broadcast is a write per socket, and at 100 people
 * those writes were a fifth of the server's time; 10 ms is under a frame of delay, well inside
 * what 100 people's traffic adds anyway. Smaller rooms send at the end of each event-loop turn.
 */
export const UPDATE_GATHERING: UpdateGathering = { fromConnections: 50, ms: 10 }

export interface UpdateGathering {
  fromConnections: number
  ms: number
}

/**
 * How long the answer for a newcomer (the whole board as one sync step 2) is kept after it was
 * last used, unless the board changes first. People arrive at a workshop within a minute or
 * two, and encoding a board of 5,000 shapes takes 60 ms or more each time; a board nobody
 * joins lets the copy go, as it is as large as the stored board.
 */
const NEWCOMER_ANSWER_TTL_MS = 10_000

/**
 * Values (records) of a loaded board compacted per turn of the event loop
 * (ValuePool.compactDocInSlices). 500 records take 5 to 10 ms here (2,000 took 20 to 40 ms); a
 * board of up to 500 (the capacity benchmark's boards hold about 200) is compacted before its
 * room serves anyone, as before, and a 25 MiB board's 60,000 in short turns instead of over half
 * a second at once.
 */
const VALUE_COMPACTION_SLICE_VALUES = 500

/**
 * Stored snapshots from this size on are built a slice per turn (`Room.build`). Below it, one
 * call costs under about 50 ms here, less than the worker that slices it takes to start.
 */
export const SLICED_LOAD_FROM_BYTES = 1024 * 1024

/**
 * One loaded board: its Y.Doc, presence, and fan-out to the connections on it.
 *
 * The path of an update: `Connection` decoded and guarded it, `submitUpdate` queues it; at the
 * end of the event-loop turn the queue is merged into one update, committed to storage, and only
 * then applied to the doc and sent to peers as one frame encoded once. So nothing a peer has
 * seen can be lost by a crash, and a burst from many clients costs one commit and one frame.
 * Flushes run one after another, so compaction sees a doc that matches the log exactly.
 *
 * When storage refuses a commit (disk full, read-only file), the senders of that batch are
 * refused with the reason and nothing of it is applied or sent: the board holds nothing it
 * could not persist, and everyone else stays connected and can still read.
 */
export class Room {
  readonly boardId: string
  readonly doc: Y.Doc
  /** The doc's root types, for the update guard. */
  readonly roots: BoardRoots
  /** Live template scaffolding entries, for the update guard. */
  readonly scaffolding: ScaffoldingIndex
  readonly awareness: awarenessProtocol.Awareness
  private readonly log: Logger
  /** Which connection owns each awareness client id, and what presence the room holds. */
  readonly presence: PresenceOwnership
  private readonly conns = new Set<Connection>()
  private pending: PendingUpdate[] = []
  private pendingBytes = 0
  /** Number of the batch now collecting updates; `appliedBatch` is the last one done with. */
  private batchNo = 1
  private lastAppliedBatch = 0
  /** Updates wait for a flush that is not yet on the chain. */
  private flushQueued = false
  /** That flush has been put on the chain and has not started. */
  private flushChained = false
  /** The end-of-turn callback is scheduled (see `endTurn`). */
  private turnQueued = false
  /** The chain of flushes and compactions; each starts after the previous finished. */
  private tail: Promise<void> = Promise.resolve()
  private lastSeq: number
  private logUpdates: number
  private logBytes: number
  /** Bytes of the stored snapshot; with `logBytes` the board's size in storage. */
  private snapshotBytes: number
  /** When a connection last changed the board in this room (ms since the epoch), for the gathering overview. */
  private lastChange: number | undefined
  /** Presence that changed since it was last relayed (see `broadcastTurn`). */
  private awarenessChanged = new Set<number>()
  /** When presence was last relayed (performance.now()), and the timer that relays it next. */
  private presenceSentAt = -Infinity
  private presenceTimer: NodeJS.Timeout | null = null
  private state: 'open' | 'closing' | 'closed' | 'failed' = 'open'
  /** The sync step 2 for a peer with an empty doc, while the doc has not changed (see NEWCOMER_ANSWER_TTL_MS). */
  private newcomerAnswer: FramedMessage | null = null
  private newcomerAnswerTimer: NodeJS.Timeout | null = null

  /**
   * Loads a board completely (snapshot and every logged update) before anyone is served.
   * Throws `RoomLoadError` when the board does not exist, is damaged, or storage fails.
   */
  static async load(opts: RoomOptions): Promise<Room> {
    return Room.build(opts, await Room.read(opts))
  }

  /** Reads everything storage holds of a board. Throws `RoomLoadError` when it does not exist, is damaged, or storage fails. */
  static async read(opts: RoomOptions): Promise<StoredBoardState> {
    let stored
    try {
      stored = await opts.storage.loadBoard(opts.boardId)
    } catch (err) {
      if (err instanceof BoardDamagedError) {
        opts.log.error({ err: { message: err.message } }, 'the stored board is damaged')
        opts.health.damaged(opts.boardId, err.message)
        throw new RoomLoadError(CloseCode.BOARD_DAMAGED, 'The stored board is damaged and cannot be opened')
      }
      opts.log.error({ err }, 'loading the board failed')
      throw new RoomLoadError(CloseCode.STORAGE_UNAVAILABLE, 'The board could not be loaded right now; try again shortly')
    }
    if (!stored) throw new RoomLoadError(CloseCode.BOARD_NOT_FOUND, 'This board does not exist')
    return stored
  }

  /**
   * The whole board as a sync step 2, straight from what storage holds, when that needs no
   * encoding: a board stored as one snapshot (compacted when it was last unloaded) is the
   * answer for a newcomer as it stands. Null when there is a log to merge.
   */
  static newcomerAnswerOf(stored: StoredBoardState): FramedMessage | null {
    return stored.snapshot && stored.updates.length === 0 ? syncStep2MessageOf(stored.snapshot) : null
  }

  /**
   * Builds the room's doc from everything `read` returned (snapshot and every logged update)
   * before anyone is served, in one go. Throws `RoomLoadError` when the snapshot is damaged.
   */
  static fromStored(opts: RoomOptions, stored: StoredBoardState, newcomerAnswer = Room.newcomerAnswerOf(stored)): Room {
    const doc = new Y.Doc()
    // The root types get their kinds before anything is applied.
    const roots = new BoardRoots(doc)
    try {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    } catch (err) {
      throw Room.damagedSnapshot(opts, doc, err)
    }
    let skipped = 0
    for (const update of stored.updates) if (!Room.applyLogged(opts, doc, update)) skipped++
    return Room.opened(opts, doc, roots, stored, skipped, newcomerAnswer)
  }

  /**
   * Builds the room's doc as `fromStored` does, but a board stored as a snapshot of
   * SLICED_LOAD_FROM_BYTES or more a slice per event-loop turn: the snapshot is cut into slices
   * on a worker thread (sliceUpdateInWorker), and the logged updates follow a few at a time.
   * Applying a 25 MiB snapshot in one call held the event loop, every other board, for over a
   * second. The doc is the same as `fromStored` builds, and nobody is served from it before it
   * is whole.
   */
  static async build(opts: RoomOptions, stored: StoredBoardState, newcomerAnswer = Room.newcomerAnswerOf(stored)): Promise<Room> {
    if (!stored.snapshot || stored.snapshot.byteLength < SLICED_LOAD_FROM_BYTES) return Room.fromStored(opts, stored, newcomerAnswer)
    let slices: Uint8Array[] | null
    try {
      slices = await sliceUpdateInWorker(stored.snapshot)
    } catch (err) {
      if (err instanceof UpdateUnreadableError) throw Room.damagedSnapshot(opts, null, err)
      // The worker itself failed (out of memory, cannot start): Yjs judges the snapshot in one go.
      opts.log.warn({ err }, 'slicing the board snapshot failed; it is applied in one go')
      slices = null
    }
    if (!slices) return Room.fromStored(opts, stored, newcomerAnswer)
    const doc = new Y.Doc()
    const roots = new BoardRoots(doc)
    try {
      for (const slice of slices) {
        Y.applyUpdate(doc, slice)
        await nextTurn()
      }
    } catch (err) {
      throw Room.damagedSnapshot(opts, doc, err)
    }
    let skipped = 0
    let sinceTurn = 0
    for (const update of stored.updates) {
      if (!Room.applyLogged(opts, doc, update)) skipped++
      sinceTurn += update.byteLength
      if (sinceTurn >= UPDATE_SLICE_BYTES) {
        sinceTurn = 0
        await nextTurn()
      }
    }
    return Room.opened(opts, doc, roots, stored, skipped, newcomerAnswer)
  }

  private static damagedSnapshot(opts: RoomOptions, doc: Y.Doc | null, err: unknown): RoomLoadError {
    opts.log.error({ err }, 'the board snapshot is damaged')
    opts.health.damaged(opts.boardId, 'the snapshot cannot be read')
    doc?.destroy()
    return new RoomLoadError(CloseCode.BOARD_DAMAGED, 'The stored board is damaged and cannot be opened')
  }

  /** Applies one logged update; false when it cannot be read. */
  private static applyLogged(opts: RoomOptions, doc: Y.Doc, update: Uint8Array): boolean {
    try {
      Y.applyUpdate(doc, update)
      return true
    } catch (err) {
      // One bad logged update must not lock everyone out of the rest of the board.
      opts.log.error({ err }, 'skipped a damaged logged update')
      return false
    }
  }

  /** The room around a doc built from `stored`, with `skipped` logged updates left out. */
  private static opened(opts: RoomOptions, doc: Y.Doc, roots: BoardRoots, stored: StoredBoardState, skipped: number, newcomerAnswer: FramedMessage | null): Room {
    if (skipped > 0) opts.health.damaged(opts.boardId, `${skipped} stored update(s) could not be read and were skipped`)
    let logBytes = 0
    for (const update of stored.updates) logBytes += update.byteLength
    const room = new Room(opts, doc, roots, stored, logBytes)
    // A large board is compacted in slices while the room already serves (ValuePool.compactDocInSlices).
    void opts.values?.compactDocInSlices(doc, VALUE_COMPACTION_SLICE_VALUES, () => !room.isOpen)
    if (newcomerAnswer && skipped === 0) room.keepNewcomerAnswer(newcomerAnswer)
    opts.log.debug({ updates: stored.updates.length, bytes: logBytes }, 'board loaded')
    room.compactIfDue()
    return room
  }

  private constructor(
    private readonly opts: RoomOptions,
    doc: Y.Doc,
    roots: BoardRoots,
    stored: StoredBoardState,
    logBytes: number,
  ) {
    this.boardId = opts.boardId
    this.log = opts.log
    this.doc = doc
    this.roots = roots
    this.scaffolding = new ScaffoldingIndex(doc, roots.records)
    this.lastSeq = stored.lastSeq
    this.logUpdates = stored.updates.length
    this.logBytes = logBytes
    this.snapshotBytes = stored.snapshot?.byteLength ?? 0
    this.awareness = new awarenessProtocol.Awareness(doc)
    // The server is not a participant: no presence of its own.
    this.awareness.setLocalState(null)
    this.presence = new PresenceOwnership(this.awareness, opts.presenceBudget ?? new PresenceBudget(), opts.observer)
    this.awareness.on('update', this.onAwarenessUpdate)
    doc.on('afterTransaction', this.afterTransaction)
  }

  get connectionCount(): number {
    return this.conns.size
  }

  get isOpen(): boolean {
    return this.state === 'open'
  }

  /** Bytes the board's content takes in storage (snapshot and log), plus what waits to be committed. */
  get contentBytes(): number {
    return this.snapshotBytes + this.logBytes + this.pendingBytes
  }

  /**
   * Bytes of the board's uploaded images, which count in its size (MAX_BOARD_BYTES). Kept up to
   * date from storage by the room manager when the room loads and by the asset routes and the
   * asset sweep when images come and go (assets/BoardAssets.ts).
   */
  assetBytes = 0

  /** The board's size as its limit counts it: content, what waits to be committed, and images. */
  get boardBytes(): number {
    return this.contentBytes + this.assetBytes
  }

  /** The last batch of submitted updates the room is done with (applied, or refused by storage). */
  get appliedBatch(): number {
    return this.lastAppliedBatch
  }

  /** When the content last changed while this room was loaded; undefined when it has not. */
  get lastChangeAt(): number | undefined {
    return this.lastChange
  }

  /**
   * Applies a change the server itself makes (a gathering broadcast, a summon from the
   * overview) under the same rule as every client update: it is committed to storage before
   * the doc or any peer sees it. `change` runs on a scratch copy of the doc, so a storage
   * failure leaves the room untouched; it runs in the flush chain, so the log and the doc stay
   * in step. Resolves true once committed and sent, false when `change` changed nothing.
   * Rejects when the room is not open or storage refused.
   */
  applyServerChange(change: (doc: Y.Doc) => void, opts: ServerChangeOptions = {}): Promise<boolean> {
    if (this.state !== 'open') return Promise.reject(new Error('the room is not open'))
    const run = this.tail.then(async () => {
      if (this.state !== 'open') throw new Error('the room is not open')
      if (opts.before) await opts.before(Y.encodeStateAsUpdate(this.doc))
      const scratch = new Y.Doc()
      let update: Uint8Array | undefined
      try {
        Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc))
        scratch.on('update', (u: Uint8Array) => {
          update = update ? Y.mergeUpdates([update, u]) : u
        })
        change(scratch)
      } finally {
        scratch.destroy()
      }
      if (!update) return false
      this.lastSeq = await this.opts.storage.appendUpdates(this.boardId, [update])
      this.opts.health.saved(this.boardId)
      // `lastChange` stays: it tells the overview when people last worked here, and a broadcast is not their work.
      Y.applyUpdate(this.doc, update, this)
      this.broadcastTurn(updateMessage(update), null)
      this.logUpdates += 1
      this.logBytes += update.byteLength
      await this.compactNowIfDue()
      return true
    })
    // The chain goes on whatever this change did; the caller gets its own outcome.
    this.tail = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  /**
   * Resolves once every update submitted so far has been committed and applied (or refused),
   * so `doc` then holds all of it; history reads the state a person leaving last saw.
   */
  settled(): Promise<void> {
    // Like close(): a flush of its own on the chain; the one already scheduled finds its batch taken and does nothing.
    const run = this.tail.then(() => this.flush())
    this.tail = run
    return run
  }

  /** Greets a connection on a fully loaded doc: our sync step 1 (to learn what it has) and current presence. */
  join(conn: Connection): void {
    if (this.state !== 'open') {
      conn.close(CloseCode.SERVICE_RESTART, 'The board is being reloaded; reconnecting')
      return
    }
    this.conns.add(conn)
    this.presence.join(conn)
    const ids = [...this.awareness.states.keys()]
    const step1 = syncStep1Frame(this.doc)
    if (ids.length > 0) conn.sendPrepared(prepareFrames([step1, awarenessFrame(this.awareness, ids)]))
    else conn.send(step1)
  }

  leave(conn: Connection): void {
    if (!this.conns.delete(conn)) return
    const ids = this.presence.release(conn)
    if (ids.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, ids, LEAVE)
      const removal = prepareFrames([awarenessFrame(this.awareness, ids)])
      for (const peer of this.conns) peer.sendPrepared(removal)
      // Forgetting the clocks lets the same client id come back after a reconnect: y-websocket
      // resends its state with an unchanged clock, which the server would otherwise ignore.
      for (const id of ids) {
        this.awareness.meta.delete(id)
        this.awarenessChanged.delete(id)
      }
    }
    if (this.conns.size === 0) this.opts.onEmpty(this)
  }

  answerSyncStep1(conn: Connection, peerStateVector: Uint8Array): void {
    // An empty state vector (one varint: zero clients) is what every fresh client sends.
    if (peerStateVector.length === 1 && peerStateVector[0] === 0) {
      const answer = this.newcomerAnswer ?? syncStep2Frame(this.doc, peerStateVector)
      this.keepNewcomerAnswer(answer)
      conn.send(answer)
      return
    }
    conn.send(syncStep2Frame(this.doc, peerStateVector))
  }

  private keepNewcomerAnswer(answer: FramedMessage): void {
    this.newcomerAnswer = answer
    if (this.newcomerAnswerTimer) this.newcomerAnswerTimer.refresh()
    else {
      this.newcomerAnswerTimer = setTimeout(this.forgetNewcomerAnswer, NEWCOMER_ANSWER_TTL_MS)
      this.newcomerAnswerTimer.unref()
    }
  }

  private readonly afterTransaction = (transaction: Y.Transaction): void => {
    this.forgetNewcomerAnswer()
    this.opts.values?.compactTransaction(transaction)
  }

  private readonly forgetNewcomerAnswer = (): void => {
    if (this.newcomerAnswerTimer) clearTimeout(this.newcomerAnswerTimer)
    this.newcomerAnswerTimer = null
    this.newcomerAnswer = null
  }

  /** Queues a decoded, guarded update for the next flush; returns the number of its batch. */
  submitUpdate(from: Connection, update: Uint8Array): number {
    // Closing: the client gets 1012 and resends after reconnecting.
    if (this.state !== 'open') return this.batchNo
    this.pending.push({ from, update })
    this.pendingBytes += update.byteLength
    if (this.flushQueued) return this.batchNo
    this.flushQueued = true
    this.scheduleTurn()
    return this.batchNo
  }

  sendAwareness(conn: Connection): void {
    const ids = [...this.awareness.states.keys()]
    if (ids.length > 0) conn.send(awarenessFrame(this.awareness, ids))
  }

  /** Closes every connection with `code` (e.g. 1012 on shutdown); pending updates are still flushed by `close`. */
  closeConnections(code: number, reason: string): void {
    for (const conn of [...this.conns]) conn.close(code, reason)
  }

  /** Stops taking updates, commits what is queued, and releases the doc. */
  async close(): Promise<void> {
    if (this.state === 'closed') return
    if (this.state === 'open') this.state = 'closing'
    this.tail = this.tail.then(async () => {
      await this.flush()
      // Leaves the board as one snapshot, so its next load is one decode and its first answer needs no encoding.
      if (this.logUpdates > 0) await this.compactNowIfDue(true)
    })
    await this.tail
    this.state = this.state === 'failed' ? 'failed' : 'closed'
    if (this.presenceTimer) clearTimeout(this.presenceTimer)
    this.forgetNewcomerAnswer()
    this.doc.off('afterTransaction', this.afterTransaction)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.presence.destroy()
    this.awareness.destroy()
    this.scaffolding.destroy()
    this.doc.destroy()
  }

  private scheduleTurn(): void {
    if (this.turnQueued) return
    this.turnQueued = true
    const gathering = this.opts.updateGathering ?? UPDATE_GATHERING
    if (this.flushQueued && this.conns.size >= gathering.fromConnections) setTimeout(this.endTurn, gathering.ms)
    // setImmediate runs after the poll phase, so frames read from all sockets in this turn join one batch.
    else setImmediate(this.endTurn)
  }

  /**
   * The end of an event-loop turn in which updates or presence arrived. Updates go on the flush
   * chain, and the turn's presence waits to go out with them after their commit, in one write
   * per socket (`broadcastTurn`); without updates, the presence goes out now.
   */
  private readonly endTurn = (): void => {
    this.turnQueued = false
    if (this.flushQueued && !this.flushChained) {
      this.flushChained = true
      this.tail = this.tail.then(() => this.flush())
      return
    }
    // A flush already on the chain takes the presence along when it sends.
    if (!this.flushChained) this.broadcastTurn(null, null)
  }

  private async flush(): Promise<void> {
    this.flushQueued = false
    this.flushChained = false
    const batch = this.pending
    const batchNo = this.batchNo++
    this.pending = []
    this.pendingBytes = 0
    try {
      if (batch.length === 0 || this.state === 'failed' || this.state === 'closed') return
      await this.commitAndSend(batch)
    } catch (err) {
      // Whatever else goes wrong, the chain must go on and the process must live: the room
      // closes, and the next join reloads the board from what storage holds.
      this.fail(err)
    } finally {
      this.lastAppliedBatch = batchNo
      for (const sender of new Set(batch.map((p) => p.from))) sender.forgetApplied(batchNo)
      // Presence that came with a batch storage refused (or with no batch at all) still goes out.
      this.broadcastTurn(null, null)
    }
  }

  private async commitAndSend(batch: PendingUpdate[]): Promise<void> {
    const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update))
    // Commit first: a peer may only ever see what a crash cannot take back.
    const started = performance.now()
    try {
      this.lastSeq = await this.opts.storage.appendUpdates(this.boardId, [merged])
    } catch (err) {
      this.refuseUnsaved(batch, err)
      return
    }
    this.opts.observer.persisted((performance.now() - started) / 1000)
    this.opts.health.saved(this.boardId)
    this.lastChange = Date.now()
    try {
      Y.applyUpdate(this.doc, merged, this)
    } catch (err) {
      this.log.error({ err }, 'a committed update could not be applied')
    }
    // The sender already has its own updates; a batch from several senders goes to everyone.
    const soleSender = batch.every((p) => p.from === batch[0]!.from) ? batch[0]!.from : null
    this.broadcastTurn(updateMessage(merged), soleSender)
    this.logUpdates += 1
    this.logBytes += merged.byteLength
    await this.compactNowIfDue()
  }

  /**
   * Storage did not take a batch: nothing of it is applied or sent, and its senders are
   * refused with the reason (4500 is not terminal: their clients keep the changes and resend
   * them when they reconnect). Their later updates may build on the refused ones, so they go too.
   */
  private refuseUnsaved(batch: PendingUpdate[], err: unknown): void {
    const reason = storageFailureText(err)
    this.log.error({ err, senders: batch.length }, 'storing an update failed; refusing its senders')
    this.opts.health.saveFailed(this.boardId, storageFailureKind(err))
    const senders = new Set(batch.map((p) => p.from))
    this.pending = this.pending.filter((p) => !senders.has(p.from))
    this.pendingBytes = this.pending.reduce((n, p) => n + p.update.byteLength, 0)
    for (const conn of senders) conn.refuse(CloseCode.STORAGE_UNAVAILABLE, reason)
  }

  private compactIfDue(): void {
    this.tail = this.tail.then(() => this.compactNowIfDue())
  }

  private async compactNowIfDue(force = false): Promise<void> {
    if (!force && this.logUpdates < this.opts.compactAfterUpdates && this.logBytes < this.opts.compactAfterBytes) return
    if (this.state === 'failed' || this.state === 'closed') return
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    try {
      await this.opts.storage.compact(this.boardId, snapshot, this.lastSeq)
      this.log.debug({ updates: this.logUpdates, bytes: this.logBytes, snapshotBytes: snapshot.byteLength }, 'compacted')
      this.opts.observer.compacted()
      this.logUpdates = 0
      this.logBytes = 0
      this.snapshotBytes = snapshot.byteLength
    } catch (err) {
      // The log is intact, so nothing is lost; the next flush tries again.
      this.log.warn({ err }, 'compaction failed')
    }
  }

  private fail(err: unknown): void {
    if (this.state === 'failed') return
    this.log.error({ err }, 'the room failed; closing it')
    this.state = 'failed'
    this.pending = []
    this.pendingBytes = 0
    // Clients keep their unsaved edits and resend them when they reconnect (4500 is not terminal).
    this.closeConnections(CloseCode.STORAGE_UNAVAILABLE, 'The board could not be saved right now; reconnecting')
    this.opts.observer.refused(CloseCode.STORAGE_UNAVAILABLE)
    this.opts.onFailed(this)
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === LEAVE) return
    for (const id of [...added, ...updated, ...removed]) this.awarenessChanged.add(id)
    this.schedulePresence()
  }

  /** Relays the changed presence at the end of this turn if it is due, else when it is. */
  private schedulePresence(): void {
    if (this.presenceTimer || this.state !== 'open') return
    const wait = this.presenceSentAt + presenceIntervalMs(this.conns.size) - performance.now()
    if (wait <= 0) {
      this.scheduleTurn()
      return
    }
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null
      this.scheduleTurn()
    }, Math.ceil(wait))
  }

  /**
   * Sends a turn's committed update (`update`, to everyone but `except`) together with the
   * presence that changed since it was last relayed, if it is due (presenceIntervalMs), one
   * write per socket. Cursor moves from many clients go out as one frame, encoded once. The
   * sender of the update gets only the presence: it has its own changes already. (Idle clients
   * are kept alive by Connection.heartbeat, not by echoes.)
   */
  private broadcastTurn(update: FramedMessage | null, except: Connection | null): void {
    let presence: Uint8Array | null = null
    const now = performance.now()
    // Presence not due yet waits for its timer. A timer may fire a fraction of a millisecond
    // before performance.now() says it is due (libuv keeps whole milliseconds): it is set again,
    // or the last change of a burst would wait for the next change to go out.
    if (this.awarenessChanged.size > 0 && !this.presenceTimer && now - this.presenceSentAt >= presenceIntervalMs(this.conns.size)) {
      const ids = [...this.awarenessChanged].filter((id) => this.awareness.meta.has(id))
      this.awarenessChanged.clear()
      if (ids.length > 0 && this.state === 'open') {
        presence = awarenessFrame(this.awareness, ids)
        this.presenceSentAt = now
      }
    } else if (this.awarenessChanged.size > 0) this.schedulePresence()
    if (!update && !presence) return
    // Framed once for everyone; the sender of the update gets only the presence.
    const toAll = prepareFrames([update, presence].filter((m): m is FramedMessage => m !== null))
    const toSender = update && presence && except ? prepareFrames([presence]) : null
    for (const conn of this.conns) {
      if (conn !== except) conn.sendPrepared(toAll)
      else if (toSender) conn.sendPrepared(toSender)
    }
  }
}

/** Resolves in a later turn of the event loop, after I/O that arrived meanwhile was served. */
function nextTurn(): Promise<void> {
  return new Promise((done) => setImmediate(done))
}
