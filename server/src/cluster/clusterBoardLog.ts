import type { RoomStorage } from '../storage/Storage'
import type { BoardLog } from '../sync/BoardLog'
import type { Cluster } from './Cluster'

/**
 * The board log of a node in multi-node mode, for boards (`storage` the Storage) and for people's
 * private docs (private/privateDocStorage.ts): commits go to the shared Postgres (which numbers
 * a board's batches in commit order under the board's row lock), and the cluster follows the
 * rest: publishing this node's commits, opening boards subscribe-then-load, applying the other
 * nodes' commits in seq order, and keeping compaction behind what this node's doc holds.
 */
export function clusterBoardLog(storage: Pick<RoomStorage, 'appendUpdates'>, cluster: Cluster): BoardLog {
  return {
    commit: (boardId, update, byPeople) => storage.appendUpdates(boardId, [update], { byPeople }),
    committed: (boardId, seq, update) => cluster.committed(boardId, seq, update),
    appliedThrough: (boardId) => cluster.appliedThrough(boardId),
    opening: (boardId) => cluster.watch(boardId),
    opened: (room) => cluster.follow(room, room.loadedSeq),
    caughtUp: (boardId) => cluster.caughtUp(boardId),
    released: (boardId) => cluster.unfollow(boardId),
  }
}
