/**
 * Benchmark 5, persistence: updates per second committed through our SQLite storage (with its
 * durability settings: WAL, synchronous=NORMAL, checkpointed and fsynced every second on a worker thread), one commit per update and one per group, and the
 * time to compact a 10 MB update log into a snapshot.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { SqliteStorage } from '../src/storage/SqliteStorage'
import { moveUpdates } from './board/moveUpdates'
import { measureCommits, type CommitRate } from './storage/measureCommits'

export interface PersistenceOptions {
  /** Updates committed in each throughput measurement. */
  updates: number
  /** Updates per commit to measure; 1 is a commit per update. */
  groupSizes: number[]
  /** Size of the update log to compact. */
  logBytes: number
  log?: (line: string) => void
}

export interface PersistenceResult {
  updateBytes: number
  commits: CommitRate[]
  compaction: {
    logBytes: number
    logUpdates: number
    /** Reading the log back and applying it to a doc, as a cold load of such a board does. */
    loadSeconds: number
    /** Encoding the doc as a snapshot, as the room does before it compacts. */
    encodeSeconds: number
    /** The storage swapping snapshot for log in one transaction. */
    storageSeconds: number
    snapshotBytes: number
  }
}

export async function runPersistence(opts: PersistenceOptions): Promise<PersistenceResult> {
  const log = opts.log ?? (() => {})
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-bench-storage-'))
  const storage = new SqliteStorage({ dataDir })
  try {
    const { updateBytes, commits } = await measureCommits(storage, { ...opts, boardPrefix: 'commit', label: 'persistence', log })

    const perUpdate = updateBytes
    const big = moveUpdates(200, Math.ceil(opts.logBytes / perUpdate))
    const boardId = 'compaction'
    await storage.createBoard({ id: boardId, title: boardId, lang: 'en', templates: [] }, big.initial)
    let lastSeq = 0
    for (let i = 0; i < big.moves.length; i += 500) lastSeq = await storage.appendUpdates(boardId, big.moves.slice(i, i + 500))

    let started = performance.now()
    const stored = await storage.loadBoard(boardId)
    const doc = new Y.Doc()
    if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update)
    const loadSeconds = (performance.now() - started) / 1000
    started = performance.now()
    const snapshot = Y.encodeStateAsUpdate(doc)
    const encodeSeconds = (performance.now() - started) / 1000
    started = performance.now()
    await storage.compact(boardId, snapshot, lastSeq)
    const storageSeconds = (performance.now() - started) / 1000
    doc.destroy()
    const after = await storage.loadBoard(boardId)
    if (!after || after.updates.length !== 0) throw new Error('compaction left updates in the log')
    log(`persistence: compacted ${(big.bytes / 2 ** 20).toFixed(1)} MB in ${((encodeSeconds + storageSeconds) * 1000).toFixed(0)} ms`)
    return {
      updateBytes,
      commits,
      compaction: { logBytes: big.bytes, logUpdates: big.moves.length, loadSeconds, encodeSeconds, storageSeconds, snapshotBytes: snapshot.byteLength },
    }
  } finally {
    await storage.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
