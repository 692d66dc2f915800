import { createHmac, timingSafeEqual } from 'node:crypto'
import { isBoardId, isRole, MAX_TOKEN_LENGTH } from '@whiteboard/shared'

/**
 * Gathering facilitator tokens: `gathering.<gatheringId>.<base64url HMAC-SHA256(secret, "wb-gathering-v1\n<gatheringId>\nfacilitator")>`.
 *
 * Why this design:
 * - Signed like board tokens, with the same secret but another domain string, so a board
 *   token can never pass as a gathering token or the other way round, and nothing needs
 *   storing: rotating BOARD_SECRET revokes every link at once, as for boards.
 * - The gathering id travels inside the token, so a token alone names what it opens. The
 *   list endpoint (`GET /api/gatherings`) takes the tokens a facilitator's browser
 *   remembered and answers only for those: there are no accounts, and no key that lists
 *   everyone's gatherings, so one leaked link exposes one gathering.
 * - There is only a facilitator role: participants and viewers get board links, and board
 *   tokens answer 403 on every gathering route (see gatheringAccess.ts).
 */
const DOMAIN = 'wb-gathering-v1'
const PREFIX = 'gathering'
/** Length of a base64url-encoded 32-byte HMAC. */
const SIGNATURE_CHARS = 43

export type GatheringTokenCheck =
  | { ok: true; gatheringId: string }
  /** `board-token`: well-formed board token (`<role>.<sig>`), which never opens gathering routes. */
  | { ok: false; reason: 'missing' | 'malformed' | 'invalid' | 'board-token' }

function signature(secret: Buffer, gatheringId: string): Buffer {
  return createHmac('sha256', secret).update(`${DOMAIN}\n${gatheringId}\nfacilitator`).digest()
}

export function signGatheringToken(secret: Buffer, gatheringId: string): string {
  return `${PREFIX}.${gatheringId}.${signature(secret, gatheringId).toString('base64url')}`
}

/** Checks a token's form and signature; the caller compares `gatheringId` with the one it serves. */
export function verifyGatheringToken(secret: Buffer, token: string | null | undefined): GatheringTokenCheck {
  if (token === null || token === undefined || token === '') return { ok: false, reason: 'missing' }
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' }
  const parts = token.split('.')
  if (parts.length === 2 && isRole(parts[0])) return { ok: false, reason: 'board-token' }
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' }
  const [, gatheringId, sig] = parts as [string, string, string]
  if (!isBoardId(gatheringId) || sig.length !== SIGNATURE_CHARS) return { ok: false, reason: 'malformed' }
  const given = Buffer.from(sig, 'base64url')
  // Buffer.from ignores stray characters; insisting on the canonical form keeps one token per gathering.
  if (given.toString('base64url') !== sig) return { ok: false, reason: 'malformed' }
  const expected = signature(secret, gatheringId)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' }
  return { ok: true, gatheringId }
}
