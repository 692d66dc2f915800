import * as Y from 'yjs'
import type { ReadValues } from './applyUpdateCompacted'
import { CloseCode } from '@whiteboard/shared'
import type { BoardRoots } from './boardRoots'
import type { Connection } from './Connection'
import type { ScaffoldingIndex } from './ScaffoldingIndex'
import { StructLookup, type DecodedUpdate } from './structLookup'
import { syncStep1Frame } from './syncMessages'
import type { SyncObserver } from './SyncObserver'
import { inspectUpdate, type PendingStructs } from './updateEffect'
import type { UpdateGuard } from './updateGuard'

/** Where accepted updates go: the room's queue of updates waiting for their commit. */
export interface UpdateQueue {
  /**
   * Queues an accepted update for the next commit (`values`: what decoding it read;
   * `oneWriter`: its items are all of one client); returns the number of its batch.
   */
  submit(from: Connection, update: Uint8Array, values: ReadValues | undefined, oneWriter: boolean): number
  /** The last batch the room is done with (applied, or refused by storage). */
  readonly appliedBatch: number
}

export interface UpdateIntakeOptions {
  boardId: string
  doc: Y.Doc
  roots: BoardRoots
  scaffolding: ScaffoldingIndex
  guard: UpdateGuard
  observer: SyncObserver
  queue: UpdateQueue
  /** The board's size as its limit counts it (Room.boardBytes). */
  boardBytes: () => number
}

/** One sender's updates the room accepted but has not applied yet, and whether we asked it for a resync. */
interface SenderUpdates {
  /**
   * Tagged with their batch. Their decoded form is made again only when a later update needs
   * to look into them (`pendingStructs`): keeping the one the connection made would hold a
   * second copy of every value an update inserts until the room's flush, and V8 moves whatever
   * is alive when the young generation is collected into the old one: with many boards busy at
   * once, most of those copies became old garbage and the heap grew by several times what the
   * boards hold. The bytes are the room's own queued update, so keeping them costs nothing.
   */
  unapplied: { update: Uint8Array; decoded: DecodedUpdate | null; batch: number }[]
  structs: StructLookup
  /** `structs` with the places found for them, for inspectUpdate. */
  pending: PendingStructs
  /** We asked the client for a resync because an update of its depended on items we lack. */
  resyncRequested: boolean
}

const NO_PENDING: PendingStructs = { find: () => undefined }

/**
 * The room's door for document updates: each one a connection decoded is inspected against the
 * room's doc and the sender's own updates not yet applied (updateEffect.ts: outside the layout:
 * refused; changes nothing: dropped), put to the update guard (updateGuard.ts: roles, size,
 * validation), and only then queued for the commit. A refusal closes the sender with the code
 * and reason; nothing of the update reaches storage or peers.
 */
export class UpdateIntake {
  private readonly senders = new Map<Connection, SenderUpdates>()

  constructor(private readonly opts: UpdateIntakeOptions) {}

  /** One update from `conn`, decoded once (`decoded`); `isStep2` when it came as its answer to a sync step 1. */
  receive(conn: Connection, update: Uint8Array, decoded: DecodedUpdate, isStep2: boolean): void {
    const { opts } = this
    const sender = this.senderOf(conn)
    const effect = inspectUpdate(opts.roots, decoded, this.pendingStructs(sender))
    // A step 2 is the client's answer to a sync step 1, ours included: it holds all it has.
    if (isStep2 && !effect.unresolved) sender.resyncRequested = false
    // Nothing new (a resync echo, or a viewer's empty step 2): nothing to store or send.
    if (!effect.changes) return
    if (effect.invalid) {
      conn.refuse(CloseCode.INVALID_UPDATE, effect.invalid)
      return
    }
    if (effect.unresolved) {
      // It builds on items we lack (another tab of the same browser may have passed them on
      // first, or an update of its own that was not applied for the same reason). Where it
      // would land is unknown, so it is neither judged nor applied: the client is asked for
      // everything we lack, and its answer brings this update along with what it builds on,
      // judged whole. Judged now, a vote's overwrite would read as a bare deletion.
      if (isStep2 && sender.resyncRequested) {
        conn.refuse(CloseCode.INVALID_UPDATE, 'The change builds on changes the server does not have')
        return
      }
      if (!sender.resyncRequested) {
        sender.resyncRequested = true
        conn.log.debug('update depends on missing items; asking for a resync')
        conn.send(syncStep1Frame(opts.doc))
      }
      return
    }
    const verdict = opts.guard(update, {
      boardId: opts.boardId,
      role: conn.role,
      voterId: conn.voterId,
      doc: opts.doc,
      decoded,
      effect,
      scaffolding: opts.scaffolding,
      boardBytes: opts.boardBytes(),
    })
    if (!verdict.ok) {
      conn.refuse(verdict.code, verdict.reason)
      return
    }
    opts.observer.counters.updatesAccepted++
    sender.unapplied.push({ update, decoded: null, batch: opts.queue.submit(conn, update, decoded.values, writtenByOne(decoded)) })
    sender.structs.grew()
  }

  /**
   * The room is done with batches up to `batch` (their updates are in the doc, or refused):
   * the senders' kept updates of those go at once, or a client's last update would be held
   * until its next.
   */
  applied(batch: number, senders: Iterable<Connection>): void {
    for (const conn of senders) {
      const sender = this.senders.get(conn)
      if (sender) dropApplied(sender, batch)
    }
  }

  /** The connection left: what it sent and the room has not applied is no longer looked into. */
  forget(conn: Connection): void {
    this.senders.delete(conn)
  }

  private senderOf(conn: Connection): SenderUpdates {
    let sender = this.senders.get(conn)
    if (!sender) {
      const created: SenderUpdates = {
        unapplied: [],
        structs: new StructLookup(() => created.unapplied.map((u) => (u.decoded ??= Y.decodeUpdate(u.update)))),
        pending: { find: (client, clock) => created.structs.find(client, clock), places: new WeakMap() },
        resyncRequested: false,
      }
      this.senders.set(conn, (sender = created))
    }
    return sender
  }

  /** Structs of the sender's updates the room accepted but has not applied yet. */
  private pendingStructs(sender: SenderUpdates): PendingStructs {
    // Updates queued while the room was closing never join a batch; the applied count passes them.
    dropApplied(sender, this.opts.queue.appliedBatch)
    return sender.unapplied.length === 0 ? NO_PENDING : sender.pending
  }
}

function dropApplied(sender: SenderUpdates, batch: number): void {
  let drop = 0
  while (drop < sender.unapplied.length && sender.unapplied[drop]!.batch <= batch) drop++
  if (drop === 0) return
  sender.unapplied.splice(0, drop)
  sender.structs.reset()
}

/** Whether all items of an update are of one client (an edit is; a reconnecting client's sync step 2 may not be). */
function writtenByOne(decoded: DecodedUpdate): boolean {
  const { structs } = decoded
  for (let i = 1; i < structs.length; i++) if (structs[i]!.id.client !== structs[0]!.id.client) return false
  return true
}
