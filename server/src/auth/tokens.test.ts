import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MAX_TOKEN_LENGTH } from '@whiteboard/shared'
import { signToken, verifyToken } from './tokens'

const secret = randomBytes(32)
const board = 'AAAAAAAAAAAAAAAAAAAAAA'
const otherBoard = 'BBBBBBBBBBBBBBBBBBBBBB'

describe('board tokens', () => {
  it('verifies its own tokens with their role', () => {
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      const token = signToken(secret, board, role)
      expect(token.startsWith(`${role}.`)).toBe(true)
      expect(token.length).toBeLessThan(MAX_TOKEN_LENGTH)
      expect(verifyToken(secret, board, token)).toEqual({ ok: true, role })
    }
  })

  it('refuses a token of another board', () => {
    expect(verifyToken(secret, otherBoard, signToken(secret, board, 'participant'))).toEqual({ ok: false, reason: 'invalid' })
  })

  it('refuses a token whose role was edited', () => {
    const viewer = signToken(secret, board, 'viewer')
    const promoted = viewer.replace(/^viewer\./, 'facilitator.')
    expect(verifyToken(secret, board, promoted)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('refuses a token signed with another secret (forged)', () => {
    expect(verifyToken(secret, board, signToken(randomBytes(32), board, 'facilitator'))).toEqual({ ok: false, reason: 'invalid' })
  })

  it('refuses a flipped signature bit', () => {
    const token = signToken(secret, board, 'participant')
    const sig = Buffer.from(token.split('.')[1]!, 'base64url')
    sig[0] = sig[0]! ^ 1
    expect(verifyToken(secret, board, `participant.${sig.toString('base64url')}`)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('tells missing from malformed', () => {
    expect(verifyToken(secret, board, null)).toEqual({ ok: false, reason: 'missing' })
    expect(verifyToken(secret, board, '')).toEqual({ ok: false, reason: 'missing' })
    const good = signToken(secret, board, 'viewer')
    for (const bad of ['viewer', 'viewer.', 'admin.' + good.split('.')[1], good + '=', good.slice(0, -1), `${good}x`, 'x'.repeat(MAX_TOKEN_LENGTH + 1), 'viewer.' + '*'.repeat(43)]) {
      expect(verifyToken(secret, board, bad), bad).toEqual({ ok: false, reason: 'malformed' })
    }
  })
})
