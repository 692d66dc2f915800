import type { Logger } from 'pino'
import { deleteTeamBoards } from '../gatherings/deleteTeamBoards'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import { PeriodicRun } from '../work/PeriodicRun'

/** Close reason of anyone who reaches a board at the moment retention deletes it. */
const EXPIRED_REASON = 'This board was deleted after a long time without use'

/** A day in milliseconds: BOARD_RETENTION_DAYS counts in days. */
export const DAY_MS = 24 * 60 * 60 * 1000

/**
 * How often retention looks for boards past their time: hourly. Each run lists every board
 * (sizes from row headers, no content), so it must be rare; an hour on top of a period of days
 * does not matter.
 */
export const RETENTION_SWEEP_INTERVAL_MS = 60 * 60 * 1000

export interface BoardRetentionOptions {
  storage: Storage
  rooms: RoomManager
  log: Logger
  /** BOARD_RETENTION_DAYS. */
  days: number
  /** Boards loaded now, which count as used now (BoardUsage.ts). */
  inUse: () => ReadonlySet<string>
  /** Milliseconds since the epoch; tests move it. Defaults to Date.now. */
  clock?: () => number
  /** Defaults to RETENTION_SWEEP_INTERVAL_MS. */
  intervalMs?: number
}

export interface RetentionOutcome {
  /** Ids of the boards deleted, gatherings' team boards included. */
  boards: string[]
  gatherings: string[]
}

/**
 * Deletes for good every board nobody has opened or changed for `days` days, with its update
 * log, history and images, as a facilitator's deletion does: everyone still on it is closed with
 * "board does not exist" first. The boards of a gathering go together with their gathering, once
 * none of them has been used for that long. The log names the deleted ids, never content.
 */
export class BoardRetention {
  private readonly runs: PeriodicRun<RetentionOutcome>
  private readonly clock: () => number

  constructor(private readonly opts: BoardRetentionOptions) {
    this.clock = opts.clock ?? Date.now
    this.runs = new PeriodicRun(
      () => this.sweepOnce(),
      (err) => this.opts.log.warn({ err }, 'board retention failed; it runs again at the next interval'),
    )
  }

  /** When a board used last at `lastUsedAt` is deleted if nobody uses it again. */
  deletionDue(lastUsedAt: number): number {
    return lastUsedAt + this.opts.days * DAY_MS
  }

  /** Runs every interval, the first time one interval after the start. */
  start(): void {
    this.runs.start(this.opts.intervalMs ?? RETENTION_SWEEP_INTERVAL_MS)
  }

  /** Deletes what is past its time now; a call during a run shares that run. */
  sweep(): Promise<RetentionOutcome> {
    return this.runs.run()
  }

  /** Stops the timer and waits for a run under way; call before storage closes. */
  close(): Promise<void> {
    return this.runs.close()
  }

  private async sweepOnce(): Promise<RetentionOutcome> {
    const now = this.clock()
    const inUse = new Set(this.opts.inUse())
    // A board open for days is in use all along, though its stored time is when it was opened.
    await this.opts.storage.markBoardsUsed([...inUse], now)
    const expired = (board: { id: string; lastUsedAt: number }) => !inUse.has(board.id) && this.deletionDue(board.lastUsedAt) <= now
    const boards: string[] = []
    const byGathering = new Map<string, { id: string; lastUsedAt: number }[]>()
    for (const board of await this.opts.storage.listBoards()) {
      if (board.gatheringId === null) {
        if (expired(board)) boards.push(board.id)
      } else {
        byGathering.set(board.gatheringId, [...(byGathering.get(board.gatheringId) ?? []), board])
      }
    }
    const gatherings = [...byGathering].filter(([, teams]) => teams.every(expired)).map(([id]) => id)
    const outcome: RetentionOutcome = { boards: [...boards], gatherings }
    if (boards.length > 0) await deleteTeamBoards(this.opts.storage, this.opts.rooms, boards, EXPIRED_REASON)
    for (const gatheringId of gatherings) {
      const teams = byGathering.get(gatheringId)!.map((t) => t.id)
      await deleteTeamBoards(this.opts.storage, this.opts.rooms, teams, EXPIRED_REASON)
      await this.opts.storage.deleteGathering(gatheringId)
      outcome.boards.push(...teams)
    }
    if (outcome.boards.length > 0) this.opts.log.info({ boards: outcome.boards, gatherings, retentionDays: this.opts.days }, 'deleted boards nobody used within the retention period')
    return outcome
  }
}
