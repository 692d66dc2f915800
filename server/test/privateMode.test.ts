import { describe, expect, it } from 'vitest'
import { CloseCode, facilitationMap, privateSyncRoom, type CreateBoardResponse } from '@whiteboard/shared'
import type { PrivateCountsResponse, RevealResponse } from '@whiteboard/shared/api/privateApi'
import type { SnapshotListResponse } from '@whiteboard/shared/api/historyApi'
import { noteRecord } from '@whiteboard/shared/test/noteRecord'
import { serverPerTest } from './serverPerTest'
import { startTestServer } from './testServer'
import { storedDoc } from './storedDoc'
import { connectClient, type SyncClient } from './syncClient'
import { issueVoterVia } from './voters'
import { waitFor } from './waitFor'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray } from '@whiteboard/shared'

const ctx = serverPerTest()

interface Person {
  voterId: string
  voterToken: string
  board: SyncClient
  private: SyncClient
}

/** A person on the board: their voter, a client of the board and one of their private doc (another tab may add more). */
async function person(board: CreateBoardResponse, token: string): Promise<Person> {
  const { voterId, voterToken } = await issueVoterVia(ctx.server.origin, board.id, token)
  const boardClient = ctx.client(board.id, token, undefined, { voterToken })
  const privateClient = ctx.client(privateSyncRoom(board.id), token, undefined, { voterToken })
  await waitFor(() => boardClient.provider.synced && privateClient.provider.synced, { what: 'both docs synced' })
  return { voterId, voterToken, board: boardClient, private: privateClient }
}

const secretNote = (id: string, text: string, x = 300) => noteRecord({ id, cx: x, cy: 400, text })

async function api(board: CreateBoardResponse, path: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${ctx.server.origin}/api/boards/${board.id}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } })
}

describe('private mode: each person has a private doc only their own connections get', () => {
  it("a participant's private note reaches their other tab, never another participant, the facilitator or a viewer", async () => {
    const board = await ctx.server.createBoard()
    const ada = await person(board, board.tokens.participant)
    const bo = await person(board, board.tokens.participant)
    const fac = await person(board, board.tokens.facilitator)
    const viewer = ctx.client(board.id, board.tokens.viewer)
    await waitFor(() => viewer.provider.synced, { what: 'viewer synced' })
    const adaTab2 = ctx.client(privateSyncRoom(board.id), board.tokens.participant, undefined, { voterToken: ada.voterToken })

    ada.private.records.set('shape:secret', secretNote('shape:secret', 'Only Ada knows'))
    await waitFor(() => adaTab2.records.get('shape:secret'), { what: "Ada's second tab to get her note" })

    // Every other private doc and the board stay without it, in memory and in storage.
    await ctx.server.server.privateDocs.rooms.peek(`${board.id}/private/${ada.voterId}`)?.settled()
    for (const other of [bo.private, fac.private, bo.board, fac.board, ada.board, viewer]) expect(other.records.get('shape:secret')).toBeUndefined()
    const stored = await storedDoc(ctx.server.server.storage, board.id)
    expect(new YKeyValue(recordsArray(stored)).get('shape:secret')).toBeUndefined()
    expect(await ctx.server.server.storage.listPrivateDocs(board.id)).toEqual([ada.voterId])
  })

  it('a stock client cannot name another person: the private doc follows its own voter token, and a forged one is refused', async () => {
    const board = await ctx.server.createBoard()
    const ada = await person(board, board.tokens.participant)
    ada.private.records.set('shape:secret', secretNote('shape:secret', 'Only Ada knows'))
    await waitFor(async () => (await ctx.server.server.storage.listPrivateDocs(board.id)).length === 1, { what: "Ada's note stored" })

    // Bo knows Ada's voter id (it keys her votes on the board) but not her token: any path, his own doc.
    const bo = await issueVoterVia(ctx.server.origin, board.id, board.tokens.participant)
    const sneaky = ctx.client(`${board.id}/private/${ada.voterId}`, board.tokens.participant, undefined, { voterToken: bo.voterToken })
    await waitFor(() => sneaky.closes.length > 0 || sneaky.denials.length > 0, { what: 'a made-up path refused' })
    const own = ctx.client(privateSyncRoom(board.id), board.tokens.participant, undefined, { voterToken: bo.voterToken })
    await waitFor(() => own.provider.synced, { what: "Bo's own private doc" })
    expect(own.records.get('shape:secret')).toBeUndefined()
    // Bo writes: it lands in his doc, Ada's is untouched.
    own.records.set('shape:secret', secretNote('shape:secret', 'Bo overwrites'))
    await waitFor(async () => (await ctx.server.server.storage.listPrivateDocs(board.id)).length === 2, { what: "Bo's doc stored" })
    expect((ada.private.records.get('shape:secret') as { props: { richText: unknown } }).props.richText).toEqual(secretNote('shape:secret', 'Only Ada knows').props.richText)

    // A voter token of her id with a forged signature is refused before any doc is chosen.
    const forged = ctx.client(privateSyncRoom(board.id), board.tokens.participant, undefined, { voterToken: `${ada.voterId}.${'A'.repeat(43)}` })
    await waitFor(() => forged.closes.length > 0, { what: 'a forged voter token refused' })
    expect(forged.closes[0]?.code).toBe(CloseCode.AUTH_DENIED)
    expect(forged.records.get('shape:secret')).toBeUndefined()
    // Without a voter token there is no person, so no private doc.
    const nobody = ctx.client(privateSyncRoom(board.id), board.tokens.participant)
    await waitFor(() => nobody.closes.length > 0, { what: 'no voter token refused' })
    expect(nobody.closes[0]?.code).toBe(CloseCode.AUTH_DENIED)
  })

  it('a viewer gets no private doc, even with a voter token of the board', async () => {
    const board = await ctx.server.createBoard()
    const voter = await issueVoterVia(ctx.server.origin, board.id, board.tokens.participant)
    const viewer = ctx.client(privateSyncRoom(board.id), board.tokens.viewer, undefined, { voterToken: voter.voterToken })
    await waitFor(() => viewer.closes.length > 0, { what: 'the viewer refused' })
    expect(viewer.closes[0]).toEqual({ code: CloseCode.FORBIDDEN, reason: 'Viewers have no private items' })
  })

  it("applies the board's rules: invalid records, board settings, pages and scaffolding are refused", async () => {
    const board = await ctx.server.createBoard()
    const refusedWith = async (write: (client: SyncClient) => void): Promise<{ code: number; reason: string }> => {
      const p = await person(board, board.tokens.participant)
      write(p.private)
      await waitFor(() => p.private.closes.length > 0, { what: 'the refusal' })
      return p.private.closes[0]!
    }
    expect((await refusedWith((c) => c.records.set('shape:bad', { ...secretNote('shape:bad', 'x'), type: 'no-such-shape' }))).code).toBe(CloseCode.INVALID_UPDATE)
    expect(await refusedWith((c) => facilitationMap(c.doc).set('privateMode', { on: false, since: 1 }))).toEqual({
      code: CloseCode.INVALID_UPDATE,
      reason: 'A private doc holds only shapes; settings and votes belong to the board',
    })
    expect((await refusedWith((c) => c.records.set('page:extra', { id: 'page:extra', typeName: 'page', name: 'x', index: 'a9', meta: {} }))).reason).toBe(
      'A private doc holds only shapes, their bindings and images',
    )
    expect((await refusedWith((c) => c.records.set('shape:lock', { ...secretNote('shape:lock', 'x'), isLocked: true, meta: { template: 'hmw', role: 'heading', scaffolding: true } }))).code).toBe(
      CloseCode.FACILITATOR_ONLY,
    )
  })

  it('refuses writes past the private size limit', async () => {
    const small = await startTestServer({ options: { maxPrivateDocBytes: 4096 } })
    try {
      const board = await small.createBoard()
      const { voterToken } = await issueVoterVia(small.origin, board.id, board.tokens.participant)
      const c = connectClient(small.syncUrl, privateSyncRoom(board.id), board.tokens.participant, { voterToken })
      try {
        await waitFor(() => c.provider.synced, { what: 'synced' })
        for (let i = 0; i < 40 && c.closes.length === 0; i++) {
          c.records.set(`shape:n${i}`, secretNote(`shape:n${i}`, 'x'.repeat(200)))
          await new Promise((done) => setImmediate(done))
        }
        await waitFor(() => c.closes.length > 0, { what: 'the size refusal' })
        expect(c.closes[0]?.code).toBe(CloseCode.BOARD_TOO_LARGE)
        expect(c.closes[0]?.reason).toMatch(/^Your private items have reached their maximum size/)
      } finally {
        c.destroy()
      }
    } finally {
      await small.dispose()
    }
  })
})

describe('counts and reveal', () => {
  it('shows the facilitator counts, never content, and only to the facilitator', async () => {
    const board = await ctx.server.createBoard()
    const ada = await person(board, board.tokens.participant)
    ada.board.provider.awareness.setLocalStateField('user', { id: 'ada', name: 'Ada', color: '#000' })
    ada.private.records.set('shape:a1', secretNote('shape:a1', 'Secret one'))
    ada.private.records.set('shape:a2', secretNote('shape:a2', 'Secret two', 600))
    await waitFor(async () => (await ctx.server.server.storage.listPrivateDocs(board.id)).length === 1, { what: 'stored' })

    const refused = await api(board, '/private/counts', board.tokens.participant)
    expect(refused.status).toBe(403)
    const res = await api(board, '/private/counts', board.tokens.facilitator)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toContain('Secret')
    await waitFor(async () => {
      const body = (await (await api(board, '/private/counts', board.tokens.facilitator)).json()) as PrivateCountsResponse
      return body.people.length === 1 && body.people[0]!.items === 2 && body.people[0]!.name === 'Ada'
    }, { what: 'two items, named by presence' })
  })

  it('reveal puts every private item on the board in one committed change with one history step, and empties the private docs', async () => {
    const board = await ctx.server.createBoard()
    const ada = await person(board, board.tokens.participant)
    const bo = await person(board, board.tokens.participant)
    const fac = await person(board, board.tokens.facilitator)
    facilitationMap(fac.board.doc).set('privateMode', { on: true, since: 1 })
    ada.private.records.set('shape:a1', secretNote('shape:a1', 'Ada idea', 111))
    bo.private.records.set('shape:b1', secretNote('shape:b1', 'Bo idea', 222))
    await waitFor(async () => (await ctx.server.server.storage.listPrivateDocs(board.id)).length === 2, { what: 'both stored' })
    const before = ((await (await api(board, '/snapshots', board.tokens.facilitator)).json()) as SnapshotListResponse).snapshots.length

    // Count the board's commits: the reveal is one.
    const storage = ctx.server.server.storage
    const seqBefore = (await storage.loadBoard(board.id))!.lastSeq
    const res = await api(board, '/private/reveal', board.tokens.facilitator, { method: 'POST', body: JSON.stringify({ author: 'Fac' }) })
    expect(res.status).toBe(200)
    expect((await res.json()) as RevealResponse).toEqual({ revealed: 2, people: 2 })
    expect((await storage.loadBoard(board.id))!.lastSeq).toBe(seqBefore + 1)

    // Everyone has both, at their authors' positions, and private mode is off.
    for (const c of [ada.board, bo.board, fac.board]) {
      await waitFor(() => c.records.get('shape:a1') && c.records.get('shape:b1'), { what: 'revealed items everywhere' })
      expect((c.records.get('shape:a1') as { x: number }).x).toBe(111 - 100)
      expect(facilitationMap(c.doc).get('privateMode')).toMatchObject({ on: false })
    }
    const stored = new YKeyValue(recordsArray(await storedDoc(storage, board.id)))
    expect(stored.get('shape:b1')).toBeTruthy()
    // One history step: the board as it was, kept before the reveal.
    const after = ((await (await api(board, '/snapshots', board.tokens.facilitator)).json()) as SnapshotListResponse).snapshots
    expect(after.length).toBe(before + 1)
    expect(after[0]).toMatchObject({ kind: 'before-reveal', author: 'Fac' })
    // The private docs let go of what was revealed.
    await waitFor(() => ada.private.records.get('shape:a1') === undefined && bo.private.records.get('shape:b1') === undefined, { what: 'private docs emptied' })
    const counts = (await (await api(board, '/private/counts', board.tokens.facilitator)).json()) as PrivateCountsResponse
    expect(counts.people).toEqual([])
    // A second reveal finds nothing: no change, no history step.
    await ctx.server.server.rooms.peek(board.id)?.settled()
    const seqAfter = (await storage.loadBoard(board.id))!.lastSeq
    const again = await api(board, '/private/reveal', board.tokens.facilitator, { method: 'POST', body: '{}' })
    expect((await again.json()) as RevealResponse).toEqual({ revealed: 0, people: 0 })
    expect(((await (await api(board, '/snapshots', board.tokens.facilitator)).json()) as SnapshotListResponse).snapshots.length).toBe(before + 1)
    expect((await storage.loadBoard(board.id))!.lastSeq).toBe(seqAfter)
    // Only a facilitator reveals.
    expect((await api(board, '/private/reveal', board.tokens.participant, { method: 'POST', body: '{}' })).status).toBe(403)
  })

  it('restoring a version of the board leaves private docs as they are', async () => {
    const board = await ctx.server.createBoard()
    const ada = await person(board, board.tokens.participant)
    const taken = await api(board, '/snapshots', board.tokens.facilitator, { method: 'POST', body: JSON.stringify({ name: 'Start' }) })
    expect(taken.status).toBe(201)
    const { id } = (await taken.json()) as { id: string }
    ada.private.records.set('shape:a1', secretNote('shape:a1', 'Ada idea'))
    await waitFor(async () => (await ctx.server.server.storage.listPrivateDocs(board.id)).length === 1, { what: 'stored' })

    expect((await api(board, `/snapshots/${id}/restore`, board.tokens.facilitator, { method: 'POST', body: '{}' })).status).toBe(200)
    expect(ada.private.records.get('shape:a1')).toBeTruthy()
    const counts = (await (await api(board, '/private/counts', board.tokens.facilitator)).json()) as PrivateCountsResponse
    expect(counts.people.map((p) => p.items)).toEqual([1])
    expect(ada.board.records.get('shape:a1')).toBeUndefined()
  })

  it('deleting a board deletes its private docs and closes their connections; the facilitator-only state stays the facilitator\'s', async () => {
    const board = await ctx.server.createBoard()
    const ada = await person(board, board.tokens.participant)
    facilitationMap(ada.board.doc).set('privateMode', { on: true, since: 1 })
    await waitFor(() => ada.board.closes.length > 0, { what: 'a participant turning private mode on refused' })
    expect(ada.board.closes[0]?.code).toBe(CloseCode.FACILITATOR_ONLY)

    ada.private.records.set('shape:a1', secretNote('shape:a1', 'Ada idea'))
    await waitFor(async () => (await ctx.server.server.storage.listPrivateDocs(board.id)).length === 1, { what: 'stored' })
    const res = await api(board, '', board.tokens.facilitator, { method: 'DELETE' })
    expect(res.status).toBe(204)
    await waitFor(() => ada.private.closes.some((c) => c.code === CloseCode.BOARD_NOT_FOUND), { what: 'the private connection closed' })
    expect(await ctx.server.server.storage.listPrivateDocs(board.id)).toEqual([])
    expect(await ctx.server.server.storage.loadPrivateDoc(board.id, ada.voterId)).toBeNull()
  })
})
