import type pg from 'pg'
import { isBoardLang } from '@whiteboard/shared/board/boardLang'
import type { GatheringPatch, GatheringRecord, GatheringTeamPatch, NewGathering, NewGatheringTeam } from './GatheringRecord'
import { inTransaction } from './inTransaction'

/** Schema of the gathering tables (Postgres schema version 1; postgresMigrations.ts runs it). */
export const GATHERING_TABLES_PG = `
  CREATE TABLE gatherings (
    id text PRIMARY KEY,
    title text NOT NULL,
    date text NOT NULL,
    lang text NOT NULL,
    allow_peek boolean NOT NULL,
    archived boolean NOT NULL DEFAULT false,
    created_at bigint NOT NULL
  );
  -- board_id is the key: a board is a team of at most one gathering. No foreign key to boards:
  -- deleteBoard drops the team row itself, as SQLite's storage does.
  CREATE TABLE gathering_teams (
    board_id text PRIMARY KEY,
    gathering_id text NOT NULL,
    name text NOT NULL,
    position integer NOT NULL,
    archived boolean NOT NULL DEFAULT false
  );
  CREATE INDEX gathering_teams_by_gathering ON gathering_teams (gathering_id, position);
`

interface GatheringRow {
  id: string
  title: string
  date: string
  lang: string
  allow_peek: boolean
  archived: boolean
  created_at: number
}

interface TeamRow {
  board_id: string
  name: string
  archived: boolean
}

type Queryable = Pick<pg.PoolClient, 'query'>

/**
 * The gathering half of `PostgresStorage`, on its pool. Methods that read after they write, or
 * write several rows, do so in one transaction.
 */
export class PostgresGatherings {
  constructor(private readonly pool: pg.Pool) {}

  create(gathering: NewGathering): Promise<GatheringRecord> {
    return inTransaction(this.pool, async (c) => {
      await c.query('INSERT INTO gatherings (id, title, date, lang, allow_peek, archived, created_at) VALUES ($1, $2, $3, $4, $5, false, $6)', [
        gathering.id,
        gathering.title,
        gathering.date,
        gathering.lang,
        gathering.allowPeek,
        Date.now(),
      ])
      for (const [position, team] of gathering.teams.entries()) {
        await c.query('INSERT INTO gathering_teams (board_id, gathering_id, name, position, archived) VALUES ($1, $2, $3, $4, false)', [team.boardId, gathering.id, team.name, position])
      }
      return (await read(c, gathering.id))!
    })
  }

  get(gatheringId: string): Promise<GatheringRecord | null> {
    // Two reads: one snapshot keeps the team list in step with the gathering's row.
    return inTransaction(this.pool, (c) => read(c, gatheringId), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  }

  ofBoard(boardId: string): Promise<GatheringRecord | null> {
    return inTransaction(
      this.pool,
      async (c) => {
        const row = (await c.query<{ gathering_id: string }>('SELECT gathering_id FROM gathering_teams WHERE board_id = $1', [boardId])).rows[0]
        return row ? read(c, row.gathering_id) : null
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    )
  }

  update(gatheringId: string, patch: GatheringPatch): Promise<GatheringRecord | null> {
    return inTransaction(this.pool, async (c) => {
      const found = await c.query(
        `UPDATE gatherings SET title = COALESCE($2, title), date = COALESCE($3, date), allow_peek = COALESCE($4, allow_peek), archived = COALESCE($5, archived)
         WHERE id = $1`,
        [gatheringId, patch.title ?? null, patch.date ?? null, patch.allowPeek ?? null, patch.archived ?? null],
      )
      return found.rowCount === 0 ? null : read(c, gatheringId)
    })
  }

  addTeam(gatheringId: string, team: NewGatheringTeam): Promise<GatheringRecord | null> {
    return inTransaction(this.pool, async (c) => {
      // The row lock queues two additions to one gathering, so they cannot take the same position.
      if ((await c.query('SELECT 1 FROM gatherings WHERE id = $1 FOR UPDATE', [gatheringId])).rowCount === 0) return null
      await c.query(
        `INSERT INTO gathering_teams (board_id, gathering_id, name, position, archived)
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position) + 1, 0) FROM gathering_teams WHERE gathering_id = $2), false)`,
        [team.boardId, gatheringId, team.name],
      )
      return read(c, gatheringId)
    })
  }

  updateTeam(gatheringId: string, boardId: string, patch: GatheringTeamPatch): Promise<GatheringRecord | null> {
    return inTransaction(this.pool, async (c) => {
      const found = await c.query(
        'UPDATE gathering_teams SET name = COALESCE($3, name), archived = COALESCE($4, archived) WHERE gathering_id = $1 AND board_id = $2',
        [gatheringId, boardId, patch.name ?? null, patch.archived ?? null],
      )
      return found.rowCount === 0 ? null : read(c, gatheringId)
    })
  }

  async removeTeam(gatheringId: string, boardId: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM gathering_teams WHERE gathering_id = $1 AND board_id = $2', [gatheringId, boardId])
    return (result.rowCount ?? 0) > 0
  }

  /** Drops a deleted board from whichever gathering listed it; part of `deleteBoard`'s transaction. */
  async forgetBoard(c: Queryable, boardId: string): Promise<void> {
    await c.query('DELETE FROM gathering_teams WHERE board_id = $1', [boardId])
  }

  delete(gatheringId: string): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      await c.query('DELETE FROM gathering_teams WHERE gathering_id = $1', [gatheringId])
      return ((await c.query('DELETE FROM gatherings WHERE id = $1', [gatheringId])).rowCount ?? 0) > 0
    })
  }
}

async function read(c: Queryable, gatheringId: string): Promise<GatheringRecord | null> {
  const row = (await c.query<GatheringRow>('SELECT id, title, date, lang, allow_peek, archived, created_at FROM gatherings WHERE id = $1', [gatheringId])).rows[0]
  if (!row) return null
  const teams = (await c.query<TeamRow>('SELECT board_id, name, archived FROM gathering_teams WHERE gathering_id = $1 ORDER BY position', [gatheringId])).rows
  return {
    id: row.id,
    title: row.title,
    date: row.date,
    // Written only through `create`, which takes a BoardLang; anything else reads as bokmål rather than failing the overview.
    lang: isBoardLang(row.lang) ? row.lang : 'nb',
    allowPeek: row.allow_peek,
    archived: row.archived,
    createdAt: row.created_at,
    teams: teams.map((t) => ({ boardId: t.board_id, name: t.name, archived: t.archived })),
  }
}
