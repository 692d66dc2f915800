import type { RoomStorage } from '../storage/Storage'
import type { Room } from './Room'

/**
 * Where a node's rooms commit their updates, and how they follow what other nodes commit: the
 * one step between an update being accepted and anyone seeing it. A room applies and sends an
 * update only after `commit` resolved, so nothing a peer has seen can be taken back by a crash.
 *
 * On one machine this is the storage's update log (`storageBoardLog`) and the hooks are not
 * needed. Several nodes serving one board commit to the shared database and tell each other:
 * the hooks let the room manager open a board subscribe-then-load, let another node's commits
 * in through `Room.applyRemote`, and keep compaction behind what this node's doc holds.
 */
export interface BoardLog {
  /**
   * Commits one update to the board's log durably and resolves its sequence number, once it is
   * committed: numbers grow in commit order. Rejects when storage did not take it (the room then
   * refuses its senders, or rejects the server's change, and applies nothing of it).
   * `byPeople` is false for the server's own changes (AppendOptions.byPeople).
   */
  commit(boardId: string, update: Uint8Array, byPeople: boolean): Promise<number>
  /** This node committed `update` as the board's `seq`, applied it and sent it to its own clients. Must not throw. */
  committed?(boardId: string, seq: number, update: Uint8Array): void
  /**
   * The seq up to which this node's doc of the board holds every update, the most its log may
   * be compacted up to; undefined: the room's own last commit. (A node may have committed seq 7
   * while another node's seq 6 has not reached it yet.)
   */
  appliedThrough?(boardId: string): number | undefined
  /** Called before a board is read from storage, so that nothing committed meanwhile is missed (subscribe-then-load). */
  opening?(boardId: string): Promise<void>
  /**
   * Resolves once the board's room holds everything committed to the board before the call,
   * also what other nodes committed that has not reached this node yet. A connection is greeted
   * after it: a client that comes from another node brings what it saw there in its sync step
   * 2, and a node that lags behind would judge that as the client's own writing (a participant
   * relaying a facilitator's template would be refused). May reject (storage unreachable).
   */
  caughtUp?(boardId: string): Promise<void>
  /** The board's room holds everything up to `room.loadedSeq` and serves from now on. Must not throw. */
  opened?(room: Room): void
  /**
   * The board's room on this node is closed: its last commit and compaction are done (or its
   * load failed; then `opened`, or even `opening`, may not have come). Must not throw.
   */
  released?(boardId: string): void
}

/** The board log of one machine: the storage's update log. */
export function storageBoardLog(storage: RoomStorage): BoardLog {
  return { commit: (boardId, update, byPeople) => storage.appendUpdates(boardId, [update], { byPeople }) }
}
