import type { BoardLang } from '@whiteboard/shared'
import type { NewTeamBody } from '@whiteboard/shared/api/gatheringsApi'
import { createBoard } from '../boards/createBoard'
import type { TemplateCatalog } from '../boards/TemplateCatalog'
import type { NewGatheringTeam } from '../storage/GatheringRecord'
import type { Storage } from '../storage/Storage'

export type TeamBoardsResult = { ok: true; teams: NewGatheringTeam[] } | { ok: false; unknownTemplate: string }

/**
 * Creates one board per team, each from its template, built on the server exactly as
 * `POST /api/boards` does. Every template is resolved before the first board is made, so an
 * unknown id creates nothing; if storage fails halfway, the boards made so far are deleted
 * again, so no board is left that no gathering lists.
 */
export async function createTeamBoards(storage: Storage, templates: TemplateCatalog | undefined, teams: readonly NewTeamBody[], lang: BoardLang): Promise<TeamBoardsResult> {
  const resolved = []
  for (const team of teams) {
    if (team.template === undefined) {
      resolved.push({ team, records: [], templateIds: [] })
      continue
    }
    const template = templates?.resolve(team.template, lang) ?? null
    if (!template) return { ok: false, unknownTemplate: team.template }
    resolved.push({ team, records: template.records, templateIds: [team.template] })
  }
  const created: NewGatheringTeam[] = []
  try {
    for (const { team, records, templateIds } of resolved) {
      const board = await createBoard(storage, { title: team.name, lang, extraRecords: records, templates: templateIds })
      created.push({ boardId: board.id, name: team.name })
    }
  } catch (err) {
    await Promise.allSettled(created.map((t) => storage.deleteBoard(t.boardId)))
    throw err
  }
  return { ok: true, teams: created }
}
