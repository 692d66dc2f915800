import { describe, expect, it } from 'vitest'
import { startPostgres } from './startPostgres'

describe('startPostgres', () => {
  it('fails with one sentence naming the Debian package when the PostgreSQL binaries are missing', async () => {
    await expect(startPostgres('/nonexistent/postgresql/15/bin')).rejects.toThrow(
      "PostgreSQL 15 is not installed (/nonexistent/postgresql/15/bin/postgres is missing): install Debian's package with `apt-get install postgresql`.",
    )
  })
})
