import { z } from 'zod'
import type { RoleMap } from './boardsApi'
import { MAX_TITLE_LENGTH } from '../protocol/limits'

/**
 * The gatherings API (`/api/gatherings`). A gathering (samling) is a title, a date and the
 * team boards of the municipalities taking part; its facilitator token (`gathering.<id>.<sig>`)
 * steers all of them. Board tokens never open gathering routes: they answer 403.
 */

/**
 * Most team boards in one gathering. A programme gathering has a handful of municipalities
 * and a large one a dozen or two; 30 covers that while bounding the boards one request makes
 * the server build, and what a broadcast or the overview fans out to.
 */
export const MAX_GATHERING_TEAMS = 30

/** Longest team name: a municipality or a team ("Nordre Follo – oppvekst"), shown on cards and as the board title. */
export const MAX_TEAM_NAME_LENGTH = 100

/**
 * Longest broadcast message. A broadcast is a banner on every board ("Back in plenary in
 * five minutes"), not a document: 500 characters is a short paragraph.
 */
export const MAX_BROADCAST_TEXT_LENGTH = 500

/**
 * Most gathering tokens one list request may carry. A facilitator's browser remembers the
 * gatherings it made; 100 is years of gatherings while bounding the HMACs one request costs.
 */
export const MAX_LISTED_GATHERINGS = 100

/** Longest template id in a request; catalog ids are short slugs. */
export const MAX_TEMPLATE_ID_LENGTH = 64

/** The header that carries several gathering tokens to `GET /api/gatherings`, separated by commas or spaces. */
export const GATHERING_TOKENS_HEADER = 'x-gathering-tokens'

/** The app route of a gathering's overview; the token travels in the fragment, as for boards. */
export const GATHERING_ROUTE_PREFIX = '/g/'

export function gatheringLink(origin: string, gatheringId: string, token: string): string {
  return `${origin}${GATHERING_ROUTE_PREFIX}${gatheringId}#token=${encodeURIComponent(token)}`
}

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
    lang: z.enum(['nb', 'en']).optional(),
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

/**
 * Longest timer one broadcast starts, in minutes. The same bound as a board's own timer
 * (facilitationLimits.ts, MAX_TIMER_MINUTES), repeated here so this module stays free of the
 * facilitation layer.
 */
export const MAX_BROADCAST_TIMER_MINUTES = 180

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
  lang: 'nb' | 'en'
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

/** `GET /api/gatherings/:id/status`: who is on each team board now, and when it last changed. */
export interface GatheringStatusResponse {
  /** Server time of the answer, ms since the epoch. */
  now: number
  boards: { boardId: string; people: number; lastActivity: number | null }[]
}

/** `GET /api/gatherings/:id/peek`: viewer links of the other teams' boards. */
export interface PeekResponse {
  teams: { boardId: string; name: string; link: string }[]
}

/** `POST /api/gatherings/:id/broadcast` and `.../summon`: what happened on each board. */
export interface FanOutResponse {
  boards: { boardId: string; ok: boolean }[]
}

/** What `GET /api/boards/:id` adds for a board that belongs to a gathering. */
export interface BoardGatheringInfo {
  id: string
  title: string
  teams: { boardId: string; name: string }[]
  allowPeek: boolean
}
