import type { RoomManager } from '../sync/RoomManager'
import type { SnapshotInfo } from '../storage/Storage'
import type { BoardHistory } from './BoardHistory'
import { restoreChange } from './restoreChange'
import { restoreNoticeChange } from './restoreNoticeChange'
import { snapshotContent } from './snapshotContent'

export interface RestoreOutcome {
  restored: SnapshotInfo
  /** The snapshot of the state the restore replaced; restoring it undoes the restore. */
  before: SnapshotInfo
  changedRecords: number
}

/**
 * Restores a snapshot on the live board, without losing anything: in the room's flush chain,
 * the current state is first kept as a `before-restore` snapshot, then one server-made change
 * (restoreChange.ts) turns the board into the snapshot's content. It is committed to storage
 * before anyone sees it and then sent to everyone connected, who see the board change live and
 * are told which version it now shows (restoreNoticeChange.ts). A board nobody has open is
 * loaded for it.
 *
 * Null when the snapshot does not exist. Throws `HistoryLimitError` (too many kept snapshots)
 * or `HistoryQuotaError` (no room in the board's history), in both cases with nothing changed,
 * `RoomLoadError`, or a storage error.
 */
export async function restoreSnapshot(
  deps: { history: BoardHistory; rooms: RoomManager },
  boardId: string,
  snapshotId: string,
  author: string,
): Promise<RestoreOutcome | null> {
  const target = await deps.history.get(boardId, snapshotId)
  if (!target) return null
  const content = snapshotContent(target.data)
  let before: SnapshotInfo | undefined
  let changedRecords = 0
  await deps.rooms.applyServerChange(
    boardId,
    (doc) => {
      changedRecords = restoreChange(doc, content)
      restoreNoticeChange(doc, target.info.createdAt, Date.now())
    },
    {
      before: async (state) => {
        before = await deps.history.store(boardId, { kind: 'before-restore', name: '', author }, state)
      },
    },
  )
  if (!before) throw new Error('the restore ran without keeping the state before it')
  return { restored: target.info, before, changedRecords }
}
