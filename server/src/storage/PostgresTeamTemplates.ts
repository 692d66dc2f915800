import type pg from 'pg'
import { inTransaction } from './inTransaction'
import type { NewTeamTemplate, StoredTeamTemplate, TeamTemplateInfo } from './TeamTemplateRecord'

/** Schema of the team template table (a step of postgresMigrations.ts). */
export const TEAM_TEMPLATE_TABLES_PG = `
  CREATE TABLE team_templates (
    id text PRIMARY KEY,
    -- Breaks ties between templates saved in the same millisecond, newest first.
    position bigint GENERATED ALWAYS AS IDENTITY,
    name text NOT NULL,
    description text NOT NULL,
    created_at bigint NOT NULL,
    byte_length bigint NOT NULL,
    content text NOT NULL
  );
`

interface InfoRow {
  id: string
  name: string
  description: string
  created_at: number
  byte_length: number
}

/** The team template half of `PostgresStorage`, on its pool. */
export class PostgresTeamTemplates {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Null when the server holds `maxTemplates` already. The table is locked against other saves
   * (of other nodes too) between the count and the insert, so two saves at once cannot both
   * take the last place; readers are not held up.
   */
  create(template: NewTeamTemplate, maxTemplates: number): Promise<TeamTemplateInfo | null> {
    const createdAt = template.createdAt ?? Date.now()
    const byteLength = Buffer.byteLength(template.content, 'utf8')
    return inTransaction(this.pool, async (c) => {
      await c.query('LOCK TABLE team_templates IN SHARE ROW EXCLUSIVE MODE')
      const { rows } = await c.query<{ count: number }>('SELECT COUNT(*)::int AS count FROM team_templates')
      if ((rows[0]?.count ?? 0) >= maxTemplates) return null
      await c.query('INSERT INTO team_templates (id, name, description, created_at, byte_length, content) VALUES ($1, $2, $3, $4, $5, $6)', [
        template.id,
        template.name,
        template.description,
        createdAt,
        byteLength,
        template.content,
      ])
      return { id: template.id, name: template.name, description: template.description, createdAt, byteLength }
    })
  }

  async list(): Promise<TeamTemplateInfo[]> {
    const { rows } = await this.pool.query<InfoRow>('SELECT id, name, description, created_at, byte_length FROM team_templates ORDER BY created_at DESC, position DESC')
    return rows.map(toInfo)
  }

  async get(templateId: string): Promise<StoredTeamTemplate | null> {
    const { rows } = await this.pool.query<InfoRow & { content: string }>('SELECT id, name, description, created_at, byte_length, content FROM team_templates WHERE id = $1', [templateId])
    const row = rows[0]
    return row ? { info: toInfo(row), content: row.content } : null
  }

  async delete(templateId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM team_templates WHERE id = $1', [templateId])
    return (rowCount ?? 0) > 0
  }
}

function toInfo(row: InfoRow): TeamTemplateInfo {
  return { id: row.id, name: row.name, description: row.description, createdAt: Number(row.created_at), byteLength: Number(row.byte_length) }
}
