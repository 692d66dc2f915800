import type * as Y from 'yjs'

/**
 * Whether a transaction added or deleted anything: when Yjs emits the doc's 'update' event,
 * without encoding the update that event carries (Yjs encodes it for every transaction as soon
 * as anyone listens to 'update').
 */
export function changesContent(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true
  return false
}
