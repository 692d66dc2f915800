import type { BoardListing } from '../storage/Storage'
import { DAY_MS } from '../retention/BoardRetention'

export interface BoardStats {
  boards: number
  gatherings: number
  /** Boards opened or changed within the last 7 and 30 days. */
  usedWithin7Days: number
  usedWithin30Days: number
  stateBytes: number
  historyBytes: number
  assetBytes: number
  /** The longest any board has gone unused, in whole days; null without boards. */
  longestUnusedDays: number | null
}

/** Totals over every board, for `npm run admin -- stats`. */
export function boardStats(boards: readonly BoardListing[], now: number): BoardStats {
  const sum = (pick: (b: BoardListing) => number) => boards.reduce((n, b) => n + pick(b), 0)
  const oldestUse = Math.min(...boards.map((b) => b.lastUsedAt))
  return {
    boards: boards.length,
    gatherings: new Set(boards.map((b) => b.gatheringId).filter((g) => g !== null)).size,
    usedWithin7Days: boards.filter((b) => now - b.lastUsedAt <= 7 * DAY_MS).length,
    usedWithin30Days: boards.filter((b) => now - b.lastUsedAt <= 30 * DAY_MS).length,
    stateBytes: sum((b) => b.stateBytes),
    historyBytes: sum((b) => b.historyBytes),
    assetBytes: sum((b) => b.assetBytes),
    longestUnusedDays: boards.length === 0 ? null : Math.floor((now - oldestUse) / DAY_MS),
  }
}
