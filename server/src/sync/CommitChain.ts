import * as Y from 'yjs'
import type { Logger } from 'pino'
import { CloseCode } from '@whiteboard/shared'
import type { StorageHealth } from '../storage/StorageHealth'
import { storageFailureKind, storageFailureText } from '../storage/storageFailureText'
import type { BoardLog } from './BoardLog'
import type { Compaction } from './Compaction'
import type { Connection } from './Connection'
import type { PresenceRelay } from './PresenceRelay'
import { applyUpdateCompacted, type ReadValues } from './applyUpdateCompacted'
import { updateMessage } from './syncMessages'
import type { SyncObserver } from './SyncObserver'
import type { UpdateQueue } from './UpdateIntake'
import type { ValuePool } from './ValuePool'

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

/** Where a room is in its life: `closing` still commits what is queued; `failed` and `closed` commit nothing more. */
export type RoomState = 'open' | 'closing' | 'closed' | 'failed'

export interface ServerChangeOptions {
  /**
   * Runs in the flush chain right before the change, with the committed state it is about to
   * change (a Yjs update); when it rejects, the change is not made. Restore keeps the replaced
   * state as a snapshot here, so no edit can slip in between the two.
   */
  before?: (state: Uint8Array) => Promise<void>
}

export interface CommitChainOptions {
  boardId: string
  log: Logger
  observer: SyncObserver
  health: StorageHealth
  boardLog: BoardLog
  doc: Y.Doc
  compaction: Compaction
  relay: PresenceRelay
  state: () => RoomState
  connectionCount: () => number
  /** Defaults to UPDATE_GATHERING. */
  updateGathering?: UpdateGathering | undefined
  /** Values of committed updates are read into this pool's compact form as they are applied (applyUpdateCompacted). */
  values?: ValuePool | undefined
  /** The room is done with batches up to `batch`; `senders` sent the last one (UpdateIntake.applied). */
  batchDone: (batch: number, senders: ReadonlySet<Connection>) => void
  /** Something other than storage refusing a commit went wrong: the room must close. */
  fail: (err: unknown) => void
}

interface PendingUpdate {
  from: Connection
  update: Uint8Array
  /** The values the guards judged, applied as they are when the update is committed on its own. */
  values: ReadValues | undefined
  /** Its items are all of one client, so it may be merged with others of its kind (see `commitGroups`). */
  oneWriter: boolean
}

type CommitOutcome = { committed: true } | { committed: false; err: unknown }

/**
 * A room's updates from their acceptance to their peers, one step after another.
 *
 * Accepted updates wait in a queue; at the end of the event-loop turn (in large rooms a little
 * later, UPDATE_GATHERING) the queue is merged into one update and put on the chain, where it
 * goes through `commit`: committed to the board log, and only then applied to the doc and sent
 * to peers as one frame encoded once. So nothing a peer has seen can be lost by a crash, and a
 * burst from many clients costs one commit and one frame. The server's own changes go through
 * the same `commit`. Steps run one after another, so compaction sees a doc that matches the
 * log exactly.
 *
 * When storage refuses a commit (disk full, read-only file), the senders of that batch are
 * refused with the reason and nothing of it is applied or sent: the board holds nothing it
 * could not persist, and everyone else stays connected and can still read.
 */
export class CommitChain implements UpdateQueue {
  private pending: PendingUpdate[] = []
  private queuedBytes = 0
  /** Number of the batch now collecting updates; `lastAppliedBatch` is the last one done with. */
  private batchNo = 1
  private lastAppliedBatch = 0
  /** Updates wait for a flush that is not yet on the chain. */
  private flushQueued = false
  /** That flush has been put on the chain and has not started. */
  private flushChained = false
  /** The end-of-turn callback is scheduled (see `endTurn`). */
  private turnQueued = false
  /** The chain of flushes, server changes and compactions; each starts after the previous finished. */
  private tail: Promise<void> = Promise.resolve()

  constructor(private readonly opts: CommitChainOptions) {}

  /** Bytes of the updates waiting for their commit. */
  get pendingBytes(): number {
    return this.queuedBytes
  }

  get appliedBatch(): number {
    return this.lastAppliedBatch
  }

  /** Queues an accepted update for the next flush; returns the number of its batch. */
  submit(from: Connection, update: Uint8Array, values: ReadValues | undefined, oneWriter: boolean): number {
    // Closing: the client gets 1012 and resends after reconnecting.
    if (this.opts.state() !== 'open') return this.batchNo
    this.pending.push({ from, update, values, oneWriter })
    this.queuedBytes += update.byteLength
    if (this.flushQueued) return this.batchNo
    this.flushQueued = true
    this.requestTurn()
    return this.batchNo
  }

  /** Makes the end of this turn send what is due (PresenceRelay asks when presence is). */
  readonly requestTurn = (): void => {
    if (this.turnQueued) return
    this.turnQueued = true
    const gathering = this.opts.updateGathering ?? UPDATE_GATHERING
    if (this.flushQueued && this.opts.connectionCount() >= gathering.fromConnections) setTimeout(this.endTurn, gathering.ms)
    // setImmediate runs after the poll phase, so frames read from all sockets in this turn join one batch.
    else setImmediate(this.endTurn)
  }

  /**
   * Applies a change the server itself makes through the same `commit` as people's updates.
   * `change` runs on a scratch copy of the doc, so a storage failure leaves the room untouched;
   * it runs in the chain, so the log and the doc stay in step. Resolves true once committed and
   * sent, false when `change` changed nothing. Rejects when the room is not open or storage refused.
   */
  applyServerChange(change: (doc: Y.Doc) => void, opts: ServerChangeOptions = {}): Promise<boolean> {
    if (this.opts.state() !== 'open') return Promise.reject(new Error('the room is not open'))
    return this.enqueue(async () => {
      if (this.opts.state() !== 'open') throw new Error('the room is not open')
      const { doc } = this.opts
      if (opts.before) await opts.before(Y.encodeStateAsUpdate(doc))
      const scratch = new Y.Doc()
      let update: Uint8Array | undefined
      try {
        Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc))
        scratch.on('update', (u: Uint8Array) => {
          update = update ? Y.mergeUpdates([update, u]) : u
        })
        change(scratch)
      } finally {
        scratch.destroy()
      }
      if (!update) return false
      // Not by people: the board's last change, which the overview shows, stays where the team left it.
      const outcome = await this.commit(update, null, false)
      if (!outcome.committed) throw outcome.err
      return true
    })
  }

  /**
   * Resolves once every update submitted so far has been committed and applied (or refused),
   * so the doc then holds all of it.
   */
  settled(): Promise<void> {
    // A flush of its own on the chain; the one already scheduled finds its batch taken and does nothing.
    return this.enqueue(() => this.flush())
  }

  /** Commits what is queued and leaves the board as one snapshot; the room is closing. */
  drain(): Promise<void> {
    return this.enqueue(async () => {
      await this.flush()
      // Its next load is then one decode, and its first answer needs no encoding.
      if (this.opts.compaction.hasLog) await this.compactIfDue(true)
    })
  }

  /** Compacts the log if it grew past its limits, after what the chain holds now. */
  compactSoon(): void {
    void this.enqueue(() => this.compactIfDue())
  }

  /** Forgets the queued updates: the room failed, and their senders resend after reconnecting. */
  dropPending(): void {
    this.pending = []
    this.queuedBytes = 0
  }

  /** Runs `step` after everything on the chain; the chain goes on whatever `step` does, the caller gets its outcome. */
  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const run = this.tail.then(step)
    this.tail = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  /**
   * The end of an event-loop turn in which updates or presence arrived. Updates go on the flush
   * chain, and the turn's presence waits to go out with them after their commit, in one write
   * per socket (PresenceRelay.broadcastTurn); without updates, the presence goes out now.
   */
  private readonly endTurn = (): void => {
    this.turnQueued = false
    if (this.flushQueued && !this.flushChained) {
      this.flushChained = true
      void this.enqueue(() => this.flush())
      return
    }
    // A flush already on the chain takes the presence along when it sends.
    if (!this.flushChained) this.opts.relay.broadcastTurn(null, null)
  }

  private async flush(): Promise<void> {
    this.flushQueued = false
    this.flushChained = false
    const batch = this.pending
    const batchNo = this.batchNo++
    this.pending = []
    this.queuedBytes = 0
    try {
      let done = 0
      for (const group of commitGroups(batch)) {
        if (this.stopped()) return
        const merged = group.length === 1 ? group[0]!.update : Y.mergeUpdates(group.map((p) => p.update))
        // The sender already has its own updates; a group from several senders goes to everyone.
        const soleSender = group.every((p) => p.from === group[0]!.from) ? group[0]!.from : null
        const outcome = await this.commit(merged, soleSender, true, group.length === 1 ? group[0]!.values : undefined)
        if (!outcome.committed) {
          // What follows may build on what storage refused.
          this.refuseUnsaved(batch.slice(done), outcome.err)
          return
        }
        done += group.length
      }
    } catch (err) {
      // Whatever else goes wrong, the chain must go on and the process must live: the room
      // closes, and the next join reloads the board from what storage holds.
      this.opts.fail(err)
    } finally {
      this.lastAppliedBatch = batchNo
      this.opts.batchDone(batchNo, new Set(batch.map((p) => p.from)))
      // Presence that came with a batch storage refused (or with no batch at all) still goes out.
      this.opts.relay.broadcastTurn(null, null)
    }
  }

  /**
   * The one way a change enters the board, for people's batches and the server's own changes
   * alike: committed to the board log first (a peer may only ever see what a crash cannot take
   * back), then applied to the doc, sent to the peers (all but `except`, who has it already),
   * counted for compaction, and the log compacted if due. When storage does not take it, that
   * is reported and nothing of it is applied or sent.
   */
  private async commit(update: Uint8Array, except: Connection | null, byPeople: boolean, values?: ReadValues): Promise<CommitOutcome> {
    const { boardId, health, log } = this.opts
    const started = performance.now()
    let seq: number
    try {
      seq = await this.opts.boardLog.commit(boardId, update, byPeople)
    } catch (err) {
      log.error({ err }, 'committing an update failed; nothing of it is applied or sent')
      health.saveFailed(boardId, storageFailureKind(err))
      return { committed: false, err }
    }
    this.opts.observer.persisted((performance.now() - started) / 1000)
    health.saved(boardId)
    this.applyCommitted(update, except, values)
    this.opts.compaction.logged(seq, update.byteLength)
    try {
      this.opts.boardLog.committed?.(boardId, seq, update)
    } catch (err) {
      log.error({ err }, 'the board log failed to take note of a commit')
    }
    await this.compactIfDue()
    return { committed: true }
  }

  /**
   * Applies an update another node committed to the board (BoardLog) and sends it to every
   * connection here; no commit, it is in the log already. At once, not on the chain: it changes
   * nothing this node's commits depend on (Yjs merges in any order), and the caller counts what
   * the doc holds as it applies. A failed or closed room takes nothing more.
   */
  applyRemote(update: Uint8Array): void {
    if (this.stopped()) return
    this.applyCommitted(update, null)
    this.opts.compaction.counted(update.byteLength)
  }

  /** Applies a committed update to the doc (with `read`, the values its decoding read, if any) and sends it to the peers but `except`. */
  private applyCommitted(update: Uint8Array, except: Connection | null, read?: ReadValues): void {
    try {
      const { doc, values } = this.opts
      if (values) applyUpdateCompacted(doc, update, values, this, read)
      else Y.applyUpdate(doc, update, this)
    } catch (err) {
      this.opts.log.error({ err }, 'a committed update could not be applied')
    }
    this.opts.relay.broadcastTurn(updateMessage(update), except)
  }

  /**
   * Storage did not take a batch: its senders are refused with the reason (4500 is not
   * terminal: their clients keep the changes and resend them when they reconnect). Their later
   * updates may build on the refused ones, so they go too.
   */
  private refuseUnsaved(batch: PendingUpdate[], err: unknown): void {
    const reason = storageFailureText(err)
    const senders = new Set(batch.map((p) => p.from))
    this.pending = this.pending.filter((p) => !senders.has(p.from))
    this.queuedBytes = this.pending.reduce((n, p) => n + p.update.byteLength, 0)
    for (const conn of senders) conn.refuse(CloseCode.STORAGE_UNAVAILABLE, reason)
  }

  private async compactIfDue(force = false): Promise<void> {
    if (this.stopped()) return
    await this.opts.compaction.runIfDue(this.opts.doc, force)
  }

  /** A failed or closed room commits and compacts nothing more. */
  private stopped(): boolean {
    const state = this.opts.state()
    return state === 'failed' || state === 'closed'
  }
}

/**
 * A batch's commits, in order: each run of updates written by one client each, merged into one
 * commit (and one frame), and every other update on its own. An edit is one client's; an update
 * of many clients is a reconnecting client's sync step 2, or crafted. Yjs merges many-client
 * updates in time that grows with updates times clients (600 updates of 300 clients each took
 * 4.7 s, against 75 ms to decode them), and drops the items of a client listed out of the order
 * it writes them in, which an accepted update would then lose between the guards and the log.
 */
function commitGroups(batch: readonly PendingUpdate[]): PendingUpdate[][] {
  const groups: PendingUpdate[][] = []
  let run: PendingUpdate[] | null = null
  for (const pending of batch) {
    if (!pending.oneWriter) {
      run = null
      groups.push([pending])
    } else if (run) run.push(pending)
    else groups.push((run = [pending]))
  }
  return groups
}
