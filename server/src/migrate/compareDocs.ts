import * as Y from 'yjs'

/** How a board's doc in Postgres stands to the same board's doc in SQLite. */
export type DocComparison = 'identical' | 'contains' | 'lacks'

/**
 * Compares two docs by what they hold, not by their bytes (the same doc can be encoded in
 * different ways, as one snapshot or as a snapshot plus a log): `identical` when both hold the
 * same items and deletions, `contains` when `target` holds everything of `source` and more (the
 * cluster changed the board after it was copied), `lacks` when `source` holds something `target`
 * does not.
 */
export function compareDocs(target: Y.Doc, source: Y.Doc): DocComparison {
  const targetSnapshot = Y.snapshot(target)
  if (Y.equalSnapshots(targetSnapshot, Y.snapshot(source))) return 'identical'
  const merged = new Y.Doc()
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(target))
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(source))
  const contains = Y.equalSnapshots(Y.snapshot(merged), targetSnapshot)
  merged.destroy()
  return contains ? 'contains' : 'lacks'
}
