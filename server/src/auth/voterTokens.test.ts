import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MAX_TOKEN_LENGTH } from '@whiteboard/shared'
import { isVoterId } from '@whiteboard/shared/facilitation/voteEntry'
import { signToken } from './tokens'
import { issueVoter, signVoterToken, verifyVoterToken } from './voterTokens'

const secret = randomBytes(32)
const board = 'AAAAAAAAAAAAAAAAAAAAAA'
const otherBoard = 'BBBBBBBBBBBBBBBBBBBBBB'

describe('voter tokens', () => {
  it('issues random voter ids whose tokens verify on their board', () => {
    const a = issueVoter(secret, board)
    const b = issueVoter(secret, board)
    expect(isVoterId(a.voterId)).toBe(true)
    expect(a.voterId).not.toBe(b.voterId)
    expect(a.voterToken.length).toBeLessThan(MAX_TOKEN_LENGTH)
    expect(verifyVoterToken(secret, board, a.voterToken)).toEqual({ ok: true, voterId: a.voterId })
  })

  it('refuses a token of another board, another secret, or with the voter id swapped', () => {
    const { voterId, voterToken } = issueVoter(secret, board)
    expect(verifyVoterToken(secret, otherBoard, voterToken)).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyVoterToken(secret, board, signVoterToken(randomBytes(32), board, voterId))).toEqual({ ok: false, reason: 'invalid' })
    const victim = issueVoter(secret, board).voterId
    expect(verifyVoterToken(secret, board, voterToken.replace(voterId, victim))).toEqual({ ok: false, reason: 'invalid' })
  })

  it('is not a board token, nor a board token a voter token', () => {
    const participant = signToken(secret, board, 'participant')
    expect(verifyVoterToken(secret, board, participant)).toEqual({ ok: false, reason: 'malformed' })
    const voterId = 'participantxxxxx'
    expect(verifyVoterToken(secret, board, `${voterId}.${participant.split('.')[1]}`)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('refuses malformed tokens', () => {
    const good = issueVoter(secret, board).voterToken
    for (const bad of ['', '.', good.split('.')[0]!, `${good}=`, good.slice(0, -1), `${good}x`, 'x'.repeat(MAX_TOKEN_LENGTH + 1), `AAAA.${good.split('.')[1]}`]) {
      expect(verifyVoterToken(secret, board, bad), bad).toEqual({ ok: false, reason: 'malformed' })
    }
  })
})
