import { describe, expect, it } from 'vitest'
import { displayDatabaseUrl, MIGRATE_USAGE, parseMigrateArgs } from './parseMigrateArgs'

describe('parseMigrateArgs', () => {
  it('reads --from sqlite:<DATA_DIR> and --to <DATABASE_URL>, with or without =', () => {
    const expected = { dataDir: './data', databaseUrl: 'postgres://tavle:pw@db:5432/tavle' }
    expect(parseMigrateArgs(['--from', 'sqlite:./data', '--to', 'postgres://tavle:pw@db:5432/tavle'])).toEqual(expected)
    expect(parseMigrateArgs(['--to=postgres://tavle:pw@db:5432/tavle', '--from=sqlite:./data'])).toEqual(expected)
    expect(parseMigrateArgs(['--from', 'sqlite:/srv/data', '--to', 'postgresql://db/tavle']).databaseUrl).toBe('postgresql://db/tavle')
  })

  it('refuses what it does not understand with a sentence and the usage line', () => {
    const refusal = (args: string[]) => {
      try {
        parseMigrateArgs(args)
      } catch (err) {
        return (err as Error).message
      }
      return 'accepted'
    }
    expect(refusal([])).toBe(`Both --from and --to are needed.\n${MIGRATE_USAGE}`)
    expect(refusal(['--from', 'sqlite:./data'])).toBe(`Both --from and --to are needed.\n${MIGRATE_USAGE}`)
    expect(refusal(['--from', './data', '--to', 'postgres://db/tavle'])).toBe(
      `--from must be sqlite:<DATA_DIR>, the single server's data folder (for example sqlite:./data).\n${MIGRATE_USAGE}`,
    )
    expect(refusal(['--from', 'sqlite:', '--to', 'postgres://db/tavle'])).toContain('--from must be sqlite:<DATA_DIR>')
    expect(refusal(['--from', '--to', 'postgres://db/tavle'])).toBe(`--from needs a value.\n${MIGRATE_USAGE}`)
    expect(refusal(['--from', 'sqlite:./data', '--to', 'postgres://db/tavle', '--force'])).toBe(`Unknown argument "--force".\n${MIGRATE_USAGE}`)
    expect(refusal(['--from', 'sqlite:./data', '--to', 'mysql://db/tavle'])).toBe("--to must be a postgres:// URL (the cluster's DATABASE_URL), not mysql://…")
    expect(refusal(['--from', 'sqlite:./data', '--to', 'db/tavle'])).toBe("--to is not a URL. It must be the cluster's DATABASE_URL, postgres://<user>:<password>@<host>:<port>/<database>.")
    expect(refusal(['--from', 'sqlite:./data', '--to', 'postgres://db:5432'])).toBe('--to names no database: add /<database> after the host and port.')
  })

  it('hides the password when the URL is printed', () => {
    expect(displayDatabaseUrl('postgres://tavle:hemmelig@db:5432/tavle')).toBe('postgres://tavle:***@db:5432/tavle')
    expect(displayDatabaseUrl('postgres://db:5432/tavle')).toBe('postgres://db:5432/tavle')
  })
})
