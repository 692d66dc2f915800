import type { Storage } from '../../src/storage/Storage'
import { moveUpdates } from '../board/moveUpdates'

export interface CommitRate {
  groupSize: number
  updates: number
  seconds: number
  updatesPerSecond: number
  commitsPerSecond: number
}

/**
 * Commits the same shape-move updates through `storage` once per group size, a commit of
 * `groupSize` updates at a time, one after another as a room commits them, and times each.
 * Every storage measured in one run gets the same updates, so their rates compare.
 */
export async function measureCommits(
  storage: Storage,
  opts: { updates: number; groupSizes: number[]; boardPrefix: string; log: (line: string) => void; label: string },
): Promise<{ updateBytes: number; commits: CommitRate[] }> {
  const { initial, moves } = moveUpdates(200, opts.updates)
  const updateBytes = moves.reduce((sum, m) => sum + m.byteLength, 0) / moves.length
  const commits: CommitRate[] = []
  for (const groupSize of opts.groupSizes) {
    const boardId = `${opts.boardPrefix}-${groupSize}`
    await storage.createBoard({ id: boardId, title: boardId, lang: 'en', templates: [] }, initial)
    const started = performance.now()
    for (let i = 0; i < moves.length; i += groupSize) await storage.appendUpdates(boardId, moves.slice(i, i + groupSize))
    const seconds = (performance.now() - started) / 1000
    commits.push({ groupSize, updates: moves.length, seconds, updatesPerSecond: moves.length / seconds, commitsPerSecond: Math.ceil(moves.length / groupSize) / seconds })
    opts.log(`${opts.label}: ${groupSize} update(s)/commit: ${(moves.length / seconds).toFixed(0)} updates/s`)
  }
  return { updateBytes, commits }
}
