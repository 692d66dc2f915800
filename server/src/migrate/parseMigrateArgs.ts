import { MigrationError } from './MigrationError'

export interface MigrateArgs {
  /** The single node's DATA_DIR, as given after `sqlite:`. */
  dataDir: string
  /** postgres://… of the cluster's database (DATABASE_URL). */
  databaseUrl: string
}

export const MIGRATE_USAGE = 'Usage: npm run migrate -- --from sqlite:<DATA_DIR> --to postgres://<user>:<password>@<host>:<port>/<database>'

/**
 * Reads `--from sqlite:<DATA_DIR> --to <DATABASE_URL>` (also `--from=…`). Refuses anything else
 * with the usage line, so a typo never starts a half-understood migration.
 */
export function parseMigrateArgs(argv: readonly string[]): MigrateArgs {
  const values = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = /^--(from|to)=(.*)$/s.exec(arg)
    if (eq) {
      values.set(eq[1]!, eq[2]!)
      continue
    }
    if (arg === '--from' || arg === '--to') {
      const value = argv[i + 1]
      if (value === undefined || value.startsWith('--')) throw new MigrationError(`${arg} needs a value.\n${MIGRATE_USAGE}`)
      values.set(arg.slice(2), value)
      i++
      continue
    }
    throw new MigrationError(`Unknown argument "${arg}".\n${MIGRATE_USAGE}`)
  }
  const from = values.get('from')
  const to = values.get('to')
  if (from === undefined || to === undefined) throw new MigrationError(`Both --from and --to are needed.\n${MIGRATE_USAGE}`)
  if (!from.startsWith('sqlite:') || from.length === 'sqlite:'.length) {
    throw new MigrationError(`--from must be sqlite:<DATA_DIR>, the single server's data folder (for example sqlite:./data).\n${MIGRATE_USAGE}`)
  }
  return { dataDir: from.slice('sqlite:'.length), databaseUrl: checkDatabaseUrl(to) }
}

/** A postgres:// URL with a host and a database name; the password never appears in the refusal. */
function checkDatabaseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new MigrationError(`--to is not a URL. It must be the cluster's DATABASE_URL, postgres://<user>:<password>@<host>:<port>/<database>.`)
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new MigrationError(`--to must be a postgres:// URL (the cluster's DATABASE_URL), not ${url.protocol}//…`)
  }
  if (!url.hostname) throw new MigrationError('--to names no host: postgres://<user>:<password>@<host>:<port>/<database>.')
  if (url.pathname.length <= 1) throw new MigrationError('--to names no database: add /<database> after the host and port.')
  return value
}

/** The URL as it may be printed: without its password. */
export function displayDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl)
  if (url.password) url.password = '***'
  return url.toString()
}
