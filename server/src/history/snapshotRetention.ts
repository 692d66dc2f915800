import type { SnapshotKind, SnapshotRetention } from '@whiteboard/shared/api/historyApi'
import type { SnapshotInfo } from '../storage/Storage'

export type { SnapshotRetention }

/**
 * Default of SNAPSHOT_RETENTION (`auto:50,days:180`):
 * - the newest 50 rolling snapshots (`auto-activity`, `auto-idle`, `before-template`) are kept:
 *   at one per 10 minutes of activity that is a full day's gathering (about 8 hours) with room
 *   for the ones taken when people leave and before templates;
 * - deliberate ones (`manual`, and `before-restore` and `before-reveal`, the undo points of a
 *   restore and of a reveal of private items) are kept 180
 *   days: long enough to reach back to the previous gathering of a programme that meets every
 *   month or two, short enough that display names in author fields do not linger for years.
 *   `days:0` keeps them for good.
 */
export const DEFAULT_SNAPSHOT_RETENTION: SnapshotRetention = { autoKeep: 50, keptDays: 180 }

/** Kinds kept by count; the others are kept by age. */
const ROLLING_KINDS: ReadonlySet<SnapshotKind> = new Set<SnapshotKind>(['auto-activity', 'auto-idle', 'before-template'])

export function isRollingKind(kind: SnapshotKind): boolean {
  return ROLLING_KINDS.has(kind)
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Largest `auto:` value: beyond it a board's history could outgrow the board many hundred times over. */
const MAX_AUTO_KEEP = 1000
/** Largest `days:` value (ten years); 0 means no limit. */
const MAX_KEPT_DAYS = 3650

/**
 * Parses SNAPSHOT_RETENTION: comma-separated `auto:<count>` (1..1000) and `days:<days>`
 * (0..3650, 0 = keep for good), either optional. Throws an Error saying what is wrong.
 */
export function parseSnapshotRetention(text: string): SnapshotRetention {
  const retention = { ...DEFAULT_SNAPSHOT_RETENTION }
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(auto|days):(\d{1,6})$/.exec(part)
    if (!match) throw new Error(`"${part}" is not auto:<count> or days:<days>`)
    const value = Number(match[2])
    if (match[1] === 'auto') {
      if (value < 1 || value > MAX_AUTO_KEEP) throw new Error(`auto must be between 1 and ${MAX_AUTO_KEEP}`)
      retention.autoKeep = value
    } else {
      if (value > MAX_KEPT_DAYS) throw new Error(`days must be between 0 and ${MAX_KEPT_DAYS}`)
      retention.keptDays = value
    }
  }
  return retention
}

/**
 * The snapshots retention lets go of, from a board's list (any order): rolling kinds beyond
 * the newest `autoKeep`, and deliberate ones older than `keptDays`.
 */
export function snapshotsToDrop(snapshots: readonly SnapshotInfo[], retention: SnapshotRetention, now: number): SnapshotInfo[] {
  const newestFirst = [...snapshots].sort((a, b) => b.createdAt - a.createdAt)
  const rolling = newestFirst.filter((s) => isRollingKind(s.kind))
  const drop = rolling.slice(retention.autoKeep)
  if (retention.keptDays > 0) {
    const cutoff = now - retention.keptDays * DAY_MS
    drop.push(...newestFirst.filter((s) => !isRollingKind(s.kind) && s.createdAt < cutoff))
  }
  return drop
}
