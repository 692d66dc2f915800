import type { LogTail, StoredBoardState } from './Storage'

/**
 * A whole stored doc from its log read after seq -1 (`updatesAfter(…, -1)`): every snapshot is
 * past that seq, so the tail holds the snapshot and every update after it, read at one instant.
 * Lets a store answer "load" and "what a follower lacks" with one read.
 */
export const FROM_NOTHING = -1

export function storedStateOfTail(tail: LogTail): StoredBoardState {
  return { snapshot: tail.snapshot, snapshotSeq: tail.snapshotSeq, updates: tail.updates.map((u) => u.update), lastSeq: tail.lastSeq }
}
