import type { Logger } from 'pino'
import type { Storage } from '../storage/Storage'
import type { Room } from '../sync/Room'
import type { RoomLifecycle } from '../sync/RoomManager'

export interface BoardUsageOptions {
  storage: Storage
  log: Logger
  /** Milliseconds since the epoch; tests move it. */
  clock: () => number
  /** The lifecycle this one passes every call on to (board history). */
  next: RoomLifecycle
}

/**
 * Records when people use boards, for board retention: a board counts as used when its room
 * loads (someone opened it) and when it unloads (the last person left; every change was made in
 * between), and while it is loaded (board retention asks). Passes every call on to `next`.
 */
export class BoardUsage implements RoomLifecycle {
  private readonly open = new Set<string>()

  constructor(private readonly opts: BoardUsageOptions) {}

  /** Boards loaded now: in use, whatever their stored time says. */
  get inUse(): ReadonlySet<string> {
    return this.open
  }

  loaded(room: Room): void {
    this.open.add(room.boardId)
    this.mark(room.boardId)
    this.opts.next.loaded(room)
  }

  emptied(room: Room): void {
    this.opts.next.emptied(room)
  }

  unloaded(room: Room): void {
    this.open.delete(room.boardId)
    this.mark(room.boardId)
    this.opts.next.unloaded(room)
  }

  private mark(boardId: string): void {
    // A lifecycle hook must not throw; a lost mark only shortens a board's time by one visit.
    this.opts.storage.markBoardsUsed([boardId], this.opts.clock()).catch((err: unknown) => this.opts.log.warn({ err, boardId }, 'could not record that the board was used'))
  }
}
