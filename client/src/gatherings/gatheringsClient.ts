import type {
  BroadcastBody, BroadcastResponse, CreateGatheringBody, FanOutResponse, GatheringListResponse, GatheringResponse, GatheringStatusResponse, NewTeamBody, PatchGatheringBody, PatchTeamBody, PeekResponse } from '@whiteboard/shared/api/gatheringsApi'
import type { GatheringRunSheetResponse, PutRunSheetBody, StartStepBody } from '@whiteboard/shared/api/gatheringRunSheetApi'
import { GATHERING_TOKENS_HEADER } from '@whiteboard/shared/gatherings/gatheringLink'
import { isApiError } from '../board/fetchBoardInfo'
import { creatorKeyStore } from '../home/creatorKeyStore'

/**
 * Answers of the gatherings API. `problem` sorts a failure for the UI; `message` is the
 * server's own plain-text reason when it gave one (it is written to be shown).
 */
export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; problem: 'network' | 'unauthorized' | 'forbidden' | 'not-found' | 'refused' | 'server'; message?: string; code?: string }

async function call<T>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers }
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(`/api/gatherings${path}`, { method, headers, cache: 'no-store', ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) })
  } catch {
    return { ok: false, problem: 'network' }
  }
  if (res.status === 204) return { ok: true, value: undefined as T }
  const json: unknown = await res.json().catch(() => undefined)
  if (res.ok && json !== undefined) return { ok: true, value: json as T }
  const problem = res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : res.status === 404 ? 'not-found' : res.status < 500 ? 'refused' : 'server'
  return isApiError(json) ? { ok: false, problem, message: json.message, code: json.error } : { ok: false, problem }
}

const path = (id: string) => `/${encodeURIComponent(id)}`
const teamPath = (id: string, boardId: string) => `${path(id)}/boards/${encodeURIComponent(boardId)}`

export const gatheringsClient = {
  /** With the creator key when this browser has one (home/creatorKeyStore.ts). */
  create: (body: CreateGatheringBody) => call<GatheringResponse>('POST', '', { body, headers: creatorKeyStore.headers() }),
  /** The gatherings of the remembered facilitator tokens. */
  list: (tokens: readonly string[]) => call<GatheringListResponse>('GET', '', { headers: { [GATHERING_TOKENS_HEADER]: tokens.join(',') } }),
  get: (id: string, token: string) => call<GatheringResponse>('GET', path(id), { token }),
  patch: (id: string, token: string, body: PatchGatheringBody) => call<GatheringResponse>('PATCH', path(id), { token, body }),
  remove: (id: string, token: string) => call<void>('DELETE', path(id), { token }),
  status: (id: string, token: string) => call<GatheringStatusResponse>('GET', `${path(id)}/status`, { token }),
  broadcast: (id: string, token: string, body: BroadcastBody) => call<BroadcastResponse>('POST', `${path(id)}/broadcast`, { token, body }),
  /** Takes the message back from every team board. */
  withdrawBroadcast: (id: string, token: string) => call<FanOutResponse>('DELETE', `${path(id)}/broadcast`, { token }),
  /** Stops the timer on every team board. */
  stopTimer: (id: string, token: string) => call<FanOutResponse>('DELETE', `${path(id)}/timer`, { token }),
  addTeam: (id: string, token: string, body: NewTeamBody) => call<GatheringResponse>('POST', `${path(id)}/boards`, { token, body }),
  patchTeam: (id: string, token: string, boardId: string, body: PatchTeamBody) => call<GatheringResponse>('PATCH', teamPath(id, boardId), { token, body }),
  removeTeam: (id: string, token: string, boardId: string) => call<void>('DELETE', teamPath(id, boardId), { token }),
  summon: (id: string, token: string, boardId: string) => call<FanOutResponse>('POST', `${teamPath(id, boardId)}/summon`, { token }),
  runSheet: (id: string, token: string) => call<GatheringRunSheetResponse>('GET', `${path(id)}/run-sheet`, { token }),
  putRunSheet: (id: string, token: string, body: PutRunSheetBody) => call<FanOutResponse>('PUT', `${path(id)}/run-sheet`, { token, body }),
  startStep: (id: string, token: string, body: StartStepBody) => call<FanOutResponse>('POST', `${path(id)}/run-sheet/start`, { token, body }),
  /** With a team board's own token: viewer links of the other teams' boards. */
  peek: (id: string, boardId: string, boardToken: string) => call<PeekResponse>('GET', `${path(id)}/peek?board=${encodeURIComponent(boardId)}`, { token: boardToken }),
}
