import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { MAX_TOKEN_LENGTH } from '@whiteboard/shared'
import { isVoterId, VOTER_ID_BYTES } from '@whiteboard/shared/facilitation/voteEntry'

/**
 * Voter tokens: `<voterId>.<base64url HMAC-SHA256(secret, "wb-voter-v1\n<boardId>\n<voterId>")>`.
 *
 * A voter id names one person (one browser) on one board, so the server can tell whose votes
 * a connection may write: the key of a vote entry is the writer's voter id, and a connection
 * may write only under the voter id of the token it presented at connect. The id is random
 * and issued by the server (`POST /api/boards/:id/voter`), and the signature binds it to one
 * board, so nobody can write under an id they were not given, nor take one to another board.
 * The id travels in clear: everyone on the board sees it as the key of that person's votes.
 * The token itself grants nothing; the board token still decides what a connection may do.
 */
const DOMAIN = 'wb-voter-v1'

/** Length of a base64url-encoded 32-byte HMAC. */
const SIGNATURE_CHARS = 43

export interface VoterCredentials {
  voterId: string
  voterToken: string
}

export type VoterTokenCheck = { ok: true; voterId: string } | { ok: false; reason: VoterTokenRefusal }
export type VoterTokenRefusal = 'malformed' | 'invalid'

/** Why-text for each refusal, safe to show a person and to send as a close reason. */
export const VOTER_TOKEN_REFUSAL_TEXT: Record<VoterTokenRefusal, string> = {
  malformed: 'The voter token is malformed',
  invalid: 'The voter token is not valid for this board',
}

function signature(secret: Buffer, boardId: string, voterId: string): Buffer {
  return createHmac('sha256', secret).update(`${DOMAIN}\n${boardId}\n${voterId}`).digest()
}

/** A new voter on `boardId`: a random id and the token that proves it was issued here. */
export function issueVoter(secret: Buffer, boardId: string): VoterCredentials {
  const voterId = randomBytes(VOTER_ID_BYTES).toString('base64url')
  return { voterId, voterToken: signVoterToken(secret, boardId, voterId) }
}

export function signVoterToken(secret: Buffer, boardId: string, voterId: string): string {
  return `${voterId}.${signature(secret, boardId, voterId).toString('base64url')}`
}

/** Verifies a voter token for one board. Forged and other-board tokens give `invalid`. */
export function verifyVoterToken(secret: Buffer, boardId: string, token: string): VoterTokenCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' }
  const dot = token.indexOf('.')
  const voterId = token.slice(0, dot)
  const sig = token.slice(dot + 1)
  if (dot < 0 || !isVoterId(voterId) || sig.length !== SIGNATURE_CHARS) return { ok: false, reason: 'malformed' }
  const given = Buffer.from(sig, 'base64url')
  // Buffer.from ignores stray characters; insisting on the canonical form keeps one token per voter.
  if (given.toString('base64url') !== sig) return { ok: false, reason: 'malformed' }
  const expected = signature(secret, boardId, voterId)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' }
  return { ok: true, voterId }
}
