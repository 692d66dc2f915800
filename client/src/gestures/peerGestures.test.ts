import { describe, expect, it } from 'vitest'
import { raisedHands, ReactionTracker } from './peerGestures'

const user = (name: string) => ({ id: name, name, color: '#123456', role: 'participant' })

describe('raisedHands', () => {
  it('lists hands in the order they went up, leaving out lowered ones and malformed states', () => {
    const states = new Map<number, unknown>([
      [1, { user: user('Cato'), hand: { id: 'c', raisedAt: 300 } }],
      [2, { user: user('Anna'), hand: { id: 'a', raisedAt: 100 } }],
      [3, { user: user('Bo'), hand: { id: 'b', raisedAt: 200 } }],
      [4, { user: user('Dina'), hand: { id: 'd', raisedAt: 50 } }],
      [5, { user: user('Eli'), hand: null }],
      [6, { user: user('Finn'), hand: { id: 'f', raisedAt: -1 } }],
    ])
    expect(raisedHands(states, new Set(['d'])).map((h) => h.user.name)).toEqual(['Anna', 'Bo', 'Cato'])
  })
})

describe('ReactionTracker', () => {
  it('reports a reaction once when its seq changes, never what was there on the first look', () => {
    const tracker = new ReactionTracker()
    tracker.prime(new Map([[1, { reaction: { emoji: '👍', seq: 4 } }]]))
    expect(tracker.update(new Map([[1, { reaction: { emoji: '👍', seq: 4 } }]]))).toEqual([])
    const events = tracker.update(new Map([[1, { reaction: { emoji: '🎉', seq: 5 }, presence: { cursor: { x: 10, y: 20 } } }]]))
    expect(events).toEqual([{ key: '1:5', clientId: 1, emoji: '🎉', at: { x: 10, y: 20 } }])
    expect(tracker.update(new Map([[1, { reaction: { emoji: '🎉', seq: 5 } }]]))).toEqual([])
    // A person who arrives with a reaction already sent: seen, not shown.
    expect(tracker.update(new Map([[2, { reaction: { emoji: '❤️', seq: 9 } }]]))).toEqual([])
    expect(tracker.update(new Map([[2, { reaction: { emoji: '💩', seq: 10 } }]]))).toEqual([])
    // Someone seen before without a reaction: their first one shows.
    tracker.update(new Map([[3, { user: {} }]]))
    expect(tracker.update(new Map([[3, { reaction: { emoji: '👏', seq: 1 } }]])).map((e) => e.emoji)).toEqual(['👏'])
  })
})
