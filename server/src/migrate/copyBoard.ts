import * as Y from 'yjs'
import { compareDocs } from './compareDocs'
import { docOfState } from './docOfState'
import type { PostgresTarget } from './PostgresTarget'
import type { SqliteSource } from './SqliteSource'

/** What copying one board did. */
export interface BoardCopy {
  boardId: string
  /** `copied`: new in Postgres; `present`: Postgres held all of it already; `merged`: Postgres had the board, and SQLite's later changes were added. */
  content: 'copied' | 'present' | 'merged'
  snapshotsCopied: number
  snapshotsPresent: number
  assetsCopied: number
  assetsPresent: number
}

/**
 * Copies one board from SQLite into Postgres: its row and update log as they are stored (same
 * snapshot, same sequence numbers) when Postgres does not have it, then every history snapshot
 * and image Postgres lacks, with their ids and times.
 *
 * A board Postgres has already (an earlier run) is not overwritten: the cluster may have
 * changed it since. If SQLite holds changes Postgres lacks (the single server ran on after the
 * earlier run), they are appended to the board's log as one update, as a node would store a
 * client's change, and the two versions merge as any two offline copies of a doc do.
 */
export async function copyBoard(source: SqliteSource, target: PostgresTarget, boardId: string): Promise<BoardCopy | null> {
  const board = source.board(boardId)
  if (!board) return null
  let content: BoardCopy['content'] = 'copied'
  if (!(await target.insertBoard(board))) {
    const stored = await target.storage.loadBoard(boardId)
    const sourceDoc = docOfState({ snapshot: board.snapshot, updates: board.updates.map((u) => u.data) })
    const targetDoc = stored ? docOfState(stored) : new Y.Doc()
    content = 'present'
    if (compareDocs(targetDoc, sourceDoc) === 'lacks') {
      await target.storage.appendUpdates(boardId, [Y.encodeStateAsUpdate(sourceDoc, Y.encodeStateVector(targetDoc))])
      content = 'merged'
    }
    sourceDoc.destroy()
    targetDoc.destroy()
  }
  const copy: BoardCopy = { boardId, content, snapshotsCopied: 0, snapshotsPresent: 0, assetsCopied: 0, assetsPresent: 0 }
  // One history snapshot or image at a time: a board's history alone may hold 100 MiB.
  for (const snapshotId of source.snapshotIds(boardId)) {
    const snapshot = source.snapshot(boardId, snapshotId)
    if (!snapshot) continue
    if (await target.insertSnapshot(boardId, snapshot)) copy.snapshotsCopied++
    else copy.snapshotsPresent++
  }
  for (const assetId of source.assetIds(boardId)) {
    const asset = source.asset(boardId, assetId)
    if (!asset) continue
    if (await target.insertAsset(boardId, asset)) copy.assetsCopied++
    else copy.assetsPresent++
  }
  return copy
}
