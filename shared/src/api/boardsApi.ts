import { z } from 'zod'
import type { Role } from '../protocol/roles'
import type { BoardGatheringInfo } from './gatheringsApi'
import { MAX_TITLE_LENGTH } from '../protocol/limits'
import { BOARD_LANGS, type BoardLang } from '../board/boardLang'

/** `POST /api/boards` body. Unknown keys are refused so typos surface as 400s. */
export const CreateBoardBody = z
  .object({
    title: z.string().trim().max(MAX_TITLE_LENGTH).optional(),
    template: z.string().max(64).optional(),
    lang: z.enum(BOARD_LANGS).optional(),
  })
  .strict()
export type CreateBoardBody = z.infer<typeof CreateBoardBody>

export type RoleMap<T> = Record<Role, T>

/** `201` answer of `POST /api/boards`. A link is a full URL of the web app opening the board in that role. */
export interface CreateBoardResponse {
  id: string
  title: string
  links: RoleMap<string>
  tokens: RoleMap<string>
}

/** `GET /api/boards/:id` (token in `Authorization: Bearer` or `?token=`). */
export interface BoardInfoResponse {
  id: string
  title: string
  lang: BoardLang
  role: Role
  /** Present when the board is a team board of a gathering (names of the teams, whether peeking is allowed). */
  gathering?: BoardGatheringInfo
  /** Present when the server deletes boards nobody opened or changed for this many days (BOARD_RETENTION_DAYS). */
  retentionDays?: number
}

/** Every API error body. `message` is safe to show a person. */
export interface ApiError {
  error: string
  message: string
}
