import type Database from 'better-sqlite3'
import type { NewTeamTemplate, StoredTeamTemplate, TeamTemplateInfo } from './TeamTemplateRecord'

/**
 * Schema of the team template table (`SqliteStorage.migrate` runs it). The content is last, so
 * listing reads the columns before it without walking its overflow pages; its byte length is a
 * column of its own because SQLite's length() of text counts characters.
 */
export const TEAM_TEMPLATE_TABLES_SQL = `
  CREATE TABLE team_templates (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    byte_length INTEGER NOT NULL,
    content TEXT NOT NULL
  );
`

interface InfoRow {
  id: string
  name: string
  description: string
  created_at: number
  byte_length: number
}

/** The team template half of `SqliteStorage`, on its database; synchronous like all of it. */
export class SqliteTeamTemplates {
  private readonly stmt: ReturnType<typeof prepare>

  constructor(private readonly db: Database.Database) {
    this.stmt = prepare(db)
  }

  /** Null when the server holds `maxTemplates` already; counted and inserted in one transaction. */
  create(template: NewTeamTemplate, maxTemplates: number): TeamTemplateInfo | null {
    const createdAt = template.createdAt ?? Date.now()
    const byteLength = Buffer.byteLength(template.content, 'utf8')
    return this.db.transaction(() => {
      if ((this.stmt.count.get()?.count ?? 0) >= maxTemplates) return null
      this.stmt.insert.run(template.id, template.name, template.description, createdAt, byteLength, template.content)
      return { id: template.id, name: template.name, description: template.description, createdAt, byteLength }
    })()
  }

  list(): TeamTemplateInfo[] {
    return this.stmt.list.all().map(toInfo)
  }

  get(templateId: string): StoredTeamTemplate | null {
    const row = this.stmt.get.get(templateId)
    return row ? { info: toInfo(row), content: row.content } : null
  }

  delete(templateId: string): boolean {
    return this.stmt.delete.run(templateId).changes > 0
  }
}

function toInfo(row: InfoRow): TeamTemplateInfo {
  return { id: row.id, name: row.name, description: row.description, createdAt: row.created_at, byteLength: row.byte_length }
}

function prepare(db: Database.Database) {
  return {
    count: db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM team_templates'),
    insert: db.prepare<[string, string, string, number, number, string]>(
      'INSERT INTO team_templates (id, name, description, created_at, byte_length, content) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    // Newest first: the template a team just saved is the one it looks for.
    list: db.prepare<[], InfoRow>('SELECT id, name, description, created_at, byte_length FROM team_templates ORDER BY created_at DESC, rowid DESC'),
    get: db.prepare<[string], InfoRow & { content: string }>('SELECT id, name, description, created_at, byte_length, content FROM team_templates WHERE id = ?'),
    delete: db.prepare<[string]>('DELETE FROM team_templates WHERE id = ?'),
  }
}
