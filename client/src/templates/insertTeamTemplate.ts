import type { Editor, TLContent } from 'tldraw'
import type { TeamTemplateRequests, TeamTemplateResult } from './TeamTemplateRequests'
import { placeContentBeside } from './placeContentBeside'

/**
 * Inserts a team template on the current page: its content from the server, placed beside what
 * is there as a built-in template lands (`placeContentBeside`), migrated from the schema the
 * server stored it in, its inline images uploaded to this board's image store.
 */
export async function insertTeamTemplate(editor: Editor, requests: TeamTemplateRequests, templateId: string): Promise<TeamTemplateResult<number>> {
  const got = await requests.get(templateId)
  if (!got.ok) return got
  const content = got.value.content as unknown as TLContent
  const placed = placeContentBeside(editor, content)
  return { ok: true, value: placed.length }
}
