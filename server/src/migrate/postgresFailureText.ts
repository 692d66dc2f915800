import { storageFailureKind } from '../storage/storageFailureText'
import { displayDatabaseUrl } from './parseMigrateArgs'

/**
 * What went wrong reaching or using the cluster's Postgres, in words an operator can act on,
 * from node-postgres's error (Postgres's SQLSTATE, or Node's errno for the network).
 */
export function postgresFailureText(err: unknown, databaseUrl: string): string {
  const where = displayDatabaseUrl(databaseUrl)
  const url = new URL(databaseUrl)
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : ''
  const database = decodeURIComponent(url.pathname.slice(1))
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `The host ${url.hostname} in --to is unknown (${where}).`
  if (code === '28P01' || code === '28000') return `Postgres at ${url.host} refused the user name or password in --to (${where}).`
  if (code === '3D000') return `The database "${database}" does not exist on Postgres at ${url.host}: create it first (createdb ${database}), then run the migration again.`
  if (code === '42501') return `The user in --to may not create or write the tables in "${database}": give it the rights a server node has (${where}).`
  if (storageFailureKind(err) === 'unreachable') return `Postgres at ${url.host} could not be reached (${where}): is it running, and does it accept connections from here?`
  const message = err instanceof Error ? err.message : String(err)
  return `Postgres at ${url.host} failed: ${message} (${where}).`
}
