import type { Storage } from '../storage/Storage'

/** What copying the team templates did. */
export interface TeamTemplatesCopy {
  copied: number
  present: number
  /** Templates Postgres holds under the same id with other content: the migration failed for them. */
  problems: string[]
}

type TemplateStorage = Pick<Storage, 'listTeamTemplates' | 'getTeamTemplate' | 'createTeamTemplate'>

/**
 * Copies every team template, keeping its id and save time, oldest first. One Postgres holds
 * already (an earlier run) is left as it is; then it must hold the same content, as a template
 * is never edited, only saved and deleted. The server's cap on templates does not apply here:
 * they were all admitted once.
 */
export async function copyTeamTemplates(source: TemplateStorage, target: TemplateStorage): Promise<TeamTemplatesCopy> {
  const result: TeamTemplatesCopy = { copied: 0, present: 0, problems: [] }
  for (const info of (await source.listTeamTemplates()).reverse()) {
    const stored = await source.getTeamTemplate(info.id)
    if (!stored) continue
    const there = await target.getTeamTemplate(info.id)
    if (there) {
      result.present++
      if (there.content !== stored.content) result.problems.push(`team template ${info.id} has other content in Postgres`)
      continue
    }
    const { id, name, description, createdAt } = info
    await target.createTeamTemplate({ id, name, description, createdAt, content: stored.content }, Number.MAX_SAFE_INTEGER)
    result.copied++
  }
  return result
}
