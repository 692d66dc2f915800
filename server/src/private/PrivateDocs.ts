import * as Y from 'yjs'
import type { Logger } from 'pino'
import { MAX_DISPLAY_NAME_LENGTH, recordsArray } from '@whiteboard/shared'
import type { PrivateCount, RevealResponse } from '@whiteboard/shared/api/privateApi'
import type { Cluster } from '../cluster/Cluster'
import { clusterBoardLog } from '../cluster/clusterBoardLog'
import type { BoardHistory } from '../history/BoardHistory'
import { latestRecords } from '../gatherings/latestRecords'
import type { Storage } from '../storage/Storage'
import type { StorageHealth } from '../storage/StorageHealth'
import type { Connection } from '../sync/Connection'
import { jsonEqual } from '../sync/jsonEqual'
import { RoomManager } from '../sync/RoomManager'
import type { SyncObserver } from '../sync/SyncObserver'
import type { UpdateGuard } from '../sync/updateGuard'
import { parsePrivateDocKey, privateDocKey } from './privateDocKey'
import { privateDocStorage } from './privateDocStorage'
import { revealChange } from './revealChange'

export interface PrivateDocsOptions {
  storage: Storage
  log: Logger
  observer: SyncObserver
  health: StorageHealth
  unloadDelayMs: number
  compactAfterUpdates: number
  compactAfterBytes: number
  /** The private docs' guard (privateDocGuard.ts). */
  guard: UpdateGuard
  /** The boards' rooms, which a reveal changes. */
  boards: RoomManager
  /** Keeps the board as it was before a reveal. */
  history: BoardHistory
  /** The largest board (MAX_BOARD_BYTES or its override): a reveal that would pass it is refused. */
  maxBoardBytes: number
  /** Multi-node mode: the private docs' commits go to the other nodes, and theirs come here, as boards' do. */
  cluster?: Cluster
  clock?: () => number
}

/** A reveal would make the board larger than it may be; nothing was changed. */
export class RevealTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super('the private items would make the board larger than its limit')
  }
}

/**
 * People's private docs on boards (private mode, silent brainstorming): while a facilitator has
 * private mode on, each participant's new items go into a doc of their own on the server, which
 * only that person's connections receive (all their tabs: `/sync/<boardId>/private`, sync/upgrade.ts).
 *
 * The server's rules:
 * - *Who reads and writes which private doc.* The person is the voter id the server issued and
 *   bound to the connection by its voter token (auth/voterTokens.ts); the doc is chosen from it,
 *   never from anything the client names, so nobody can ask for another person's doc. Viewers
 *   have none (they get no voter token, and the private path refuses their role). A facilitator
 *   has a private doc of their own like anyone, and reads nobody else's: they see only how many
 *   items each person holds (`counts`).
 * - *The same rules as the board.* Each private doc is a room of its own (sync/Room.ts, in a
 *   room manager of its own): updates pass UpdateIntake with the board's guards (privateDocGuard.ts)
 *   and its CommitChain commits them before any of the person's tabs sees them.
 * - *Reveal* (`reveal`): one server change puts every private item into the board, committed
 *   before it is sent, after the board as it was is kept as a `before-reveal` history snapshot;
 *   then each private doc lets go of what was revealed.
 * - *Delete and restore.* Deleting a board deletes its private docs with it, and closes their
 *   connections (`evict`). Restoring a version of the board leaves private docs alone: they were
 *   never part of the board or its history, and the people still hold what they wrote.
 *
 * In multi-node mode a private doc takes a board's path between the nodes (clusterBoardLog.ts):
 * committed to Postgres with a seq of its own, published on a stream of its own, applied by the
 * nodes holding it in seq order with gaps filled from Postgres, so a person's tabs on two nodes
 * see each other's private items at once. Only its updates cross nodes: no presence, no people
 * counts, no seats (cluster/Cluster.ts), and the only connections it has on any node are its
 * person's.
 */
export class PrivateDocs {
  /** The rooms of private docs, by `privateDocKey`. */
  readonly rooms: RoomManager
  /** Reveals in progress, one per board at a time. */
  private readonly reveals = new Map<string, Promise<unknown>>()

  constructor(private readonly opts: PrivateDocsOptions) {
    const storage = privateDocStorage(opts.storage)
    this.rooms = new RoomManager({
      storage,
      log: opts.log.child({ privateDocs: true }),
      unloadDelayMs: opts.unloadDelayMs,
      compactAfterUpdates: opts.compactAfterUpdates,
      compactAfterBytes: opts.compactAfterBytes,
      observer: opts.observer,
      health: opts.health,
      guard: opts.guard,
      upgradeSchema: false,
      ...(opts.cluster ? { boardLog: clusterBoardLog(storage, opts.cluster) } : {}),
    })
  }

  /** The room id of a person's private doc on a board. */
  keyOf(boardId: string, personId: string): string {
    return privateDocKey(boardId, personId)
  }

  /** Attaches a connection of the private path to the private doc its `boardId` (a `privateDocKey`) names. Throws `RoomLoadError`. */
  join(conn: Connection): Promise<void> {
    return this.rooms.join(conn)
  }

  /**
   * How many private items (shapes) each person holds on the board, never what they are, with the
   * name the person's presence on the board shows now (empty when they are not there; names are
   * never stored). People with none are left out.
   */
  async counts(boardId: string): Promise<PrivateCount[]> {
    const names = this.namesOnBoard(boardId)
    const counts: PrivateCount[] = []
    for (const personId of await this.opts.storage.listPrivateDocs(boardId)) {
      const items = await this.countItems(boardId, personId)
      if (items > 0) counts.push({ personId, name: names.get(personId) ?? '', items })
    }
    return counts
  }

  /**
   * Moves every private item of the board into it. Private docs are read in their rooms' commit
   * chains (after what their people sent before), the board takes all of them as one change with
   * a `before-reveal` snapshot in front, and only once that is committed does each private doc let
   * go of the items revealed; an item its author changed in the meantime stays private with the
   * change. A crash in between leaves an item in both places, never in neither.
   * Throws like a restore (history limits, RoomLoadError, storage) and `RevealTooLargeError`.
   */
  reveal(boardId: string, author: string): Promise<RevealResponse> {
    const previous = this.reveals.get(boardId) ?? Promise.resolve()
    const run = previous.catch(() => undefined).then(() => this.revealNow(boardId, author))
    this.reveals.set(boardId, run)
    void run.finally(() => {
      if (this.reveals.get(boardId) === run) this.reveals.delete(boardId)
    }).catch(() => undefined)
    return run
  }

  /** Closes the connections to the board's private docs (the board is deleted) and lets their rooms go. */
  /** The boards of the private docs loaded here (a person's private tab may be open where the board's room is not). */
  get boardIds(): Set<string> {
    return new Set(this.rooms.boardIds.map((key) => parsePrivateDocKey(key).boardId))
  }

  async evict(boardId: string, code: number, reason: string): Promise<void> {
    const keys = this.rooms.boardIds.filter((key) => parsePrivateDocKey(key).boardId === boardId)
    await Promise.all(keys.map((key) => this.rooms.evict(key, code, reason)))
  }

  /** Shutdown: closes every private connection with `code` and commits what is queued. */
  closeAll(code: number, reason: string): Promise<void> {
    return this.rooms.closeAll(code, reason)
  }

  private async revealNow(boardId: string, author: string): Promise<RevealResponse> {
    const people = await this.opts.storage.listPrivateDocs(boardId)
    const taken = new Map<string, Map<string, unknown>>()
    const items = new Map<string, unknown>()
    for (const personId of people) {
      const records = await this.readPrivate(boardId, personId)
      if (records.size === 0) continue
      taken.set(personId, records)
      for (const [key, value] of records) items.set(key, value)
    }
    if (items.size === 0) {
      // Nothing to move and nothing to keep in history: private mode just ends.
      await this.opts.boards.applyServerChange(boardId, (doc) => revealChange(doc, items, (this.opts.clock ?? Date.now)()))
      return { revealed: 0, people: 0 }
    }
    const bytes = new TextEncoder().encode(JSON.stringify([...items])).byteLength
    let revealed = 0
    await this.opts.boards.applyServerChange(
      boardId,
      (doc) => {
        revealed = revealChange(doc, items, (this.opts.clock ?? Date.now)())
      },
      {
        before: async (state) => {
          const room = this.opts.boards.peek(boardId)
          if (room && room.boardBytes + bytes > this.opts.maxBoardBytes) throw new RevealTooLargeError(this.opts.maxBoardBytes)
          await this.opts.history.store(boardId, { kind: 'before-reveal', name: '', author }, state)
        },
      },
    )
    for (const [personId, records] of taken) {
      try {
        await this.rooms.applyServerChange(privateDocKey(boardId, personId), (doc) => forgetRevealed(doc, records))
      } catch (err) {
        // The items are on the board; the author keeps a private copy until they delete it.
        this.opts.log.warn({ err, boardId }, 'a private doc could not let go of its revealed items')
      }
    }
    return { revealed, people: taken.size }
  }

  /** The records of a person's private doc, read in its room's commit chain (loading it if needed). */
  private async readPrivate(boardId: string, personId: string): Promise<Map<string, unknown>> {
    let records = new Map<string, unknown>()
    // A change that changes nothing: it reads the doc in order with the commits, and commits nothing.
    await this.rooms.applyServerChange(privateDocKey(boardId, personId), (doc) => {
      records = latestRecords(doc)
    })
    return records
  }

  private async countItems(boardId: string, personId: string): Promise<number> {
    const room = this.rooms.peek(privateDocKey(boardId, personId))
    if (room) return countShapes(latestRecords(room.doc))
    const stored = await this.opts.storage.loadPrivateDoc(boardId, personId)
    if (!stored) return 0
    const doc = new Y.Doc()
    try {
      // Touch the array first, so updates land in a typed root.
      recordsArray(doc)
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(doc, update)
      return countShapes(latestRecords(doc))
    } finally {
      doc.destroy()
    }
  }

  /** Voter id → the display name its connection's presence carries on the board now. */
  private namesOnBoard(boardId: string): Map<string, string> {
    const names = new Map<string, string>()
    const room = this.opts.boards.peek(boardId)
    if (!room) return names
    for (const [conn, states] of room.presence.statesWithConnection()) {
      if (conn.voterId === undefined) continue
      for (const state of states) {
        const name = (state as { user?: { name?: unknown } } | null)?.user?.name
        if (typeof name === 'string' && name !== '') names.set(conn.voterId, name.slice(0, MAX_DISPLAY_NAME_LENGTH))
      }
    }
    return names
  }
}

function countShapes(records: ReadonlyMap<string, unknown>): number {
  let shapes = 0
  for (const value of records.values()) if ((value as { typeName?: unknown } | null)?.typeName === 'shape') shapes++
  return shapes
}

/**
 * Deletes from a private doc the items revealed, every entry of each key (an older duplicate left
 * behind would show again), unless their author changed them since.
 */
function forgetRevealed(doc: Y.Doc, revealed: ReadonlyMap<string, unknown>): void {
  const latest = latestRecords(doc)
  const gone = new Set([...revealed].filter(([key, value]) => latest.has(key) && jsonEqual(latest.get(key), value)).map(([key]) => key))
  if (gone.size === 0) return
  const array = recordsArray(doc)
  doc.transact(() => {
    const entries = array.toArray()
    for (let i = entries.length - 1; i >= 0; i--) if (gone.has(entries[i]!.key)) array.delete(i, 1)
  })
}
