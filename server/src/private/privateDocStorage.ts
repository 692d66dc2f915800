import * as Y from 'yjs'
import type { RoomStorage, Storage } from '../storage/Storage'
import { parsePrivateDocKey } from './privateDocKey'

/**
 * People's private docs seen as boards, for the rooms that hold them (the sync server's Room,
 * through PrivateDocs' own RoomManager): the same load, commit-before-broadcast and compaction as
 * a board, on the storage's private-doc tables, keyed by `privateDocKey`.
 *
 * Compaction folds in what storage holds, not only what this node's doc holds: merging the
 * stored snapshot and log into the snapshot keeps every commit (Yjs applies a repeated update
 * once). In multi-node mode the cluster already keeps a private doc's compaction behind the seq
 * through which this node's doc holds every node's commits (BoardFollower.appliedThrough), as a
 * board's; the merge stays for a writer the rooms do not follow: `npm run migrate` adding to a
 * doc that a server on Postgres without REDIS_URL holds open, whose compaction would otherwise
 * delete the added rows unread. Private docs are small (MAX_PRIVATE_DOC_BYTES), so it is cheap.
 */
export function privateDocStorage(storage: Storage): RoomStorage {
  return {
    loadBoard: (key) => {
      const { boardId, personId } = parsePrivateDocKey(key)
      return storage.loadPrivateDoc(boardId, personId)
    },
    appendUpdates: (key, updates) => {
      const { boardId, personId } = parsePrivateDocKey(key)
      return storage.appendPrivateUpdates(boardId, personId, updates)
    },
    compact: async (key, snapshot, uptoSeq) => {
      const { boardId, personId } = parsePrivateDocKey(key)
      const stored = await storage.loadPrivateDoc(boardId, personId)
      const parts = [...(stored?.snapshot ? [stored.snapshot] : []), ...(stored?.updates ?? []), snapshot]
      return storage.compactPrivateDoc(boardId, personId, Y.mergeUpdates(parts), uptoSeq)
    },
    // Images live with the board (its asset routes and quota); a private doc only refers to them.
    assetUsage: () => Promise.resolve({ count: 0, bytes: 0 }),
  }
}
