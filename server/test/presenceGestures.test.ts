import { describe, expect, it } from 'vitest'
import { CloseCode, facilitationMap } from '@whiteboard/shared'
import type { SyncClient } from './syncClient'
import { serverPerTest } from './serverPerTest'
import { waitFor } from './waitFor'

const ctx = serverPerTest()
const { client } = ctx

async function synced(boardId: string, token: string): Promise<SyncClient> {
  const c = client(boardId, token)
  await waitFor(() => c.provider.synced, { what: 'sync' })
  return c
}

function stateOf(watcher: SyncClient, of: SyncClient): Record<string, unknown> | undefined {
  return watcher.provider.awareness.getStates().get(of.doc.clientID)
}

const user = (name: string) => ({ id: name, name, color: '#123456', role: 'facilitator' })

describe('reactions and raised hands in presence', () => {
  it("relays a participant's reaction and stamps its raised hand with the server's time, whatever time it claims", async () => {
    const board = await ctx.server.createBoard()
    const anna = await synced(board.id, board.tokens.participant)
    const watcher = await synced(board.id, board.tokens.viewer)
    const before = Date.now()
    anna.provider.awareness.setLocalState({ user: user('anna'), presence: null, reaction: { emoji: '🎉', seq: 1 }, hand: { id: 'raise1', raisedAt: 1 } })
    await waitFor(() => stateOf(watcher, anna)?.hand !== undefined, { what: "Anna's hand" })
    const seen = stateOf(watcher, anna)!
    expect(seen.reaction).toEqual({ emoji: '🎉', seq: 1 })
    const hand = seen.hand as { id: string; raisedAt: number }
    expect(hand.id).toBe('raise1')
    expect(hand.raisedAt).toBeGreaterThanOrEqual(before)
    // The role is the server's, as for any presence.
    expect((seen.user as { role: string }).role).toBe('participant')

    // Claiming an earlier time for the same raise changes nothing.
    anna.provider.awareness.setLocalState({ user: user('anna'), presence: null, reaction: { emoji: '🎉', seq: 2 }, hand: { id: 'raise1', raisedAt: 0 } })
    await waitFor(() => (stateOf(watcher, anna)?.reaction as { seq: number } | undefined)?.seq === 2, { what: 'the second reaction' })
    expect(stateOf(watcher, anna)!.hand).toEqual(hand)
    expect(anna.closes).toEqual([])
  })

  it('refuses a reaction or hand of another shape', async () => {
    const board = await ctx.server.createBoard()
    for (const extra of [{ reaction: { emoji: '<img src=x>', seq: 1 } }, { hand: { id: 'raise1', raisedAt: 0, name: 'someone else' } }]) {
      const c = await synced(board.id, board.tokens.participant)
      c.provider.awareness.setLocalState({ user: user('mallory'), presence: null, ...extra })
      await waitFor(() => c.closes.length > 0, { what: 'the refusal' })
      expect(c.closes[0]!.code).toBe(CloseCode.INVALID_UPDATE)
      expect(c.closes[0]!.reason).toMatch(/^Presence state: the (reaction|raised hand) is not valid$/)
      c.destroy()
    }
  })

  it("lets only a facilitator lower someone's hand (the lowered hands in the facilitation state)", async () => {
    const board = await ctx.server.createBoard()
    const p = await synced(board.id, board.tokens.participant)
    facilitationMap(p.doc).set('loweredHands', { ids: ['raise1'] })
    await waitFor(() => p.closes.length > 0, { what: "the participant's refusal" })
    expect(p.closes[0]!.code).toBe(CloseCode.FACILITATOR_ONLY)

    const f = await synced(board.id, board.tokens.facilitator)
    facilitationMap(f.doc).set('loweredHands', { ids: ['raise1'] })
    const watcher = await synced(board.id, board.tokens.viewer)
    await waitFor(() => facilitationMap(watcher.doc).get('loweredHands') !== undefined, { what: "the facilitator's write" })
    expect(f.closes).toEqual([])
    facilitationMap(f.doc).set('loweredHands', { ids: ['not an id'] })
    await waitFor(() => f.closes.length > 0, { what: 'the refusal of a malformed value' })
    expect(f.closes[0]!.code).toBe(CloseCode.INVALID_UPDATE)
  })
})
