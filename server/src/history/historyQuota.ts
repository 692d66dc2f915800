import type { SnapshotKind, SnapshotRetention } from '@whiteboard/shared/api/historyApi'
import type { SnapshotInfo } from '../storage/Storage'
import { isRollingKind, snapshotsToDrop } from './snapshotRetention'

/**
 * Most bytes of history snapshots one board may keep (MAX_HISTORY_BYTES_PER_BOARD): 100 MiB.
 * Retention alone keeps 50 automatic snapshots, which for a board at its 25 MiB limit is 1.25
 * GB. 100 MiB holds the whole retention of a typical board (1 to 2 MB: 50 snapshots and more)
 * and still four copies of a board at its limit, and bounds what one board's history can take
 * from the disk to four times the board itself.
 */
export const MAX_HISTORY_BYTES_PER_BOARD = 100 * 1024 * 1024

export type SnapshotPlan =
  /** Store the new snapshot, then delete `drop` (retention, and the oldest rolling ones the quota lets go). */
  | { fits: true; drop: SnapshotInfo[] }
  /** The kept (deliberate) snapshots leave no room: `keptBytes` of them stay whatever is dropped. */
  | { fits: false; keptBytes: number }

/**
 * What happens to a board's history when a snapshot of `bytes` and `kind` is added: retention
 * drops what it drops, then the oldest rolling snapshots (automatic and before-template) go
 * until the history with the new one fits in `maxBytes`. Deliberate ones (named, restore
 * points) are never dropped for room: if they alone leave none, the new snapshot does not fit.
 */
export function planSnapshot(
  existing: readonly SnapshotInfo[],
  incoming: { kind: SnapshotKind; bytes: number },
  retention: SnapshotRetention,
  maxBytes: number,
  now: number,
): SnapshotPlan {
  // The new one stands in the list as the newest, so retention counts it; it is never dropped.
  const placeholder: SnapshotInfo = { id: '', label: '', author: '', kind: incoming.kind, createdAt: Number.MAX_SAFE_INTEGER, byteLength: incoming.bytes }
  const drop = snapshotsToDrop([placeholder, ...existing], retention, now).filter((s) => s !== placeholder)
  const dropped = new Set(drop.map((s) => s.id))
  const remaining = existing.filter((s) => !dropped.has(s.id))
  let total = incoming.bytes + remaining.reduce((n, s) => n + s.byteLength, 0)
  const rollingOldestFirst = remaining.filter((s) => isRollingKind(s.kind)).sort((a, b) => a.createdAt - b.createdAt)
  for (const snapshot of rollingOldestFirst) {
    if (total <= maxBytes) break
    drop.push(snapshot)
    total -= snapshot.byteLength
  }
  if (total <= maxBytes) return { fits: true, drop }
  const keptBytes = remaining.filter((s) => !isRollingKind(s.kind)).reduce((n, s) => n + s.byteLength, 0)
  return { fits: false, keptBytes }
}
