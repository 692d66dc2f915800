import { z } from 'zod'
import type { RoleMap } from './boardsApi'
import { MAX_TITLE_LENGTH } from '../protocol/limits'
import { BOARD_LANGS, type BoardLang } from '../board/boardLang'
import { MAX_BROADCAST_TEXT_LENGTH, MAX_BROADCAST_TIMER_MINUTES, MAX_GATHERING_TEAMS, MAX_TEAM_NAME_LENGTH, MAX_TEMPLATE_ID_LENGTH } from '../gatherings/gatheringLimits'

/**
 * The gatherings API (`/api/gatherings`). A gathering (samling) is a title, a date and the
 * team boards of the municipalities taking part; its facilitator token (`gathering.<id>.<sig>`)
 * steers all of them. Board tokens never open gathering routes: they answer 403.
 * Limits and links live apart from zod (`gatherings/gatheringLimits.ts`, `gatherings/gatheringLink.ts`),
 * so the front page can use them without bundling it; they are re-exported here.
 */
export * from '../gatherings/gatheringLimits'
export * from '../gatherings/gatheringLink'

/** A calendar date, `YYYY-MM-DD`; the gathering's day, without time zone games. */
const GatheringDate = z.iso.date()

const TeamName = z.string().trim().min(1).max(MAX_TEAM_NAME_LENGTH)
const Title = z.string().trim().min(1).max(MAX_TITLE_LENGTH)

export const NewTeamBody = z
  .object({
    name: TeamName,
    template: z.string().max(MAX_TEMPLATE_ID_LENGTH).optional(),
  })
  .strict()
export type NewTeamBody = z.infer<typeof NewTeamBody>

/** `POST /api/gatherings`. Unknown keys are refused so typos surface as 400s. */
export const CreateGatheringBody = z
  .object({
    title: Title,
    date: GatheringDate,
    lang: z.enum(BOARD_LANGS).optional(),
    allowPeek: z.boolean().optional(),
    teams: z.array(NewTeamBody).min(1).max(MAX_GATHERING_TEAMS),
  })
  .strict()
export type CreateGatheringBody = z.infer<typeof CreateGatheringBody>

/** `PATCH /api/gatherings/:id`: rename, move, archive, allow peeking. */
export const PatchGatheringBody = z
  .object({
    title: Title.optional(),
    date: GatheringDate.optional(),
    allowPeek: z.boolean().optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' })
export type PatchGatheringBody = z.infer<typeof PatchGatheringBody>

/** `PATCH /api/gatherings/:id/boards/:boardId`: rename or archive one team board. */
export const PatchTeamBody = z
  .object({
    name: TeamName.optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' })
export type PatchTeamBody = z.infer<typeof PatchTeamBody>

/** `POST /api/gatherings/:id/broadcast`: a message banner, a timer, or both, on every active team board. */
export const BroadcastBody = z
  .object({
    message: z.string().trim().min(1).max(MAX_BROADCAST_TEXT_LENGTH).optional(),
    timerMinutes: z.number().int().min(1).max(MAX_BROADCAST_TIMER_MINUTES).optional(),
  })
  .strict()
  .refine((body) => body.message !== undefined || body.timerMinutes !== undefined, { message: 'give a message, a timer or both' })
export type BroadcastBody = z.infer<typeof BroadcastBody>

/** One team board as its gathering's facilitator sees it. */
export interface GatheringTeam {
  /** The board's id. */
  id: string
  name: string
  archived: boolean
  links: RoleMap<string>
  tokens: RoleMap<string>
}

/** `GET /api/gatherings/:id`, `PATCH` and (with 201) `POST /api/gatherings`. */
export interface GatheringResponse {
  id: string
  title: string
  /** `YYYY-MM-DD`. */
  date: string
  lang: BoardLang
  allowPeek: boolean
  archived: boolean
  createdAt: number
  facilitatorToken: string
  overviewLink: string
  boards: GatheringTeam[]
}

/** One entry of `GET /api/gatherings`. */
export interface GatheringSummary {
  id: string
  title: string
  date: string
  archived: boolean
  teamCount: number
  overviewLink: string
}

export interface GatheringListResponse {
  gatherings: GatheringSummary[]
}

/**
 * One person on a team board, as the overview lists them. `name` is what they call themselves
 * (their own claim, cut to the display-name limit); `looking` is true for a read-only
 * connection (a viewer link, which is what peeking from another team opens), so the overview
 * counts them apart from the team's own people.
 */
export interface PersonOnBoard {
  name: string
  looking: boolean
}

/** `GET /api/gatherings/:id/status`: who is on each team board now, and when it last changed. */
export interface GatheringStatusResponse {
  /** Server time of the answer, ms since the epoch. */
  now: number
  boards: {
    boardId: string
    /** The team's own people: participants and facilitators, each person once. */
    people: number
    /** People looking on read-only (peeking from another team, or with a viewer link). */
    looking: number
    /** Everyone counted, the team's own first, then by name; at most MAX_LISTED_PEOPLE. */
    names: PersonOnBoard[]
    lastActivity: number | null
  }[]
}

/** `GET /api/gatherings/:id/peek`: viewer links of the other teams' boards. */
export interface PeekResponse {
  teams: { boardId: string; name: string; link: string }[]
}

/** `POST /api/gatherings/:id/broadcast` and `.../summon`: what happened on each board. */
export interface FanOutResponse {
  boards: { boardId: string; ok: boolean }[]
}

/** `POST /api/gatherings/:id/broadcast`: as FanOutResponse, and when (server clock) a message was sent and stops showing. */
export interface BroadcastResponse extends FanOutResponse {
  at: number
  /** Present when a message was sent: `at` + BROADCAST_SHOWN_MS. */
  shownUntil?: number
}

/** What `GET /api/boards/:id` adds for a board that belongs to a gathering. */
export interface BoardGatheringInfo {
  id: string
  title: string
  teams: { boardId: string; name: string }[]
  allowPeek: boolean
}
