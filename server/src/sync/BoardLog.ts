import type { Storage } from '../storage/Storage'

/**
 * Where a room commits its updates: the one step between an update being accepted and anyone
 * seeing it. The room applies and sends an update only after `commit` resolved, so nothing a
 * peer has seen can be taken back by a crash.
 *
 * On one machine this is the storage's update log (`storageBoardLog`). Several nodes serving
 * one board commit to the shared database, and then tell the others, which apply each
 * update through `Room.applyRemote`.
 */
export interface BoardLog {
  /**
   * Commits one update to the board's log durably and resolves its sequence number, once it is
   * committed: numbers grow in commit order. Rejects when storage did not take it (the room then
   * refuses its senders and applies nothing of it).
   */
  commit(boardId: string, update: Uint8Array): Promise<number>
}

/** The board log of one machine: the storage's update log. */
export function storageBoardLog(storage: Storage): BoardLog {
  return { commit: (boardId, update) => storage.appendUpdates(boardId, [update]) }
}
