import type { TLAsset, TLBinding, TLShape } from '@tldraw/tlschema'
import { z } from 'zod'
import type { SerializedSchema } from '../board/storedSchema'
import { MAX_TEAM_TEMPLATE_DESCRIPTION_CHARS, MAX_TEAM_TEMPLATE_NAME_CHARS } from '../templates/teamTemplateLimits'

/**
 * A team's own templates: frames a facilitator saved, kept by the server for every board on it.
 *
 * - `GET /api/templates?board=<id>` with that board's facilitator token lists them besides the
 *   built-in ones (`teamTemplates`), and says whether this server lets facilitators save.
 * - `POST /api/boards/:id/templates` (facilitator token, {@link SaveTeamTemplateBody}) saves one.
 * - `GET /api/boards/:id/templates/:templateId` (facilitator token) gives its content to insert.
 * - `DELETE /api/boards/:id/templates/:templateId` (facilitator token of any board) deletes it.
 */

/** Template ids are 128 random bits as 22 base64url characters, like board ids: checked before storage is touched. */
export const TEAM_TEMPLATE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/

export function isTeamTemplateId(value: unknown): value is string {
  return typeof value === 'string' && TEAM_TEMPLATE_ID_PATTERN.test(value)
}

/** Who may save team templates on this server (`TEMPLATE_SAVERS`). */
export const TEMPLATE_SAVERS = ['facilitators', 'none'] as const
export type TemplateSavers = (typeof TEMPLATE_SAVERS)[number]

/** What the picker and the API list about a team template, without its content. */
export interface TeamTemplateSummary {
  id: string
  name: string
  description: string
  /** Milliseconds since the epoch. */
  createdAt: number
  /** Bytes its content takes, images included. */
  byteLength: number
}

/**
 * A frame and everything in it, as tldraw copies it (`editor.getContentFromCurrentPage`), with
 * its images inline as `data:` URLs so that the template does not depend on the board it came
 * from: one root shape, the frame.
 */
export interface TeamTemplateContent {
  shapes: TLShape[]
  bindings: TLBinding[]
  assets: TLAsset[]
  rootShapeIds: string[]
}

/** `POST /api/boards/:id/templates`. */
export interface SaveTeamTemplateBody {
  name: string
  description: string
  content: TeamTemplateContent
}

/** The server's check of {@link SaveTeamTemplateBody}; the content is judged by `checkTeamTemplateContent`. */
export const SaveTeamTemplateBodySchema = z
  .object({
    name: z.string().trim().min(1).max(MAX_TEAM_TEMPLATE_NAME_CHARS),
    description: z.string().trim().max(MAX_TEAM_TEMPLATE_DESCRIPTION_CHARS).default(''),
    content: z.unknown(),
  })
  .strict()

/** `201` answer of a save. */
export interface SaveTeamTemplateResponse {
  template: TeamTemplateSummary
}

/** `GET /api/boards/:id/templates/:templateId`: the content with the tldraw schema its records are in, for migration when inserted. */
export interface TeamTemplateResponse {
  template: TeamTemplateSummary
  content: TeamTemplateContent & { schema: SerializedSchema }
}

/** The list part of `GET /api/templates?board=<id>`. */
export interface TeamTemplateList {
  templates: TeamTemplateSummary[]
  /** Whether this server lets facilitators save templates (`TEMPLATE_SAVERS`). */
  saving: TemplateSavers
}

export function teamTemplatesPath(boardId: string): string {
  return `/api/boards/${boardId}/templates`
}

export function teamTemplatePath(boardId: string, templateId: string): string {
  return `/api/boards/${boardId}/templates/${templateId}`
}
