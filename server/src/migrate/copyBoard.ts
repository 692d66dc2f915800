import * as Y from 'yjs'
import { compareDocs } from './compareDocs'
import { docOfState } from './docOfState'
import type { PostgresTarget } from './PostgresTarget'
import type { SqliteSource } from './SqliteSource'
import type { StoredBoardState } from '../storage/Storage'

/** What copying one board did. */
export interface BoardCopy {
  boardId: string
  /** `copied`: new in Postgres; `present`: Postgres held all of it already; `merged`: Postgres had the board, and SQLite's later changes were added. */
  content: 'copied' | 'present' | 'merged'
  snapshotsCopied: number
  snapshotsPresent: number
  assetsCopied: number
  assetsPresent: number
  /** People's private-mode docs Postgres lacked (wholly or in part) and got now; those it held already. */
  privateDocsCopied: number
  privateDocsPresent: number
}

/**
 * Copies one board from SQLite into Postgres: its row and update log as they are stored (same
 * snapshot, same sequence numbers) when Postgres does not have it, then every history snapshot
 * and image Postgres lacks, with their ids and times, and what Postgres lacks of each person's
 * private-mode doc.
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
    const sourceState = { snapshot: board.snapshot, updates: board.updates.map((u) => u.data) }
    const added = await appendWhatIsMissing(sourceState, await target.storage.loadBoard(boardId), (update) => target.storage.appendUpdates(boardId, [update]))
    content = added ? 'merged' : 'present'
  }
  const copy: BoardCopy = { boardId, content, snapshotsCopied: 0, snapshotsPresent: 0, assetsCopied: 0, assetsPresent: 0, privateDocsCopied: 0, privateDocsPresent: 0 }
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
  // Private docs are keyed by voter id, which the shared BOARD_SECRET keeps the same on the cluster.
  for (const personId of await source.storage.listPrivateDocs(boardId)) {
    const own = await source.storage.loadPrivateDoc(boardId, personId)
    if (!own) continue
    const added = await appendWhatIsMissing(own, await target.storage.loadPrivateDoc(boardId, personId), (update) =>
      target.storage.appendPrivateUpdates(boardId, personId, [update]),
    )
    if (added) copy.privateDocsCopied++
    else copy.privateDocsPresent++
  }
  return copy
}

/**
 * Appends to Postgres, as one update, what the SQLite state holds and the Postgres one lacks (all
 * of it when Postgres has none): two versions of a doc merge as any two offline copies do.
 * Whether anything was appended.
 */
async function appendWhatIsMissing(
  source: Pick<StoredBoardState, 'snapshot' | 'updates'>,
  target: Pick<StoredBoardState, 'snapshot' | 'updates'> | null,
  append: (update: Uint8Array) => Promise<unknown>,
): Promise<boolean> {
  const sourceDoc = docOfState(source)
  const targetDoc = target ? docOfState(target) : new Y.Doc()
  try {
    if (compareDocs(targetDoc, sourceDoc) !== 'lacks') return false
    await append(Y.encodeStateAsUpdate(sourceDoc, Y.encodeStateVector(targetDoc)))
    return true
  } finally {
    sourceDoc.destroy()
    targetDoc.destroy()
  }
}
