import { createHmac, timingSafeEqual } from 'node:crypto'
import { isRole, MAX_TOKEN_LENGTH, type Role } from '@whiteboard/shared'

/**
 * Board tokens: `<role>.<base64url HMAC-SHA256(secret, "wb-token-v1\n<boardId>\n<role>")>`.
 *
 * The role travels in clear so a client can mirror it before it connects; the signature binds
 * it to one board, so a token cannot be replayed on another board or edited to a stronger role.
 * There is no expiry: a board link works as long as the board exists (rotate BOARD_SECRET to
 * revoke every link at once).
 */
const DOMAIN = 'wb-token-v1'

/** Length of a base64url-encoded 32-byte HMAC. */
const SIGNATURE_CHARS = 43

export type TokenCheck = { ok: true; role: Role } | { ok: false; reason: TokenRefusal }
export type TokenRefusal = 'missing' | 'malformed' | 'invalid'

/** Why-text for each refusal, safe to show a person and to send as a close reason. */
export const TOKEN_REFUSAL_TEXT: Record<TokenRefusal, string> = {
  missing: 'No access token in the link',
  malformed: 'The access token is malformed',
  invalid: 'The access token is not valid for this board',
}

function signature(secret: Buffer, boardId: string, role: Role): Buffer {
  return createHmac('sha256', secret).update(`${DOMAIN}\n${boardId}\n${role}`).digest()
}

export function signToken(secret: Buffer, boardId: string, role: Role): string {
  return `${role}.${signature(secret, boardId, role).toString('base64url')}`
}

/** Verifies a token for one board. Forged, other-board and other-role tokens all give `invalid`. */
export function verifyToken(secret: Buffer, boardId: string, token: string | null | undefined): TokenCheck {
  if (token === null || token === undefined || token === '') return { ok: false, reason: 'missing' }
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' }
  const dot = token.indexOf('.')
  const role = token.slice(0, dot)
  const sig = token.slice(dot + 1)
  if (dot < 0 || !isRole(role) || sig.length !== SIGNATURE_CHARS) return { ok: false, reason: 'malformed' }
  const given = Buffer.from(sig, 'base64url')
  // Buffer.from ignores stray characters; insisting on the canonical form keeps one token per board and role.
  if (given.toString('base64url') !== sig) return { ok: false, reason: 'malformed' }
  const expected = signature(secret, boardId, role)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' }
  return { ok: true, role }
}
