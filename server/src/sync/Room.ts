import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { Logger } from 'pino'
import { CloseCode } from '@whiteboard/shared'
import type { RoomStorage, StoredBoardState } from '../storage/Storage'
import type { StorageHealth } from '../storage/StorageHealth'
import { storageBoardLog, type BoardLog } from './BoardLog'
import { buildBoardDoc, newcomerAnswerOf, type BuiltBoard } from './boardLoading'
import type { BoardRoots } from './boardRoots'
import { CommitChain, type RoomState, type ServerChangeOptions, type UpdateGathering } from './CommitChain'
import { Compaction } from './Compaction'
import { decodeUpdateCompacted } from './applyUpdateCompacted'
import type { Connection } from './Connection'
import { AllPresenceFrame } from './AllPresenceFrame'
import { asksAsNewcomer, NewcomerAnswer } from './NewcomerAnswer'
import { PresenceBudget } from './PresenceBudget'
import { PresenceOwnership } from './PresenceOwnership'
import { PresenceRelay } from './PresenceRelay'
import { ScaffoldingIndex } from './ScaffoldingIndex'
import type { DecodedUpdate } from './structLookup'
import { syncStep1Frame, syncStep2Frame } from './syncMessages'
import type { SyncObserver } from './SyncObserver'
import { UpdateIntake } from './UpdateIntake'
import type { UpdateGuard } from './updateGuard'
import type { ValuePool } from './ValuePool'
import { prepareFrames, type FramedMessage } from './preparedFrames'

export interface RoomOptions {
  boardId: string
  storage: RoomStorage
  /** Where the room commits its updates; defaults to the storage's update log (storageBoardLog). */
  boardLog?: BoardLog
  log: Logger
  /** Every update that would change the board passes it before it is committed. */
  guard: UpdateGuard
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

/**
 * One loaded board: its Y.Doc, presence, and the connections on it; what the rest of the
 * server uses of a board in memory. The work is done by its parts:
 * - boardLoading.ts reads the board and builds its doc (`Room.build`);
 * - UpdateIntake inspects and guards each update a connection decoded (`receiveUpdate`);
 * - CommitChain commits accepted updates and the server's own changes, then applies and sends
 *   them, one after another, through one `commit` (BoardLog is where it commits, and how the
 *   updates other nodes commit come in: `applyRemote`);
 * - Compaction folds the update log into a snapshot;
 * - PresenceRelay sends each turn's update and the due presence, one write per socket;
 * - NewcomerAnswer keeps the answer for fresh clients while the doc does not change.
 */
export class Room {
  readonly boardId: string
  readonly doc: Y.Doc
  /** The doc's root types. */
  readonly roots: BoardRoots
  /** Live template scaffolding entries. */
  readonly scaffolding: ScaffoldingIndex
  readonly awareness: awarenessProtocol.Awareness
  private readonly allPresence: AllPresenceFrame
  /** Which connection owns each awareness client id, and what presence the room holds. */
  readonly presence: PresenceOwnership
  private readonly conns = new Set<Connection>()
  private state: RoomState = 'open'
  private readonly relay: PresenceRelay
  private readonly chain: CommitChain
  private readonly compaction: Compaction
  private readonly intake: UpdateIntake
  private readonly newcomer: NewcomerAnswer
  /** Every update up to this seq was in storage when the board was read. */
  readonly loadedSeq: number

  /**
   * Bytes of the board's uploaded images, which count in its size (MAX_BOARD_BYTES). Kept up to
   * date from storage by the room manager when the room loads and by the asset routes and the
   * asset sweep when images come and go (assets/BoardAssets.ts).
   */
  assetBytes = 0

  /**
   * Builds the room around everything storage holds of the board (boardLoading.ts; a large
   * board a slice per turn) before anyone is served from it. `newcomerAnswer`: the stored board
   * as the answer for fresh clients (newcomerAnswerOf), kept if every logged update was read.
   * Throws `RoomLoadError` when the snapshot is damaged.
   */
  static async build(opts: RoomOptions, stored: StoredBoardState, newcomerAnswer: FramedMessage | null = newcomerAnswerOf(stored)): Promise<Room> {
    const built = await buildBoardDoc(opts, stored)
    if (built.skipped > 0) opts.health.damaged(opts.boardId, `${built.skipped} stored update(s) could not be read and were skipped`)
    // Its values were read compact as they were applied (BoardSource.values).
    const room = new Room(opts, built)
    if (newcomerAnswer && built.skipped === 0) room.newcomer.keep(newcomerAnswer)
    opts.log.debug({ updates: stored.updates.length, bytes: room.compaction.storedBytes }, 'board loaded')
    room.chain.compactSoon()
    return room
  }

  private constructor(
    private readonly opts: RoomOptions,
    built: BuiltBoard,
  ) {
    this.boardId = opts.boardId
    this.loadedSeq = built.stored.lastSeq
    this.doc = built.doc
    this.roots = built.roots
    this.scaffolding = new ScaffoldingIndex(this.doc, this.roots.records)
    this.newcomer = new NewcomerAnswer(this.doc)
    const boardLog = opts.boardLog ?? storageBoardLog(opts.storage)
    this.compaction = new Compaction({ ...opts, appliedThrough: boardLog.appliedThrough && (() => boardLog.appliedThrough?.(opts.boardId)) }, built.stored)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    // The server is not a participant: no presence of its own.
    this.awareness.setLocalState(null)
    this.allPresence = new AllPresenceFrame(this.awareness)
    this.presence = new PresenceOwnership(this.awareness, opts.presenceBudget ?? new PresenceBudget(), opts.observer)
    this.relay = new PresenceRelay(this.awareness, this.conns, () => this.chain.requestTurn(), () => this.isOpen)
    this.chain = new CommitChain({
      boardId: opts.boardId,
      log: opts.log,
      observer: opts.observer,
      health: opts.health,
      boardLog,
      doc: this.doc,
      compaction: this.compaction,
      relay: this.relay,
      state: () => this.state,
      connectionCount: () => this.conns.size,
      updateGathering: opts.updateGathering,
      values: opts.values,
      batchDone: (batch, senders) => this.intake.applied(batch, senders),
      fail: (err) => this.fail(err),
    })
    this.intake = new UpdateIntake({
      boardId: opts.boardId,
      doc: this.doc,
      roots: this.roots,
      scaffolding: this.scaffolding,
      guard: opts.guard,
      observer: opts.observer,
      queue: this.chain,
      boardBytes: () => this.boardBytes,
    })
    this.doc.on('afterTransaction', this.afterTransaction)
  }

  get connectionCount(): number {
    return this.conns.size
  }

  get isOpen(): boolean {
    return this.state === 'open'
  }

  /** Bytes the board's content takes in storage (snapshot and log), plus what waits to be committed. */
  get contentBytes(): number {
    return this.compaction.storedBytes + this.chain.pendingBytes
  }

  /** The board's size as its limit counts it: content, what waits to be committed, and images. */
  get boardBytes(): number {
    return this.contentBytes + this.assetBytes
  }

  /**
   * Applies a change the server itself makes (a gathering broadcast, a summon from the
   * overview) under the same rule as every client update: it is committed to storage before
   * the doc or any peer sees it (CommitChain.applyServerChange). Resolves true once committed
   * and sent, false when `change` changed nothing. Rejects when the room is not open or storage refused.
   */
  applyServerChange(change: (doc: Y.Doc) => void, opts: ServerChangeOptions = {}): Promise<boolean> {
    return this.chain.applyServerChange(change, opts)
  }

  /**
   * Applies an update another node committed to the board and sends it to every connection
   * here (CommitChain.applyRemote); the caller (the cluster's follower of the board) applies
   * each seq once, in order.
   */
  applyRemote(update: Uint8Array): void {
    this.chain.applyRemote(update)
  }

  /**
   * Resolves once every update submitted so far has been committed and applied (or refused),
   * so `doc` then holds all of it; history reads the state a person leaving last saw.
   */
  settled(): Promise<void> {
    return this.chain.settled()
  }

  /** Greets a connection on a fully loaded doc: our sync step 1 (to learn what it has) and current presence. */
  join(conn: Connection): void {
    if (this.state !== 'open') {
      conn.close(CloseCode.SERVICE_RESTART, 'The board is being reloaded; reconnecting')
      return
    }
    this.conns.add(conn)
    this.presence.join(conn)
    const step1 = syncStep1Frame(this.doc)
    const presence = this.allPresence.get()
    if (presence) conn.sendPrepared(prepareFrames([step1, presence]))
    else conn.send(step1)
  }

  leave(conn: Connection): void {
    if (!this.conns.delete(conn)) return
    this.intake.forget(conn)
    this.relay.removeLeft(this.presence.release(conn))
    if (this.conns.size === 0) this.opts.onEmpty(this)
  }

  answerSyncStep1(conn: Connection, peerStateVector: Uint8Array): void {
    if (asksAsNewcomer(this.doc, peerStateVector)) conn.send(this.newcomer.frame())
    else conn.send(syncStep2Frame(this.doc, peerStateVector))
  }

  /** Decodes an update to inspect and guard it, its values read into the pool's compact form when the room has a pool. */
  decodeUpdate(update: Uint8Array): DecodedUpdate {
    return this.opts.values ? decodeUpdateCompacted(update, this.opts.values) : Y.decodeUpdate(update)
  }

  /**
   * A document update from `conn`, decoded once by the connection (`decoded`); `isStep2` when
   * it came as the client's sync step 2. It is inspected and guarded (UpdateIntake), and if
   * accepted committed, applied and sent with the turn's others; a refusal closes `conn`.
   */
  receiveUpdate(conn: Connection, update: Uint8Array, decoded: DecodedUpdate, isStep2: boolean): void {
    this.intake.receive(conn, update, decoded, isStep2)
  }

  sendAwareness(conn: Connection): void {
    const presence = this.allPresence.get()
    if (presence) conn.send(presence)
  }

  /** Closes every connection with `code` (e.g. 1012 on shutdown); pending updates are still flushed by `close`. */
  closeConnections(code: number, reason: string): void {
    for (const conn of [...this.conns]) conn.close(code, reason)
  }

  /** Stops taking updates, commits what is queued, and releases the doc. */
  async close(): Promise<void> {
    if (this.state === 'closed') return
    if (this.state === 'open') this.state = 'closing'
    await this.chain.drain()
    this.state = this.state === 'failed' ? 'failed' : 'closed'
    this.relay.destroy()
    this.newcomer.forget()
    this.doc.off('afterTransaction', this.afterTransaction)
    this.presence.destroy()
    this.awareness.destroy()
    this.scaffolding.destroy()
    this.doc.destroy()
  }

  private readonly afterTransaction = (transaction: Y.Transaction): void => {
    this.newcomer.forget()
    // The chain's applies read their values compact already (applyUpdateCompacted).
    if (transaction.origin !== this.chain) this.opts.values?.compactTransaction(transaction)
  }

  private fail(err: unknown): void {
    if (this.state === 'failed') return
    this.opts.log.error({ err }, 'the room failed; closing it')
    this.state = 'failed'
    this.chain.dropPending()
    // Clients keep their unsaved edits and resend them when they reconnect (4500 is not terminal).
    this.closeConnections(CloseCode.STORAGE_UNAVAILABLE, 'The board could not be saved right now; reconnecting')
    this.opts.observer.refused(CloseCode.STORAGE_UNAVAILABLE)
    this.opts.onFailed(this)
  }
}
