import { isRole } from '@whiteboard/shared/protocol/roles'
import type { CreateBoardBody, CreateBoardResponse } from '@whiteboard/shared/api/boardsApi'
import { isApiError } from '../board/fetchBoardInfo'
import { creatorKeyStore } from './creatorKeyStore'

export type CreateBoardResult =
  | { ok: true; board: CreateBoardResponse }
  | { ok: false; problem: 'network' | 'refused' | 'creator-key' | 'rate-limited'; serverMessage?: string }

/** `POST /api/boards`, with the creator key when this browser has one (creatorKeyStore.ts). */
export async function createBoard(body: CreateBoardBody, fetchImpl: typeof fetch = fetch): Promise<CreateBoardResult> {
  let res: Response
  try {
    res = await fetchImpl('/api/boards', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...creatorKeyStore.headers() },
      body: JSON.stringify(body),
    })
  } catch {
    return { ok: false, problem: 'network' }
  }
  const json: unknown = await res.json().catch(() => undefined)
  if (res.status === 201 && isCreateBoardResponse(json)) return { ok: true, board: json }
  if (isApiError(json) && creatorKeyStore.refused(json.error)) return { ok: false, problem: 'creator-key' }
  if (res.status === 429) return { ok: false, problem: 'rate-limited' }
  return isApiError(json) ? { ok: false, problem: 'refused', serverMessage: json.message } : { ok: false, problem: 'refused' }
}

function isCreateBoardResponse(value: unknown): value is CreateBoardResponse {
  if (value === null || typeof value !== 'object') return false
  const v = value as Record<string, unknown>
  const links = v.links as Record<string, unknown> | undefined
  return (
    typeof v.id === 'string' &&
    typeof v.title === 'string' &&
    links !== null &&
    typeof links === 'object' &&
    ['facilitator', 'participant', 'viewer'].every((role) => isRole(role) && typeof links[role] === 'string')
  )
}
