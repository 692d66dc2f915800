import type pg from 'pg'
import { GATHERING_TABLES_PG } from './PostgresGatherings'
import { PRIVATE_DOC_TABLES_PG } from './PostgresPrivateDocs'
import { TEAM_TEMPLATE_TABLES_PG } from './PostgresTeamTemplates'

/**
 * Key of the session-level advisory lock taken around migrating. Every node of a cluster starts
 * by migrating; the lock lets one of them do it while the others wait, then find nothing left to
 * do. Any fixed number works as long as nothing else in the database uses it: this one is the
 * first eight bytes of sha256("whiteboard schema migrations") read as a signed 64-bit integer.
 */
export const MIGRATION_LOCK_KEY = -6883024328873720199n

interface Migration {
  version: number
  sql: string
}

/**
 * The schema, one step per version, in order; a step is never changed once released, a change
 * is a new step. Each step runs in its own transaction with the row recording it, so a crash
 * mid-step leaves the version unapplied and the step runs whole next time.
 *
 * Boards own their log, history snapshots and assets through foreign keys with ON DELETE
 * CASCADE: a write for a board that another node just deleted fails on the key instead of
 * leaving orphan rows, and deleting a board is one statement.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE boards (
        id text PRIMARY KEY,
        title text NOT NULL,
        lang text NOT NULL,
        templates jsonb NOT NULL,
        created_at bigint NOT NULL,
        snapshot bytea,
        snapshot_seq bigint NOT NULL,
        last_seq bigint NOT NULL
      );
      CREATE TABLE updates (
        board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (board_id, seq)
      );
      CREATE TABLE snapshots (
        board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
        id text NOT NULL,
        -- Breaks ties between snapshots taken in the same millisecond, newest first.
        position bigint GENERATED ALWAYS AS IDENTITY,
        label text NOT NULL,
        author text NOT NULL,
        kind text NOT NULL,
        created_at bigint NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (board_id, id)
      );
      CREATE INDEX snapshots_by_time ON snapshots (board_id, created_at);
      CREATE TABLE assets (
        board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
        id text NOT NULL,
        content_type text NOT NULL,
        data bytea NOT NULL,
        referenced_at bigint NOT NULL,
        PRIMARY KEY (board_id, id)
      );
      ${GATHERING_TABLES_PG}
    `,
  },
  {
    // When people last used a board, for board retention (retention/BoardRetention.ts). Boards
    // from before count as used now: none is deleted before a whole period has passed.
    version: 2,
    sql: `
      ALTER TABLE boards ADD COLUMN last_used_at bigint;
      UPDATE boards SET last_used_at = (extract(epoch FROM now()) * 1000)::bigint;
      ALTER TABLE boards ALTER COLUMN last_used_at SET NOT NULL;
    `,
  },
  {
    // When a board's content last changed, for the admin command's list; set at each append, in
    // the statement that moves last_seq. Boards from before take their last_used_at: every change
    // happens while the board is open, and opening and unloading mark it used, so that time is
    // never before the real last change and is the closest one known; created_at could show a
    // board edited for weeks as unchanged since its creation.
    version: 3,
    sql: `
      ALTER TABLE boards ADD COLUMN last_changed_at bigint;
      UPDATE boards SET last_changed_at = last_used_at;
      ALTER TABLE boards ALTER COLUMN last_changed_at SET NOT NULL;
    `,
  },
  {
    // People's private docs (private mode, PostgresPrivateDocs.ts).
    version: 4,
    sql: PRIVATE_DOC_TABLES_PG,
  },
  {
    // A team's own templates, saved from a frame for every board (PostgresTeamTemplates.ts).
    version: 5,
    sql: TEAM_TEMPLATE_TABLES_PG,
  },
]

/** The newest schema this server knows. */
export const POSTGRES_SCHEMA_VERSION = Math.max(...POSTGRES_MIGRATIONS.map((m) => m.version))

/**
 * Brings the database to {@link POSTGRES_SCHEMA_VERSION}. Safe when several nodes start at once:
 * they queue on {@link MIGRATION_LOCK_KEY}, and each applies only the versions missing from
 * `schema_migrations` when it gets the lock. Refuses a database a newer server has migrated.
 */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()])
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
      const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version))
      const newest = Math.max(0, ...applied)
      if (newest > POSTGRES_SCHEMA_VERSION) {
        throw new Error(`the database was migrated by a newer server (schema ${newest}, this server knows ${POSTGRES_SCHEMA_VERSION}); upgrade this server`)
      }
      for (const migration of POSTGRES_MIGRATIONS) {
        if (applied.has(migration.version)) continue
        await client.query('BEGIN')
        try {
          await client.query(migration.sql)
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version])
          await client.query('COMMIT')
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {})
          throw err
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch((err: Error) => {
        // The connection is broken: it goes, and its session lock with it.
        broken = err
      })
    }
  } finally {
    client.release(broken)
  }
}
