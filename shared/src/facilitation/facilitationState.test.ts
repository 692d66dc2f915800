import { describe, expect, it } from 'vitest'
import { MAX_TIMER_MS, MAX_VOTES_PER_PERSON } from './facilitationLimits'
import { parsePresenterState } from './presenterState'
import { parseSummonRequest } from './summonRequest'
import { parseTimerState } from './timerState'
import { isVoteKey, parseVoteEntry, voteKey } from './voteEntry'
import { parseVotingRound } from './votingRound'

describe('facilitation state read from the doc', () => {
  it('accepts each timer state and refuses timers without their fields or beyond the limit', () => {
    expect(parseTimerState({ status: 'idle', durationMs: 60_000 })).toEqual({ status: 'idle', durationMs: 60_000 })
    expect(parseTimerState({ status: 'running', durationMs: 60_000, endsAt: 1_700_000_000_000 })).toBeDefined()
    expect(parseTimerState({ status: 'paused', durationMs: 60_000, remainingMs: 1 })).toBeDefined()
    expect(parseTimerState({ status: 'running', durationMs: 60_000 })).toBeUndefined()
    expect(parseTimerState({ status: 'idle', durationMs: MAX_TIMER_MS + 1 })).toBeUndefined()
    expect(parseTimerState({ status: 'done', durationMs: 0 })).toBeUndefined()
  })

  it('bounds a voting round', () => {
    const round = { roundId: 'r1', votesPerPerson: 3, frameId: null, visibility: 'hidden', status: 'open', startedAt: 0 }
    expect(parseVotingRound(round)).toEqual(round)
    expect(parseVotingRound({ ...round, votesPerPerson: MAX_VOTES_PER_PERSON + 1 })).toBeUndefined()
    expect(parseVotingRound({ ...round, votesPerPerson: 0 })).toBeUndefined()
    expect(parseVotingRound({ ...round, frameId: 'x'.repeat(65) })).toBeUndefined()
  })

  it('refuses summons with empty or absurd bounds, and malformed presenter state', () => {
    const summon = { seq: 1, by: 'u1', pageId: 'page:p', bounds: { x: -10, y: 5, w: 1280, h: 800 } }
    expect(parseSummonRequest(summon)).toEqual(summon)
    expect(parseSummonRequest({ ...summon, bounds: { x: 0, y: 0, w: 0, h: 10 } })).toBeUndefined()
    expect(parseSummonRequest({ ...summon, bounds: { x: Number.POSITIVE_INFINITY, y: 0, w: 1, h: 1 } })).toBeUndefined()
    expect(parsePresenterState({ presenceUserId: null, since: 5 })).toEqual({ presenceUserId: null, since: 5 })
    expect(parsePresenterState({ presenceUserId: '', since: 5 })).toBeUndefined()
  })

  it('keys votes by a 96-bit base64url voter id, and bounds an entry', () => {
    expect(voteKey('AAAAAAAAAAAAAAAA')).toBe('AAAAAAAAAAAAAAAA')
    expect(isVoteKey('abcdefghij-_0123')).toBe(true)
    // The keys of the old scheme (Yjs client ids) and anything not 16 base64url characters.
    for (const bad of ['4294967295', '0', 'abcdefghij-_012', 'abcdefghij-_01234', 'abcdefghij+/0123', 'abcdefghij-_012=', '']) expect(isVoteKey(bad), bad).toBe(false)
    expect(parseVoteEntry({ roundId: 'r1', noteIds: ['shape:a'] })).toBeDefined()
    expect(parseVoteEntry({ roundId: 'r1', noteIds: Array.from({ length: MAX_VOTES_PER_PERSON + 1 }, (_, i) => `shape:${i}`) })).toBeUndefined()
    expect(parseVoteEntry({ roundId: 'r1', noteIds: [''] })).toBeUndefined()
  })
})
