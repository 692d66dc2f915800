import * as Y from 'yjs'
import type { Storage } from '../../src/storage/Storage'
import { DEFAULT_PAGE_ID } from './geoShape'
import { writeShapes } from './seedShapes'

/**
 * Grows a stored board to about `targetBytes` of Yjs state with rectangles, and stores the same
 * state as a manual snapshot, straight into the storage of a server that does not hold the board
 * (over sync this would take minutes, and the benchmarks are about what comes after).
 */
export async function storeLargeBoard(storage: Storage, boardId: string, targetBytes: number): Promise<{ bytes: number; shapes: number; snapshotId: string }> {
  const stored = await storage.loadBoard(boardId)
  if (!stored) throw new Error('the seeded board is missing')
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  // Measure a sample, then write the rest in one go.
  const sample = 500
  const base = Y.encodeStateAsUpdate(doc).byteLength
  writeShapes(doc, sample, { parentId: DEFAULT_PAGE_ID, prefix: 'stall-sample-' })
  const perShape = (Y.encodeStateAsUpdate(doc).byteLength - base) / sample
  const rest = Math.max(0, Math.floor((targetBytes - base) / perShape) - sample)
  writeShapes(doc, rest, { parentId: DEFAULT_PAGE_ID, prefix: 'stall-', perUpdate: 1_000 })
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  // Logged first: a compaction only replaces a snapshot that is behind the log.
  const seq = await storage.appendUpdates(boardId, [state])
  if (!(await storage.compact(boardId, state, seq))) throw new Error('the large board could not be stored as its snapshot')
  const snapshot = await storage.putSnapshot(boardId, { label: 'stall benchmark', author: 'bench', kind: 'manual' }, state)
  return { bytes: state.byteLength, shapes: sample + rest, snapshotId: snapshot.id }
}

