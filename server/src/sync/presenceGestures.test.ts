import { describe, expect, it } from 'vitest'
import { PresenceGestures, REACTION_BURST, REACTIONS_PER_SECOND } from './presenceGestures'

describe('PresenceGestures', () => {
  it('lets a burst of reactions through, then one per refill, and holds the rest back without dropping the state', () => {
    let now = 1_000
    const gestures = new PresenceGestures(() => now)
    const sender = {}
    let held: Record<string, unknown> | undefined
    const passed: number[] = []
    for (let seq = 1; seq <= REACTION_BURST + 3; seq++) {
      const state: Record<string, unknown> = { user: {}, reaction: { emoji: '👍', seq } }
      const verdict = gestures.judge(sender, state, held)
      expect(verdict.ok).toBe(true)
      if (verdict.ok && !verdict.reactionHeld) passed.push(seq)
      held = state
    }
    expect(passed).toEqual(Array.from({ length: REACTION_BURST }, (_, i) => i + 1))
    expect(held?.reaction).toEqual({ emoji: '👍', seq: REACTION_BURST })

    // The same reaction again is not a new one; after a refill the next new one passes.
    expect(gestures.judge(sender, { reaction: { emoji: '👍', seq: REACTION_BURST } }, held)).toEqual({ ok: true, reactionHeld: false })
    now += 1000 / REACTIONS_PER_SECOND
    const next = { reaction: { emoji: '🎉', seq: REACTION_BURST + 9 } }
    expect(gestures.judge(sender, next, held)).toEqual({ ok: true, reactionHeld: false })
    // Another sender has a bucket of its own.
    expect(gestures.judge({}, { reaction: { emoji: '👍', seq: 1 } }, undefined)).toEqual({ ok: true, reactionHeld: false })
  })

  it("stamps a raised hand with the server's time when it goes up and keeps it while it stays up", () => {
    let now = 5_000
    const gestures = new PresenceGestures(() => now)
    const first: Record<string, unknown> = { hand: { id: 'h1', raisedAt: 1 } }
    gestures.judge({}, first, undefined)
    expect(first.hand).toEqual({ id: 'h1', raisedAt: 5_000 })
    now = 9_000
    const again: Record<string, unknown> = { hand: { id: 'h1', raisedAt: 0 } }
    gestures.judge({}, again, first)
    expect(again.hand).toEqual({ id: 'h1', raisedAt: 5_000 })
    const newRaise: Record<string, unknown> = { hand: { id: 'h2', raisedAt: 0 } }
    gestures.judge({}, newRaise, again)
    expect(newRaise.hand).toEqual({ id: 'h2', raisedAt: 9_000 })
  })

  it('refuses a reaction or hand of another shape', () => {
    const gestures = new PresenceGestures(() => 0)
    for (const state of [
      { reaction: { emoji: '💩', seq: 1 } },
      { reaction: { emoji: '👍', seq: -1 } },
      { reaction: { emoji: '👍', seq: 1, extra: 'x'.repeat(1000) } },
      { reaction: '👍' },
      { hand: { id: 'a b', raisedAt: 0 } },
      { hand: { id: 'x'.repeat(33), raisedAt: 0 } },
      { hand: true },
    ]) {
      expect(gestures.judge({}, state, undefined).ok, JSON.stringify(state).slice(0, 60)).toBe(false)
    }
    expect(gestures.judge({}, { reaction: null, hand: null }, undefined).ok).toBe(true)
  })
})
