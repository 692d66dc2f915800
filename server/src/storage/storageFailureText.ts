/**
 * The reason a person reads when the server could not store their change, from the storage
 * error (better-sqlite3 reports SQLite's result code in `code`). The error itself stays in the log.
 */
export function storageFailureText(err: unknown): string {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : ''
  if (code.startsWith('SQLITE_FULL')) return "Your change was not saved: the server's disk is full. Tell the person who runs the server."
  if (code.startsWith('SQLITE_READONLY')) return "Your change was not saved: the server's storage is read-only. Tell the person who runs the server."
  return 'Your change was not saved: the server could not store it. Reconnecting.'
}

/** A short name of the fault for /readyz and logs. */
export function storageFailureKind(err: unknown): 'disk full' | 'read-only' | 'storage error' {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : ''
  if (code.startsWith('SQLITE_FULL')) return 'disk full'
  if (code.startsWith('SQLITE_READONLY')) return 'read-only'
  return 'storage error'
}
