import type * as Y from 'yjs'
import { facilitationMap, recordsArray, votesMap, type RecordEntry } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseVotingRound, type VotingRound } from '@whiteboard/shared/facilitation/votingRound'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import type { HeavyWorkQueue } from '../work/HeavyWorkQueue'
import { storedContentInWorker } from './storedContentInWorker'

/** What the results exports read of a board: its records, votes and voting round. */
export interface BoardContent {
  records: unknown[]
  votes: Map<string, unknown>
  round: VotingRound | undefined
}

/**
 * The board as people see it now: the live doc when the board is loaded (after what was already
 * sent to it is committed), else what storage holds, decoded on a worker thread in `queue`'s
 * turn (throws `QueueFullError` when too many wait). Only reads: the live records are taken from
 * the doc's array as YKeyValue reads them (the rightmost entry of a key wins) without a
 * YKeyValue, which would tidy duplicates and so change a live doc. Null when the board is not
 * stored.
 */
export async function readBoardContent(rooms: RoomManager, storage: Storage, boardId: string, queue: HeavyWorkQueue, signal?: AbortSignal): Promise<BoardContent | null> {
  const room = rooms.peek(boardId)
  if (room?.isOpen) {
    await room.settled()
    return contentOf(room.doc)
  }
  return queue.run(async () => {
    const stored = await storage.loadBoard(boardId)
    if (!stored) return null
    const content = await storedContentInWorker(stored.snapshot, stored.updates)
    return { records: content.records, votes: new Map(content.votes), round: parseVotingRound(content.round) }
  }, signal)
}

function contentOf(doc: Y.Doc): BoardContent {
  const latest = new Map<string, unknown>()
  for (const entry of recordsArray(doc).toArray() as unknown[]) {
    if (entry !== null && typeof entry === 'object' && typeof (entry as RecordEntry).key === 'string') latest.set((entry as RecordEntry).key, (entry as RecordEntry).val)
  }
  return {
    records: [...latest.values()],
    votes: new Map(votesMap(doc).entries()),
    round: parseVotingRound(facilitationMap(doc).get(FacilitationKey.VOTING)),
  }
}
