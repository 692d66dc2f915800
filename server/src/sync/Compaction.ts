import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { RoomStorage, StoredBoardState } from '../storage/Storage'
import type { SyncObserver } from './SyncObserver'

export interface CompactionOptions {
  boardId: string
  storage: RoomStorage
  log: Logger
  observer: SyncObserver
  /** Compact the update log into a snapshot once it holds this many updates... */
  compactAfterUpdates: number
  /** ...or this many bytes. */
  compactAfterBytes: number
  /** The seq up to which the doc holds every update when other nodes commit too (BoardLog.appliedThrough); undefined: `lastSeq`. */
  appliedThrough?: (() => number | undefined) | undefined
}

/**
 * A room's account of its board's stored state (snapshot and update log since) and the folding
 * of the log into a new snapshot once it grows past its limits. The room runs it on its commit
 * chain, so the doc it encodes holds exactly the updates up to `lastSeq` (or, when other nodes
 * commit to the board too, up to what `appliedThrough` says).
 */
export class Compaction {
  /** Every update up to this sequence number is in the room's doc. */
  private seq: number
  private logUpdates: number
  private logBytes = 0
  /** Bytes of the stored snapshot; with `logBytes` the board's size in storage. */
  private snapshotBytes: number

  constructor(
    private readonly opts: CompactionOptions,
    stored: StoredBoardState,
  ) {
    this.seq = stored.lastSeq
    this.logUpdates = stored.updates.length
    for (const update of stored.updates) this.logBytes += update.byteLength
    this.snapshotBytes = stored.snapshot?.byteLength ?? 0
  }

  get lastSeq(): number {
    return this.seq
  }

  /** Bytes the board takes in storage: snapshot and log. */
  get storedBytes(): number {
    return this.snapshotBytes + this.logBytes
  }

  /** Whether the log holds anything a snapshot does not. */
  get hasLog(): boolean {
    return this.logUpdates > 0
  }

  /** The update numbered `seq`, of `bytes`, is in the log and in the doc. */
  logged(seq: number, bytes: number): void {
    this.seq = seq
    this.counted(bytes)
  }

  /** An update of `bytes` another node committed is in the log and in the doc. */
  counted(bytes: number): void {
    this.logUpdates += 1
    this.logBytes += bytes
  }

  /**
   * Folds the log into a snapshot of `doc` if it grew past its limits (or always, `force`).
   * `doc` must hold every update up to the seq it is compacted to. A failure is logged and leaves the log
   * intact, so nothing is lost; the next commit tries again.
   */
  async runIfDue(doc: Y.Doc, force = false): Promise<void> {
    const { opts } = this
    if (!force && this.logUpdates < opts.compactAfterUpdates && this.logBytes < opts.compactAfterBytes) return
    const snapshot = Y.encodeStateAsUpdate(doc)
    const uptoSeq = opts.appliedThrough?.() ?? this.seq
    try {
      if (await opts.storage.compact(opts.boardId, snapshot, uptoSeq)) {
        opts.log.debug({ updates: this.logUpdates, bytes: this.logBytes, snapshotBytes: snapshot.byteLength }, 'compacted')
        opts.observer.compacted()
        this.snapshotBytes = snapshot.byteLength
      } else opts.log.debug({ uptoSeq }, 'compaction skipped: another node compacts the board, or compacted it as far')
      // Either way the log this room counted is being folded in: counting on would only try again at every commit.
      this.logUpdates = 0
      this.logBytes = 0
    } catch (err) {
      opts.log.warn({ err }, 'compaction failed')
    }
  }
}
