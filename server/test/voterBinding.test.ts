import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { CloseCode, facilitationMap, votesMap, type CreateBoardResponse } from '@whiteboard/shared'
import { VOTER_ID_BYTES } from '@whiteboard/shared/facilitation/voteEntry'
import { serverPerTest } from './serverPerTest'
import { storedDoc } from './storedDoc'
import type { SyncClient } from './syncClient'
import { issueVoterVia } from './voters'
import { waitFor } from './waitFor'

const ctx = serverPerTest()

const ROUND = { roundId: 'round1', votesPerPerson: 3, frameId: null, visibility: 'live', status: 'open', startedAt: 0 } as const

/** A board with a running round of 3 votes per person, and its facilitator's client. */
async function votingBoard(): Promise<{ board: CreateBoardResponse; f: SyncClient }> {
  const board = await ctx.server.createBoard()
  const fVoter = await issueVoterVia(ctx.server.origin, board.id, board.tokens.facilitator)
  const f = ctx.client(board.id, board.tokens.facilitator, undefined, { voterToken: fVoter.voterToken })
  await waitFor(() => f.provider.synced, { what: 'sync' })
  facilitationMap(f.doc).set('voting', ROUND)
  return { board, f }
}

/** A participant who may vote: its own voter, bound at connect. */
async function voter(board: CreateBoardResponse, transport: 'url' | 'subprotocol' = 'url'): Promise<{ client: SyncClient; voterId: string }> {
  const { voterId, voterToken } = await issueVoterVia(ctx.server.origin, board.id, board.tokens.participant)
  const client = ctx.client(board.id, board.tokens.participant, undefined, { voterToken, transport })
  await waitFor(() => client.provider.synced && facilitationMap(client.doc).has('voting'), { what: 'sync' })
  return { client, voterId }
}

function fakeVoterId(): string {
  return randomBytes(VOTER_ID_BYTES).toString('base64url')
}

const entryOf = (doc: Y.Doc, key: string) => votesMap(doc).get(key) as { roundId: string; noteIds: string[] } | undefined

describe('votes are bound to the voter of the connection', () => {
  it("refuses a vote written under the victim's key, even as the victim's Yjs client id (the reported repro)", async () => {
    const { board, f } = await votingBoard()
    const victim = await voter(board)
    votesMap(victim.client.doc).set(victim.voterId, { roundId: ROUND.roundId, noteIds: ['shape:a'] })
    await waitFor(() => entryOf(f.doc, victim.voterId)?.noteIds.length === 1, { what: "the victim's vote" })

    const attacker = await voter(board)
    await waitFor(() => votesMap(attacker.client.doc).has(victim.voterId), { what: "the attacker to see the victim's key" })
    // Everything a client can claim about itself, claimed: the victim's key and the client id of the victim's entry.
    const victimItem = (votesMap(attacker.client.doc) as unknown as { _map: Map<string, Y.Item> })._map.get(victim.voterId)!
    const own = attacker.client.doc.clientID
    attacker.client.doc.clientID = victimItem.id.client
    votesMap(attacker.client.doc).set(victim.voterId, { roundId: ROUND.roundId, noteIds: ['shape:b'] })
    attacker.client.doc.clientID = own
    await waitFor(() => attacker.client.closes.length > 0, { what: 'the refusal' })
    expect(attacker.client.closes[0]).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'You can change only your own votes' })

    expect(entryOf(f.doc, victim.voterId)?.noteIds).toEqual(['shape:a'])
    expect(entryOf(await storedDoc(ctx.server.server.storage, board.id), victim.voterId)?.noteIds).toEqual(['shape:a'])
    expect(victim.client.closes).toEqual([])
  })

  it('refuses 50 fake voters from one connection; nothing of them is stored', async () => {
    const { board, f } = await votingBoard()
    const stuffer = await voter(board)
    stuffer.client.doc.transact(() => {
      votesMap(stuffer.client.doc).set(stuffer.voterId, { roundId: ROUND.roundId, noteIds: ['shape:a'] })
      for (let i = 0; i < 50; i++) votesMap(stuffer.client.doc).set(fakeVoterId(), { roundId: ROUND.roundId, noteIds: ['shape:a'] })
    })
    await waitFor(() => stuffer.client.closes.length > 0, { what: 'the refusal' })
    expect(stuffer.client.closes[0]).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'You can change only your own votes' })
    expect(votesMap(await storedDoc(ctx.server.server.storage, board.id)).size).toBe(0)
    expect(f.closes).toEqual([])
  })

  it("refuses more votes than the running round gives, and a note voted twice; the round's own number passes", async () => {
    const { board, f } = await votingBoard()
    const honest = await voter(board)
    votesMap(honest.client.doc).set(honest.voterId, { roundId: ROUND.roundId, noteIds: ['shape:a', 'shape:b', 'shape:c'] })
    await waitFor(() => entryOf(f.doc, honest.voterId)?.noteIds.length === 3, { what: 'three votes of three' })
    expect(honest.client.closes).toEqual([])

    const greedy = await voter(board)
    votesMap(greedy.client.doc).set(greedy.voterId, { roundId: ROUND.roundId, noteIds: ['shape:a', 'shape:b', 'shape:c', 'shape:d'] })
    await waitFor(() => greedy.client.closes.length > 0, { what: 'refusal of four votes' })
    expect(greedy.client.closes[0]).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'At most 3 votes per person in this round' })

    const twice = await voter(board)
    votesMap(twice.client.doc).set(twice.voterId, { roundId: ROUND.roundId, noteIds: ['shape:a', 'shape:a'] })
    await waitFor(() => twice.client.closes.length > 0, { what: 'refusal of a note voted twice' })
    expect(twice.client.closes[0]).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'At most one vote per note' })
    expect(votesMap(f.doc).size).toBe(1)
  })

  it('lets a vote of an earlier round through (it crossed a new round on the wire); it counts for nothing', async () => {
    const { board, f } = await votingBoard()
    const late = await voter(board)
    votesMap(late.client.doc).set(late.voterId, { roundId: 'an-earlier-round', noteIds: ['shape:a'] })
    await waitFor(() => entryOf(f.doc, late.voterId) !== undefined, { what: 'the late vote' })
    expect(late.client.closes).toEqual([])
  })

  it('refuses any vote from a connection without a voter token, and from a viewer', async () => {
    const { board } = await votingBoard()
    const unbound = ctx.client(board.id, board.tokens.participant)
    await waitFor(() => unbound.provider.synced, { what: 'sync' })
    votesMap(unbound.doc).set(fakeVoterId(), { roundId: ROUND.roundId, noteIds: [] })
    await waitFor(() => unbound.closes.length > 0, { what: 'the refusal' })
    expect(unbound.closes[0]).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'This connection has no voter identity, so it cannot vote; reload the page to get one' })

    // A viewer cannot get a voter token, and with a participant's it still changes nothing.
    const res = await fetch(`${ctx.server.origin}/api/boards/${board.id}/voter`, { method: 'POST', headers: { authorization: `Bearer ${board.tokens.viewer}` } })
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ error: 'forbidden', message: 'Your link only allows viewing; viewers cannot vote.' })
    const borrowed = await issueVoterVia(ctx.server.origin, board.id, board.tokens.participant)
    const viewer = ctx.client(board.id, board.tokens.viewer, undefined, { voterToken: borrowed.voterToken })
    await waitFor(() => viewer.provider.synced, { what: 'sync' })
    votesMap(viewer.doc).set(borrowed.voterId, { roundId: ROUND.roundId, noteIds: [] })
    await waitFor(() => viewer.closes.length > 0, { what: "the viewer's refusal" })
    expect(viewer.closes[0]!.code).toBe(CloseCode.FORBIDDEN)
  })

  it('refuses a forged voter token, and one of another board, at connect', async () => {
    const { board } = await votingBoard()
    const other = await ctx.server.createBoard()
    const { voterId, voterToken } = await issueVoterVia(ctx.server.origin, board.id, board.tokens.participant)
    const otherBoards = await issueVoterVia(ctx.server.origin, other.id, other.tokens.participant)
    const cases = [
      { voterToken: otherBoards.voterToken, reason: 'The voter token is not valid for this board' },
      { voterToken: voterToken.replace(voterId, fakeVoterId()), reason: 'The voter token is not valid for this board' },
      { voterToken: 'x', reason: 'The voter token is malformed' },
    ]
    for (const c of cases) {
      for (const transport of ['url', 'subprotocol'] as const) {
        const client = ctx.client(board.id, board.tokens.participant, undefined, { voterToken: c.voterToken, transport })
        await waitFor(() => client.closes.length > 0, { what: 'the refusal' })
        expect(client.closes[0]).toEqual({ code: CloseCode.AUTH_DENIED, reason: c.reason })
        expect(client.provider.synced).toBe(false)
      }
    }
  })

  it("lets every tab of one voter vote as that voter; a facilitator may clear an entry but not write another's", async () => {
    const { board, f } = await votingBoard()
    const { voterId, voterToken } = await issueVoterVia(ctx.server.origin, board.id, board.tokens.participant)
    const tab1 = ctx.client(board.id, board.tokens.participant, undefined, { voterToken, transport: 'subprotocol' })
    const tab2 = ctx.client(board.id, board.tokens.participant, undefined, { voterToken, transport: 'subprotocol' })
    await waitFor(() => tab1.provider.synced && tab2.provider.synced, { what: 'sync' })
    votesMap(tab1.doc).set(voterId, { roundId: ROUND.roundId, noteIds: ['shape:a'] })
    await waitFor(() => entryOf(tab2.doc, voterId)?.noteIds.length === 1, { what: 'the first tab' })
    votesMap(tab2.doc).set(voterId, { roundId: ROUND.roundId, noteIds: ['shape:a', 'shape:b'] })
    await waitFor(() => entryOf(f.doc, voterId)?.noteIds.length === 2, { what: 'the second tab' })
    expect([...tab1.closes, ...tab2.closes]).toEqual([])

    votesMap(f.doc).delete(voterId)
    await waitFor(() => !votesMap(tab1.doc).has(voterId), { what: 'the facilitator clearing a vote' })
    expect(f.closes).toEqual([])
    votesMap(f.doc).set(voterId, { roundId: ROUND.roundId, noteIds: [] })
    await waitFor(() => f.closes.length > 0, { what: "refusal of the facilitator's write under another key" })
    expect(f.closes[0]).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'You can change only your own votes' })
  })

  it("refuses a participant deleting another's entry outright", async () => {
    const { board, f } = await votingBoard()
    const a = await voter(board)
    votesMap(a.client.doc).set(a.voterId, { roundId: ROUND.roundId, noteIds: ['shape:a'] })
    await waitFor(() => entryOf(f.doc, a.voterId) !== undefined, { what: 'the vote' })
    const thief = await voter(board)
    await waitFor(() => votesMap(thief.client.doc).has(a.voterId), { what: 'sync' })
    votesMap(thief.client.doc).delete(a.voterId)
    await waitFor(() => thief.client.closes.length > 0, { what: 'refusal of a vote delete' })
    expect(thief.client.closes[0]).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'You can change only your own votes' })
    expect(votesMap(f.doc).has(a.voterId)).toBe(true)
  })
})

describe('voter route', () => {
  it('issues a new voter to participant and facilitator links, and answers bad requests like every board route', async () => {
    const board = await ctx.server.createBoard()
    const post = (id: string, token?: string) =>
      fetch(`${ctx.server.origin}/api/boards/${id}/voter`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} })
    const a = await issueVoterVia(ctx.server.origin, board.id, board.tokens.participant)
    const b = await issueVoterVia(ctx.server.origin, board.id, board.tokens.facilitator)
    expect(a.voterId).not.toBe(b.voterId)
    expect(a.voterToken.startsWith(`${a.voterId}.`)).toBe(true)
    expect((await post(board.id)).status).toBe(401)
    expect((await post(board.id, `${board.tokens.participant.slice(0, -2)}AA`)).status).toBe(401)
    expect((await post('not-a-board', board.tokens.participant)).status).toBe(400)
    const deleted = await ctx.server.createBoard()
    await fetch(`${ctx.server.origin}/api/boards/${deleted.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${deleted.tokens.facilitator}` } })
    const gone = await post(deleted.id, deleted.tokens.participant)
    expect(gone.status).toBe(404)
    expect(await gone.json()).toEqual({ error: 'board_not_found', message: 'This board does not exist' })
  })
})
