import type { Logger } from 'pino'
import { CloseCode } from '@whiteboard/shared'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import { PeriodicRun } from '../work/PeriodicRun'

/**
 * How often the server checks that the boards it holds open still exist: every 5 seconds. A board
 * deleted from outside this process (`npm run admin -- boards delete`, another node) has its people
 * closed within that time; each check is one indexed read per open board.
 */
export const DELETED_BOARD_CHECK_INTERVAL_MS = 5_000

/** Close reason of the people on a board the administrator deleted. */
const DELETED_REASON = 'This board was deleted by the server administrator'

export interface DeletedBoardWatchOptions {
  storage: Storage
  rooms: RoomManager
  /** The boards open here now: their rooms (retention/BoardUsage.ts) or their people's private docs. */
  inUse: () => ReadonlySet<string>
  log: Logger
  /** Defaults to DELETED_BOARD_CHECK_INTERVAL_MS. */
  intervalMs?: number
}

/**
 * Closes everyone on an open board that no longer exists in storage with BOARD_NOT_FOUND, which
 * the clients take as final, and lets its room go: deletions made here close their rooms first
 * (deleteTeamBoards.ts), deletions made elsewhere are found by this check.
 */
export class DeletedBoardWatch {
  private readonly runs: PeriodicRun<string[]>

  constructor(private readonly opts: DeletedBoardWatchOptions) {
    this.runs = new PeriodicRun(
      () => this.checkOnce(),
      (err) => this.opts.log.warn({ err }, 'the check for deleted boards failed; it runs again soon'),
    )
  }

  start(): void {
    this.runs.start(this.opts.intervalMs ?? DELETED_BOARD_CHECK_INTERVAL_MS)
  }

  /** Closes the open boards that are gone, and returns their ids; a call during a check shares it. */
  check(): Promise<string[]> {
    return this.runs.run()
  }

  close(): Promise<void> {
    return this.runs.close()
  }

  private async checkOnce(): Promise<string[]> {
    const gone: string[] = []
    for (const boardId of [...this.opts.inUse()]) {
      if ((await this.opts.storage.getBoardMeta(boardId)) !== null) continue
      gone.push(boardId)
      await this.opts.rooms.evict(boardId, CloseCode.BOARD_NOT_FOUND, DELETED_REASON)
    }
    if (gone.length > 0) this.opts.log.info({ boards: gone }, 'closed open boards that were deleted elsewhere')
    return gone
  }
}
