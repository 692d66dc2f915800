import { boardSecretAdvice } from './boardSecretAdvice'
import { formatMigrationReport } from './formatMigrationReport'
import { migrateSqliteToPostgres } from './migrateSqliteToPostgres'
import { MigrationError } from './MigrationError'
import { displayDatabaseUrl, parseMigrateArgs } from './parseMigrateArgs'

/**
 * `npm run migrate -- --from sqlite:<DATA_DIR> --to <DATABASE_URL>`: moves a single server's
 * boards and gatherings into the Postgres of a cluster (migrateSqliteToPostgres.ts). Exits with
 * 1 and one plain sentence on a failure, never a stack trace; with 1 as well when the
 * verification finds something missing.
 */
async function main(): Promise<void> {
  const args = parseMigrateArgs(process.argv.slice(2))
  console.info(`Copying the boards and gatherings of ${args.dataDir} (SQLite) into ${displayDatabaseUrl(args.databaseUrl)}.`)
  console.info('Stop the single server first: changes it takes during the copy may be left behind (a second run picks them up).')
  const report = await migrateSqliteToPostgres({ ...args, onProgress: (line) => console.info(`  ${line}`) })
  for (const line of formatMigrationReport(report)) console.info(line)
  console.info(boardSecretAdvice(report.dataDir))
  if (report.verification.problems.length > 0) process.exitCode = 1
}

main().catch((err: unknown) => {
  // A MigrationError is already a sentence for the operator; anything else is unexpected, and
  // its message (never its stack) says what happened.
  console.error(err instanceof MigrationError ? err.message : `The migration failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
