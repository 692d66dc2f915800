import { isRole } from '@whiteboard/shared/protocol/roles'
import { isBoardLang } from '@whiteboard/shared/board/boardLang'
import type { ApiError, BoardInfoResponse } from '@whiteboard/shared/api/boardsApi'

export type BoardInfoResult =
  | { ok: true; board: BoardInfoResponse }
  | { ok: false; problem: 'unauthorized' | 'not-found' | 'bad-request' | 'server' | 'network'; serverMessage?: string }

/** `GET /api/boards/:id` with the link's token: the board's title, language and this link's role. */
export async function fetchBoardInfo(boardId: string, token: string, fetchImpl: typeof fetch = fetch): Promise<BoardInfoResult> {
  let res: Response
  try {
    res = await fetchImpl(`/api/boards/${encodeURIComponent(boardId)}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    })
  } catch {
    return { ok: false, problem: 'network' }
  }
  const body: unknown = await res.json().catch(() => undefined)
  if (res.ok && isBoardInfo(body)) return { ok: true, board: body }
  const serverMessage = isApiError(body) ? body.message : undefined
  const problem =
    res.status === 401 || res.status === 403 ? 'unauthorized' : res.status === 404 ? 'not-found' : res.status === 400 ? 'bad-request' : 'server'
  return serverMessage === undefined ? { ok: false, problem } : { ok: false, problem, serverMessage }
}

function isBoardInfo(value: unknown): value is BoardInfoResponse {
  if (value === null || typeof value !== 'object') return false
  const v = value as Record<string, unknown>
  return typeof v.id === 'string' && typeof v.title === 'string' && isBoardLang(v.lang) && isRole(v.role)
}

export function isApiError(value: unknown): value is ApiError {
  return value !== null && typeof value === 'object' && typeof (value as ApiError).message === 'string'
}
