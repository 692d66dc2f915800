import { boardLink, ROLES, type RoleMap } from '@whiteboard/shared'
import { gatheringLink, type BoardGatheringInfo, type GatheringResponse, type GatheringSummary } from '@whiteboard/shared/api/gatheringsApi'
import { signToken } from '../auth/tokens'
import type { GatheringRecord } from '../storage/GatheringRecord'
import { signGatheringToken } from './gatheringTokens'

/**
 * What the gathering's facilitator gets: every team's links and tokens. Tokens are HMACs
 * over ids, so they are derived again on each answer rather than stored.
 */
export function gatheringResponse(gathering: GatheringRecord, secret: Buffer, origin: string): GatheringResponse {
  const facilitatorToken = signGatheringToken(secret, gathering.id)
  return {
    id: gathering.id,
    title: gathering.title,
    date: gathering.date,
    lang: gathering.lang,
    allowPeek: gathering.allowPeek,
    archived: gathering.archived,
    createdAt: gathering.createdAt,
    facilitatorToken,
    overviewLink: gatheringLink(origin, gathering.id, facilitatorToken),
    boards: gathering.teams.map((team) => {
      const tokens = Object.fromEntries(ROLES.map((role) => [role, signToken(secret, team.boardId, role)])) as RoleMap<string>
      const links = Object.fromEntries(ROLES.map((role) => [role, boardLink(origin, team.boardId, tokens[role])])) as RoleMap<string>
      return { id: team.boardId, name: team.name, archived: team.archived, links, tokens }
    }),
  }
}

export function gatheringSummary(gathering: GatheringRecord, secret: Buffer, origin: string): GatheringSummary {
  return {
    id: gathering.id,
    title: gathering.title,
    date: gathering.date,
    archived: gathering.archived,
    teamCount: gathering.teams.filter((t) => !t.archived).length,
    overviewLink: gatheringLink(origin, gathering.id, signGatheringToken(secret, gathering.id)),
  }
}

/** What any link of a team board learns about its gathering: names of the active teams, no tokens. */
export function boardGatheringInfo(gathering: GatheringRecord): BoardGatheringInfo {
  return {
    id: gathering.id,
    title: gathering.title,
    teams: gathering.teams.filter((t) => !t.archived).map((t) => ({ boardId: t.boardId, name: t.name })),
    allowPeek: gathering.allowPeek && !gathering.archived,
  }
}
