/** What went wrong with storage, as far as a person can act on it. */
export type StorageFailureKind = 'disk full' | 'read-only' | 'unreachable' | 'storage error'

/**
 * The reason a person reads when the server could not store their change, from the storage
 * error. The error itself stays in the log.
 */
export function storageFailureText(err: unknown): string {
  const kind = storageFailureKind(err)
  if (kind === 'disk full') return "Your change was not saved: the server's disk is full. Tell the person who runs the server."
  if (kind === 'read-only') return "Your change was not saved: the server's storage is read-only. Tell the person who runs the server."
  if (kind === 'unreachable') return 'Your change was not saved: the server cannot reach its database right now. Reconnecting.'
  return 'Your change was not saved: the server could not store it. Reconnecting.'
}

/**
 * Errors of a database server that cannot be reached (Postgres storage): the network's
 * (refused, reset, timed out, no route, unknown host) and node-postgres's own words for a
 * connection that broke or never came.
 */
const UNREACHABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE'])
const UNREACHABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/

/**
 * A short name of the fault for /readyz and logs. better-sqlite3 reports SQLite's result code in
 * `code` (SQLITE_FULL, SQLITE_READONLY_…); node-postgres reports Postgres's SQLSTATE there
 * (53100 disk_full, 25006 read_only_sql_transaction, class 08 connection exceptions, 57P01-57P03
 * a server shutting down or starting), or Node's errno for the network.
 */
export function storageFailureKind(err: unknown): StorageFailureKind {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : ''
  if (code.startsWith('SQLITE_FULL') || code === '53100') return 'disk full'
  if (code.startsWith('SQLITE_READONLY') || code === '25006') return 'read-only'
  if (UNREACHABLE_ERRNOS.has(code) || /^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code)) return 'unreachable'
  if (err instanceof Error && code === '' && UNREACHABLE_MESSAGE.test(err.message)) return 'unreachable'
  return 'storage error'
}
