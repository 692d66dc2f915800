import type { NewTeamTemplate, StoredTeamTemplate, TeamTemplateInfo } from './TeamTemplateRecord'

/** The team template half of `MemoryStorage`. Returns copies, so callers never hold its state. */
export class MemoryTeamTemplates {
  /** In the order they were saved. */
  private readonly templates = new Map<string, StoredTeamTemplate>()

  create(template: NewTeamTemplate, maxTemplates: number): TeamTemplateInfo | null {
    if (this.templates.has(template.id)) throw new Error(`team template ${template.id} already exists`)
    if (this.templates.size >= maxTemplates) return null
    const info: TeamTemplateInfo = {
      id: template.id,
      name: template.name,
      description: template.description,
      createdAt: template.createdAt ?? Date.now(),
      byteLength: Buffer.byteLength(template.content, 'utf8'),
    }
    this.templates.set(template.id, { info, content: template.content })
    return { ...info }
  }

  list(): TeamTemplateInfo[] {
    // Newest first, the later save first among equal times, as the databases order them.
    return [...this.templates.values()].reverse().sort((a, b) => b.info.createdAt - a.info.createdAt).map((t) => ({ ...t.info }))
  }

  get(templateId: string): StoredTeamTemplate | null {
    const found = this.templates.get(templateId)
    return found ? { info: { ...found.info }, content: found.content } : null
  }

  delete(templateId: string): boolean {
    return this.templates.delete(templateId)
  }
}
