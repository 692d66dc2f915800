import { describe, expect, it } from 'vitest'
import { signToken } from '../auth/tokens'
import { signGatheringToken, verifyGatheringToken } from './gatheringTokens'

const secret = Buffer.alloc(32, 7)
const otherSecret = Buffer.alloc(32, 8)
const id = 'AAAAAAAAAAAAAAAAAAAAAA'
const other = 'BBBBBBBBBBBBBBBBBBBBBB'

describe('gathering tokens', () => {
  it('names and opens its own gathering only', () => {
    const token = signGatheringToken(secret, id)
    expect(token.startsWith(`gathering.${id}.`)).toBe(true)
    expect(verifyGatheringToken(secret, token)).toEqual({ ok: true, gatheringId: id })
    // Swapping the id in the token, or another secret, breaks the signature.
    expect(verifyGatheringToken(secret, token.replace(id, other))).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyGatheringToken(otherSecret, token)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('tells a board token apart, and refuses malformed ones without verifying', () => {
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      // A board token signed over the gathering's id is still a board token.
      expect(verifyGatheringToken(secret, signToken(secret, id, role))).toEqual({ ok: false, reason: 'board-token' })
    }
    expect(verifyGatheringToken(secret, undefined)).toEqual({ ok: false, reason: 'missing' })
    expect(verifyGatheringToken(secret, '')).toEqual({ ok: false, reason: 'missing' })
    const good = signGatheringToken(secret, id)
    for (const bad of ['gathering', `gathering.${id}`, `gathering.short.${good.split('.')[2]}`, `other.${id}.${good.split('.')[2]}`, `${good}x`, good.slice(0, -1) + '=', 'x'.repeat(300)]) {
      expect(verifyGatheringToken(secret, bad), bad).toEqual({ ok: false, reason: 'malformed' })
    }
  })
})
