import { isBoardId } from '@whiteboard/shared'
import type { GatheringRecord } from '../storage/GatheringRecord'
import type { Storage } from '../storage/Storage'
import { verifyGatheringToken } from './gatheringTokens'

export type GatheringAccess = { ok: true; gathering: GatheringRecord } | GatheringRefusal

export interface GatheringRefusal {
  ok: false
  status: 400 | 401 | 403 | 404
  error: string
  /** Safe to show a person. */
  message: string
}

/** Said to anyone who brings a board link to a gathering route. */
export const BOARD_TOKEN_REFUSAL = "A team board link cannot manage the gathering. Use the gathering's facilitator link."

/**
 * Whether `token` is the facilitator token of gathering `gatheringId`, and the gathering.
 * The answer is decided before storage is read, so a caller without the right token learns
 * nothing about which gatherings exist: 401 for no, a forged or another gathering's token;
 * 403 for a board token (any role: board links never manage gatherings); 404 only for a
 * valid token of a gathering that was deleted.
 */
export async function gatheringAccess(storage: Storage, secret: Buffer, gatheringId: string, token: string | null): Promise<GatheringAccess> {
  if (!isBoardId(gatheringId)) return { ok: false, status: 400, error: 'bad_gathering_id', message: 'The gathering address is not valid' }
  const check = verifyGatheringToken(secret, token)
  if (!check.ok) {
    if (check.reason === 'board-token') return { ok: false, status: 403, error: 'forbidden', message: BOARD_TOKEN_REFUSAL }
    const message = check.reason === 'missing' ? 'No access token in the link' : 'The access token is not valid for this gathering'
    return { ok: false, status: 401, error: 'auth_denied', message }
  }
  if (check.gatheringId !== gatheringId) return { ok: false, status: 401, error: 'auth_denied', message: 'The access token is not valid for this gathering' }
  const gathering = await storage.getGathering(gatheringId)
  if (!gathering) return { ok: false, status: 404, error: 'gathering_not_found', message: 'This gathering does not exist (any more)' }
  return { ok: true, gathering }
}
