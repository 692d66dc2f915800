import type Database from 'better-sqlite3'
import { isBoardLang } from '@whiteboard/shared/board/boardLang'
import type { GatheringPatch, GatheringRecord, GatheringTeamPatch, NewGathering, NewGatheringTeam } from './GatheringRecord'

/** Schema of the gathering tables (SQLite schema version 3; `SqliteStorage.migrate` runs it). */
export const GATHERING_TABLES_SQL = `
  CREATE TABLE gatherings (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    lang TEXT NOT NULL,
    allow_peek INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  -- board_id is the key: a board is a team of at most one gathering.
  CREATE TABLE gathering_teams (
    board_id TEXT PRIMARY KEY,
    gathering_id TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX gathering_teams_by_gathering ON gathering_teams (gathering_id, position);
`

interface GatheringRow {
  id: string
  title: string
  date: string
  lang: string
  allow_peek: number
  archived: number
  created_at: number
}

interface TeamRow {
  board_id: string
  name: string
  archived: number
}

/**
 * The gathering half of `SqliteStorage`, on its database. better-sqlite3 is synchronous, so
 * every method runs to completion in one turn; the ones that write several rows do so in one
 * transaction.
 */
export class SqliteGatherings {
  private readonly stmt: ReturnType<typeof prepare>

  constructor(private readonly db: Database.Database) {
    this.stmt = prepare(db)
  }

  create(gathering: NewGathering): GatheringRecord {
    return this.db.transaction(() => {
      const createdAt = Date.now()
      this.stmt.insertGathering.run(gathering.id, gathering.title, gathering.date, gathering.lang, gathering.allowPeek ? 1 : 0, createdAt)
      gathering.teams.forEach((team, position) => this.stmt.insertTeam.run(team.boardId, gathering.id, team.name, position))
      return this.read(gathering.id)!
    })()
  }

  get(gatheringId: string): GatheringRecord | null {
    return this.read(gatheringId)
  }

  ofBoard(boardId: string): GatheringRecord | null {
    const row = this.stmt.gatheringOfBoard.get(boardId)
    return row ? this.read(row.gathering_id) : null
  }

  update(gatheringId: string, patch: GatheringPatch): GatheringRecord | null {
    return this.db.transaction(() => {
      if (!this.stmt.gathering.get(gatheringId)) return null
      if (patch.title !== undefined) this.stmt.setTitle.run(patch.title, gatheringId)
      if (patch.date !== undefined) this.stmt.setDate.run(patch.date, gatheringId)
      if (patch.allowPeek !== undefined) this.stmt.setAllowPeek.run(patch.allowPeek ? 1 : 0, gatheringId)
      if (patch.archived !== undefined) this.stmt.setArchived.run(patch.archived ? 1 : 0, gatheringId)
      return this.read(gatheringId)
    })()
  }

  addTeam(gatheringId: string, team: NewGatheringTeam): GatheringRecord | null {
    return this.db.transaction(() => {
      if (!this.stmt.gathering.get(gatheringId)) return null
      const next = this.stmt.nextPosition.get(gatheringId)?.next ?? 0
      this.stmt.insertTeam.run(team.boardId, gatheringId, team.name, next)
      return this.read(gatheringId)
    })()
  }

  updateTeam(gatheringId: string, boardId: string, patch: GatheringTeamPatch): GatheringRecord | null {
    return this.db.transaction(() => {
      if (!this.stmt.team.get(gatheringId, boardId)) return null
      if (patch.name !== undefined) this.stmt.setTeamName.run(patch.name, gatheringId, boardId)
      if (patch.archived !== undefined) this.stmt.setTeamArchived.run(patch.archived ? 1 : 0, gatheringId, boardId)
      return this.read(gatheringId)
    })()
  }

  removeTeam(gatheringId: string, boardId: string): boolean {
    return this.stmt.deleteTeam.run(gatheringId, boardId).changes > 0
  }

  /** Drops a deleted board from whichever gathering listed it; part of `deleteBoard`'s transaction. */
  forgetBoard(boardId: string): void {
    this.stmt.forgetBoard.run(boardId)
  }

  delete(gatheringId: string): boolean {
    return this.db.transaction(() => {
      this.stmt.deleteTeams.run(gatheringId)
      return this.stmt.deleteGathering.run(gatheringId).changes > 0
    })()
  }

  private read(gatheringId: string): GatheringRecord | null {
    const row = this.stmt.gathering.get(gatheringId)
    if (!row) return null
    return {
      id: row.id,
      title: row.title,
      date: row.date,
      // Written only through `create`, which takes a BoardLang; anything else reads as bokmål rather than failing the overview.
      lang: isBoardLang(row.lang) ? row.lang : 'nb',
      allowPeek: row.allow_peek !== 0,
      archived: row.archived !== 0,
      createdAt: row.created_at,
      teams: this.stmt.teams.all(gatheringId).map((t) => ({ boardId: t.board_id, name: t.name, archived: t.archived !== 0 })),
    }
  }
}

function prepare(db: Database.Database) {
  return {
    insertGathering: db.prepare<[string, string, string, string, number, number]>(
      'INSERT INTO gatherings (id, title, date, lang, allow_peek, archived, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)',
    ),
    insertTeam: db.prepare<[string, string, string, number]>('INSERT INTO gathering_teams (board_id, gathering_id, name, position, archived) VALUES (?, ?, ?, ?, 0)'),
    gathering: db.prepare<[string], GatheringRow>('SELECT id, title, date, lang, allow_peek, archived, created_at FROM gatherings WHERE id = ?'),
    teams: db.prepare<[string], TeamRow>('SELECT board_id, name, archived FROM gathering_teams WHERE gathering_id = ? ORDER BY position'),
    team: db.prepare<[string, string], { board_id: string }>('SELECT board_id FROM gathering_teams WHERE gathering_id = ? AND board_id = ?'),
    gatheringOfBoard: db.prepare<[string], { gathering_id: string }>('SELECT gathering_id FROM gathering_teams WHERE board_id = ?'),
    nextPosition: db.prepare<[string], { next: number }>('SELECT COALESCE(MAX(position) + 1, 0) AS next FROM gathering_teams WHERE gathering_id = ?'),
    setTitle: db.prepare<[string, string]>('UPDATE gatherings SET title = ? WHERE id = ?'),
    setDate: db.prepare<[string, string]>('UPDATE gatherings SET date = ? WHERE id = ?'),
    setAllowPeek: db.prepare<[number, string]>('UPDATE gatherings SET allow_peek = ? WHERE id = ?'),
    setArchived: db.prepare<[number, string]>('UPDATE gatherings SET archived = ? WHERE id = ?'),
    setTeamName: db.prepare<[string, string, string]>('UPDATE gathering_teams SET name = ? WHERE gathering_id = ? AND board_id = ?'),
    setTeamArchived: db.prepare<[number, string, string]>('UPDATE gathering_teams SET archived = ? WHERE gathering_id = ? AND board_id = ?'),
    deleteTeam: db.prepare<[string, string]>('DELETE FROM gathering_teams WHERE gathering_id = ? AND board_id = ?'),
    deleteTeams: db.prepare<[string]>('DELETE FROM gathering_teams WHERE gathering_id = ?'),
    forgetBoard: db.prepare<[string]>('DELETE FROM gathering_teams WHERE board_id = ?'),
    deleteGathering: db.prepare<[string]>('DELETE FROM gatherings WHERE id = ?'),
  }
}
