import {
  teamTemplatePath,
  teamTemplatesPath,
  type SaveTeamTemplateBody,
  type SaveTeamTemplateResponse,
  type TeamTemplateList,
  type TeamTemplateResponse,
} from '@whiteboard/shared/api/teamTemplatesApi'
import type { TemplateListResponse } from '@whiteboard/shared/templates/types'

/** Why a team template request failed, for a message in the person's language (the server's own text is English only). */
export type TeamTemplateProblem =
  | { kind: 'forbidden' | 'off' | 'tooMany' | 'tooLarge' | 'notFound' | 'storage' | 'network' | 'failed' }
  | { kind: 'invalid'; detail: string }

export type TeamTemplateResult<T> = { ok: true; value: T } | { ok: false; problem: TeamTemplateProblem }

/**
 * The team template API (shared/src/api/teamTemplatesApi.ts) through one board's facilitator
 * token. Each call answers a result, never throws: the dialog says what went wrong and stays usable.
 */
export class TeamTemplateRequests {
  constructor(
    readonly boardId: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  async list(): Promise<TeamTemplateResult<TeamTemplateList>> {
    const result = await this.request<TemplateListResponse>('GET', `/api/templates?board=${encodeURIComponent(this.boardId)}`)
    if (!result.ok) return result
    return result.value.team ? { ok: true, value: result.value.team } : { ok: false, problem: { kind: 'failed' } }
  }

  save(body: SaveTeamTemplateBody): Promise<TeamTemplateResult<SaveTeamTemplateResponse>> {
    return this.request('POST', teamTemplatesPath(this.boardId), body)
  }

  get(templateId: string): Promise<TeamTemplateResult<TeamTemplateResponse>> {
    return this.request('GET', teamTemplatePath(this.boardId, encodeURIComponent(templateId)))
  }

  delete(templateId: string): Promise<TeamTemplateResult<null>> {
    return this.request('DELETE', teamTemplatePath(this.boardId, encodeURIComponent(templateId)))
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<TeamTemplateResult<T>> {
    let res: Response
    try {
      res = await this.fetchImpl(path, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: 'application/json',
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
    } catch {
      return { ok: false, problem: { kind: 'network' } }
    }
    const json: unknown = res.status === 204 ? null : await res.json().catch(() => undefined)
    if (res.ok && json !== undefined) return { ok: true, value: json as T }
    return { ok: false, problem: problemOf(res.status, json) }
  }
}

function problemOf(status: number, body: unknown): TeamTemplateProblem {
  const error = body !== null && typeof body === 'object' ? (body as { error?: unknown; message?: unknown }) : {}
  if (status === 403 && error.error === 'template_saving_off') return { kind: 'off' }
  if (status === 401 || status === 403) return { kind: 'forbidden' }
  if (status === 404) return { kind: 'notFound' }
  if (status === 409) return { kind: 'tooMany' }
  if (status === 413) return { kind: 'tooLarge' }
  if (status === 400 && error.error === 'bad_template' && typeof error.message === 'string') {
    return { kind: 'invalid', detail: error.message.replace(/^The template cannot be saved: /, '') }
  }
  if (status === 503 || status === 507) return { kind: 'storage' }
  return { kind: 'failed' }
}
