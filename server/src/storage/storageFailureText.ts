/**
 * The reason a person reads when the server could not store their change, from the storage
 * error. The error itself stays in the log.
 */
export function storageFailureText(err: unknown): string {
  const kind = storageFailureKind(err)
  if (kind === 'disk full') return "Your change was not saved: the server's disk is full. Tell the person who runs the server."
  if (kind === 'read-only') return "Your change was not saved: the server's storage is read-only. Tell the person who runs the server."
  return 'Your change was not saved: the server could not store it. Reconnecting.'
}

/**
 * A short name of the fault for /readyz and logs. better-sqlite3 reports SQLite's result code in
 * `code` (SQLITE_FULL, SQLITE_READONLY_…); node-postgres reports Postgres's SQLSTATE there
 * (53100 disk_full, 25006 read_only_sql_transaction).
 */
export function storageFailureKind(err: unknown): 'disk full' | 'read-only' | 'storage error' {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : ''
  if (code.startsWith('SQLITE_FULL') || code === '53100') return 'disk full'
  if (code.startsWith('SQLITE_READONLY') || code === '25006') return 'read-only'
  return 'storage error'
}
