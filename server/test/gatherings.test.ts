import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, facilitationMap, MAX_DISPLAY_NAME_LENGTH, type BoardInfoResponse } from '@whiteboard/shared'
import type { BroadcastResponse, FanOutResponse, GatheringListResponse, GatheringResponse, GatheringStatusResponse, PeekResponse } from '@whiteboard/shared/api/gatheringsApi'
import { MAX_GATHERING_TEAMS } from '@whiteboard/shared/api/gatheringsApi'
import { BROADCAST_SHOWN_MS, broadcastShownUntil, parseBroadcastMessage } from '@whiteboard/shared/facilitation/broadcastMessage'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseSummonRequest } from '@whiteboard/shared/facilitation/summonRequest'
import { parseTimerState } from '@whiteboard/shared/facilitation/timerState'
import { OVERVIEW_SUMMONER } from '../src/gatherings/summonToContentChange'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let server: TestServer
const clients: SyncClient[] = []

beforeAll(async () => {
  server = await startTestServer()
})
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
})
afterAll(async () => {
  await server.dispose()
})

function api(path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${server.origin}/api/gatherings${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })
}

async function createGathering(body: Record<string, unknown> = {}): Promise<GatheringResponse> {
  const res = await api('', {
    method: 'POST',
    body: {
      title: 'Kommuneinkubator samling 3',
      date: '2026-03-12',
      teams: [{ name: 'Asker', template: 'empathy-map' }, { name: 'Bærum', template: 'stakeholder-map' }, { name: 'Lier' }],
      ...body,
    },
  })
  expect(res.status).toBe(201)
  return (await res.json()) as GatheringResponse
}

function connect(board: GatheringResponse['boards'][number], role: 'facilitator' | 'participant' | 'viewer' = 'participant'): SyncClient {
  const client = connectClient(server.syncUrl, board.id, board.tokens[role])
  clients.push(client)
  return client
}

async function boardInfo(boardId: string, token: string): Promise<Response> {
  return fetch(`${server.origin}/api/boards/${boardId}`, { headers: { authorization: `Bearer ${token}` } })
}

describe('creating a gathering', () => {
  it('creates the team boards from their templates and answers with every link', async () => {
    const g = await createGathering()
    expect(g).toMatchObject({ title: 'Kommuneinkubator samling 3', date: '2026-03-12', lang: 'nb', allowPeek: false, archived: false })
    expect(g.facilitatorToken.startsWith(`gathering.${g.id}.`)).toBe(true)
    expect(g.overviewLink).toBe(`${server.origin}/g/${g.id}#token=${encodeURIComponent(g.facilitatorToken)}`)
    expect(g.boards.map((b) => b.name)).toEqual(['Asker', 'Bærum', 'Lier'])
    for (const board of g.boards) {
      expect(board.links.participant).toBe(`${server.origin}/b/${board.id}#token=${encodeURIComponent(board.tokens.participant)}`)
      const info = (await (await boardInfo(board.id, board.tokens.participant)).json()) as BoardInfoResponse
      expect(info).toMatchObject({ title: board.name, role: 'participant' })
      expect(info.gathering).toEqual({ id: g.id, title: g.title, teams: g.boards.map((b) => ({ boardId: b.id, name: b.name })), allowPeek: false })
    }
    // Built on the server: the template's shapes are in the stored board before anyone opens it.
    const [asker, , lier] = g.boards
    const a = connect(asker!)
    const l = connect(lier!)
    await waitFor(() => a.provider.synced && l.provider.synced, { what: 'sync' })
    expect(a.shapeIds().length).toBeGreaterThan(3)
    expect(l.shapeIds()).toEqual([])
    expect(await server.server.storage.getBoardMeta(asker!.id)).toMatchObject({ templates: ['empathy-map'] })
  })

  it('refuses bodies it cannot use, with a reason', async () => {
    const cases: Record<string, unknown>[] = [
      { teams: [] },
      { teams: Array.from({ length: MAX_GATHERING_TEAMS + 1 }, (_, i) => ({ name: `T${i}` })) },
      { teams: [{ name: '   ' }] },
      { teams: [{ name: 'x'.repeat(101) }] },
      { date: '12.03.2026' },
      { title: '' },
      { colour: 'red' },
      { teams: [{ name: 'A', templat: 'persona' }] },
    ]
    for (const extra of cases) {
      const res = await api('', { method: 'POST', body: { title: 'T', date: '2026-03-12', teams: [{ name: 'A' }], ...extra } })
      expect(res.status, JSON.stringify(extra)).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'invalid_body', message: expect.stringContaining('not valid') })
    }
    const unknown = await api('', { method: 'POST', body: { title: 'T', date: '2026-03-12', teams: [{ name: 'A' }, { name: 'B', template: 'no-such' }] } })
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toMatchObject({ error: 'unknown_template', message: 'There is no template called "no-such"' })
  })
})

describe('who may do what', () => {
  it('lets only the gathering facilitator token read, change and delete; board tokens get 403', async () => {
    const g = await createGathering()
    const other = await createGathering({ title: 'Annen samling' })
    expect((await api(`/${g.id}`, { token: g.facilitatorToken })).status).toBe(200)
    expect((await api(`/${g.id}?token=${encodeURIComponent(g.facilitatorToken)}`)).status).toBe(200)

    const board = g.boards[0]!
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      for (const [method, path, body] of [
        ['GET', `/${g.id}`, undefined],
        ['PATCH', `/${g.id}`, { title: 'Hijacked' }],
        ['DELETE', `/${g.id}`, undefined],
        ['GET', `/${g.id}/status`, undefined],
        ['POST', `/${g.id}/broadcast`, { message: 'hei' }],
        ['DELETE', `/${g.id}/boards/${board.id}`, undefined],
      ] as const) {
        const res = await api(path, { method, token: board.tokens[role], body })
        expect(res.status, `${role} ${method} ${path}`).toBe(403)
        expect(await res.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining("gathering's facilitator link") })
      }
    }
    expect((await api(`/${g.id}`)).status).toBe(401)
    expect((await api(`/${g.id}`, { token: other.facilitatorToken })).status).toBe(401)
    const forged = g.facilitatorToken.slice(0, -4) + (g.facilitatorToken.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expect((await api(`/${g.id}`, { token: forged })).status).toBe(401)
    expect((await api(`/${g.id}`, { token: 'gathering.x.y' })).status).toBe(401)
    expect((await api('/not-an-id', { token: g.facilitatorToken })).status).toBe(400)

    // Nothing changed and nothing was deleted.
    const after = (await (await api(`/${g.id}`, { token: g.facilitatorToken })).json()) as GatheringResponse
    expect(after.title).toBe(g.title)
    expect(after.boards).toHaveLength(3)
    expect(await server.server.storage.getBoardMeta(board.id)).not.toBeNull()
  })

  it('lists only the gatherings whose tokens are given; a participant token cannot list', async () => {
    const a = await createGathering({ title: 'A', date: '2026-01-10' })
    const b = await createGathering({ title: 'B', date: '2026-02-10' })
    const listed = await api('', { headers: { 'x-gathering-tokens': `${a.facilitatorToken}, ${b.facilitatorToken}` } })
    expect(listed.status).toBe(200)
    const body = (await listed.json()) as GatheringListResponse
    expect(body.gatherings.map((g) => g.title)).toEqual(['B', 'A'])
    expect(body.gatherings[0]).toEqual({ id: b.id, title: 'B', date: '2026-02-10', archived: false, teamCount: 3, overviewLink: b.overviewLink })

    const one = (await (await api('', { token: a.facilitatorToken })).json()) as GatheringListResponse
    expect(one.gatherings.map((g) => g.id)).toEqual([a.id])

    const participant = await api('', { token: a.boards[0]!.tokens.participant })
    expect(participant.status).toBe(403)
    expect(((await participant.json()) as { message: string }).message).toMatch(/cannot list/)
    expect((await api('', { headers: { 'x-gathering-tokens': a.boards[0]!.tokens.facilitator } })).status).toBe(403)
    expect((await api('')).status).toBe(401)
    expect((await api('', { headers: { 'x-gathering-tokens': 'gathering.AAAAAAAAAAAAAAAAAAAAAA.' + 'A'.repeat(43) } })).status).toBe(401)
    const tooMany = Array.from({ length: 101 }, () => a.facilitatorToken).join(',')
    expect((await api('', { headers: { 'x-gathering-tokens': tooMany } })).status).toBe(400)
  })
})

describe('changing a gathering', () => {
  it('renames, archives and allows peeking; renames, archives, adds and deletes team boards', async () => {
    const g = await createGathering()
    const token = g.facilitatorToken
    const patched = await api(`/${g.id}`, { method: 'PATCH', token, body: { title: 'Samling 3 (flyttet)', date: '2026-03-19', allowPeek: true } })
    expect(patched.status).toBe(200)
    expect(await patched.json()).toMatchObject({ title: 'Samling 3 (flyttet)', date: '2026-03-19', allowPeek: true })
    expect((await api(`/${g.id}`, { method: 'PATCH', token, body: {} })).status).toBe(400)
    expect((await api(`/${g.id}`, { method: 'PATCH', token, body: { archived: 'yes' } })).status).toBe(400)

    const [asker, baerum, lier] = g.boards
    const renamed = await api(`/${g.id}/boards/${asker!.id}`, { method: 'PATCH', token, body: { name: 'Asker kommune' } })
    expect(renamed.status).toBe(200)
    expect(((await (await boardInfo(asker!.id, asker!.tokens.viewer)).json()) as BoardInfoResponse).title).toBe('Asker kommune')
    const archived = (await (await api(`/${g.id}/boards/${baerum!.id}`, { method: 'PATCH', token, body: { archived: true } })).json()) as GatheringResponse
    expect(archived.boards.map((b) => [b.name, b.archived])).toEqual([
      ['Asker kommune', false],
      ['Bærum', true],
      ['Lier', false],
    ])
    // Participants no longer see an archived team.
    const info = (await (await boardInfo(lier!.id, lier!.tokens.participant)).json()) as BoardInfoResponse
    expect(info.gathering?.teams.map((t) => t.name)).toEqual(['Asker kommune', 'Lier'])
    expect((await api(`/${g.id}/boards/AAAAAAAAAAAAAAAAAAAAAA`, { method: 'PATCH', token, body: { name: 'x' } })).status).toBe(404)

    const added = await api(`/${g.id}/boards`, { method: 'POST', token, body: { name: 'Drammen', template: 'persona' } })
    expect(added.status).toBe(201)
    const withDrammen = (await added.json()) as GatheringResponse
    expect(withDrammen.boards.map((b) => b.name)).toEqual(['Asker kommune', 'Bærum', 'Lier', 'Drammen'])

    const del = await api(`/${g.id}/boards/${lier!.id}`, { method: 'DELETE', token })
    expect(del.status).toBe(204)
    expect(await server.server.storage.getBoardMeta(lier!.id)).toBeNull()
    expect((await boardInfo(lier!.id, lier!.tokens.participant)).status).toBe(404)
    const left = (await (await api(`/${g.id}`, { token })).json()) as GatheringResponse
    expect(left.boards.map((b) => b.name)).toEqual(['Asker kommune', 'Bærum', 'Drammen'])
  })

  it('deletes the gathering with all data of its boards, assets and snapshots included, and closes who is on them', async () => {
    const g = await createGathering()
    const storage = server.server.storage
    const [first, second] = g.boards
    await storage.putAsset(first!.id, 'photo', { contentType: 'image/png', data: new Uint8Array([1, 2, 3]) })
    const snap = await storage.putSnapshot(second!.id, { label: 'Før pausen', author: 'Kari', kind: 'manual' }, new Uint8Array([0, 0]))
    const someone = connect(first!)
    await waitFor(() => someone.provider.synced, { what: 'sync' })
    someone.records.set('shape:rect1', rectangle(1))
    await waitFor(async () => ((await storage.loadBoard(first!.id))?.lastSeq ?? 0) > 0, { what: 'the edit to be stored' })

    const del = await api(`/${g.id}`, { method: 'DELETE', token: g.facilitatorToken })
    expect(del.status).toBe(204)
    await waitFor(() => someone.closes.some((c) => c.code === CloseCode.BOARD_NOT_FOUND), { what: 'the participant to be closed' })
    for (const board of g.boards) {
      expect(await storage.getBoardMeta(board.id)).toBeNull()
      expect(await storage.loadBoard(board.id)).toBeNull()
      expect((await boardInfo(board.id, board.tokens.facilitator)).status).toBe(404)
    }
    expect(await storage.getAsset(first!.id, 'photo')).toBeNull()
    expect(await storage.getSnapshot(second!.id, snap.id)).toBeNull()
    expect(await storage.listSnapshots(second!.id)).toEqual([])
    expect(await storage.getGathering(g.id)).toBeNull()
    expect((await api(`/${g.id}`, { token: g.facilitatorToken })).status).toBe(404)
    // A reconnect finds nothing: the board does not come back.
    expect(await storage.getBoardMeta(first!.id)).toBeNull()
  })
})

describe('peeking at the other teams', () => {
  it('gives viewer links of the other boards only when the facilitator allows it', async () => {
    const g = await createGathering()
    const [mine, theirs, third] = g.boards
    const peek = (board = mine!, token = mine!.tokens.participant) => api(`/${g.id}/peek?board=${board.id}`, { token })
    const refused = await peek()
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ error: 'peek_not_allowed' })

    await api(`/${g.id}`, { method: 'PATCH', token: g.facilitatorToken, body: { allowPeek: true } })
    const res = await peek()
    expect(res.status).toBe(200)
    const body = (await res.json()) as PeekResponse
    expect(body.teams.map((t) => t.boardId)).toEqual([theirs!.id, third!.id])
    const viewerToken = decodeURIComponent(body.teams[0]!.link.split('#token=')[1]!)
    const info = (await (await boardInfo(theirs!.id, viewerToken)).json()) as BoardInfoResponse
    expect(info.role).toBe('viewer')
    expect(((await (await boardInfo(mine!.id, mine!.tokens.participant)).json()) as BoardInfoResponse).gathering?.allowPeek).toBe(true)

    // Another board's token, a forged one, or a board outside the gathering do not open it.
    expect((await peek(mine, theirs!.tokens.participant)).status).toBe(401)
    expect((await peek(mine, 'participant.' + 'A'.repeat(43))).status).toBe(401)
    const outsider = await server.createBoard()
    expect((await api(`/${g.id}/peek?board=${outsider.id}`, { token: outsider.tokens.participant })).status).toBe(404)
    expect((await api(`/${g.id}/peek`, { token: mine!.tokens.participant })).status).toBe(400)

    await api(`/${g.id}`, { method: 'PATCH', token: g.facilitatorToken, body: { archived: true } })
    expect((await peek()).status).toBe(403)
  })
})

describe('steering every board from the overview', () => {
  it('broadcasts a message and a timer to every active board, loaded or not, committed before anyone sees it', async () => {
    const g = await createGathering()
    const [open, closed, archived] = g.boards
    await api(`/${g.id}/boards/${archived!.id}`, { method: 'PATCH', token: g.facilitatorToken, body: { archived: true } })
    const participant = connect(open!)
    await waitFor(() => participant.provider.synced, { what: 'sync' })

    const before = Date.now()
    const res = await api(`/${g.id}/broadcast`, { method: 'POST', token: g.facilitatorToken, body: { message: '  Tilbake i plenum om 5 minutter  ', timerMinutes: 5 } })
    expect(res.status).toBe(200)
    expect(((await res.json()) as FanOutResponse).boards).toEqual([
      { boardId: open!.id, ok: true },
      { boardId: closed!.id, ok: true },
    ])
    const state = facilitationMap(participant.doc)
    await waitFor(() => parseBroadcastMessage(state.get(FacilitationKey.BROADCAST)), { what: 'the broadcast on the open board' })
    expect(parseBroadcastMessage(state.get(FacilitationKey.BROADCAST))).toMatchObject({ seq: 1, text: 'Tilbake i plenum om 5 minutter' })
    const timer = parseTimerState(state.get(FacilitationKey.TIMER))
    expect(timer?.status).toBe('running')
    if (timer?.status === 'running') expect(timer.endsAt).toBeGreaterThanOrEqual(before + 5 * 60_000)

    // The board nobody had open got it in storage; the archived one did not.
    const late = connect(closed!)
    await waitFor(() => late.provider.synced, { what: 'sync' })
    expect(parseBroadcastMessage(facilitationMap(late.doc).get(FacilitationKey.BROADCAST))?.text).toBe('Tilbake i plenum om 5 minutter')
    const skipped = connect(archived!)
    await waitFor(() => skipped.provider.synced, { what: 'sync' })
    expect(facilitationMap(skipped.doc).get(FacilitationKey.BROADCAST)).toBeUndefined()

    // A second broadcast counts on, so a banner someone dismissed comes back for it.
    await api(`/${g.id}/broadcast`, { method: 'POST', token: g.facilitatorToken, body: { message: 'Pause' } })
    await waitFor(() => parseBroadcastMessage(state.get(FacilitationKey.BROADCAST))?.seq === 2, { what: 'the second broadcast' })

    for (const body of [{}, { message: '' }, { message: 'x'.repeat(501) }, { timerMinutes: 0 }, { timerMinutes: 181 }, { message: 'hi', extra: 1 }]) {
      expect((await api(`/${g.id}/broadcast`, { method: 'POST', token: g.facilitatorToken, body })).status, JSON.stringify(body)).toBe(400)
    }
  })

  it('answers when a message was sent and until when it shows, withdraws it and stops the timer on every board', async () => {
    const g = await createGathering()
    const [open, closed] = g.boards
    const participant = connect(open!)
    await waitFor(() => participant.provider.synced, { what: 'sync' })
    const state = facilitationMap(participant.doc)

    const sent = (await (await api(`/${g.id}/broadcast`, { method: 'POST', token: g.facilitatorToken, body: { message: 'Pause', timerMinutes: 10 } })).json()) as BroadcastResponse
    expect(sent.shownUntil).toBe(sent.at + BROADCAST_SHOWN_MS)
    const message = await waitFor(() => parseBroadcastMessage(state.get(FacilitationKey.BROADCAST)), { what: 'the broadcast' })
    expect(message.at).toBe(sent.at)
    // Late joiners: the message shows until then on the server's clock, and no longer.
    expect(broadcastShownUntil(message)).toBe(sent.shownUntil)
    await waitFor(() => parseTimerState(state.get(FacilitationKey.TIMER))?.status === 'running', { what: 'the timer' })
    // A timer alone has no message to stop showing.
    const timerOnly = (await (await api(`/${g.id}/broadcast`, { method: 'POST', token: g.facilitatorToken, body: { timerMinutes: 3 } })).json()) as BroadcastResponse
    expect(timerOnly.shownUntil).toBeUndefined()

    const withdrawn = await api(`/${g.id}/broadcast`, { method: 'DELETE', token: g.facilitatorToken })
    expect(withdrawn.status).toBe(200)
    expect(((await withdrawn.json()) as FanOutResponse).boards.every((b) => b.ok)).toBe(true)
    await waitFor(() => parseBroadcastMessage(state.get(FacilitationKey.BROADCAST))?.withdrawn === true, { what: 'the withdrawal' })
    expect(parseBroadcastMessage(state.get(FacilitationKey.BROADCAST))).toMatchObject({ seq: 1, text: 'Pause', withdrawn: true })
    expect(broadcastShownUntil(parseBroadcastMessage(state.get(FacilitationKey.BROADCAST))!)).toBeUndefined()
    // The board nobody had open has it withdrawn in storage.
    const late = connect(closed!)
    await waitFor(() => late.provider.synced, { what: 'sync' })
    expect(parseBroadcastMessage(facilitationMap(late.doc).get(FacilitationKey.BROADCAST))?.withdrawn).toBe(true)
    // The next message counts on from the withdrawn one and shows again.
    await api(`/${g.id}/broadcast`, { method: 'POST', token: g.facilitatorToken, body: { message: 'Tilbake' } })
    await waitFor(() => parseBroadcastMessage(state.get(FacilitationKey.BROADCAST))?.seq === 2, { what: 'the next broadcast' })
    expect(parseBroadcastMessage(state.get(FacilitationKey.BROADCAST))?.withdrawn).toBeUndefined()

    const stopped = await api(`/${g.id}/timer`, { method: 'DELETE', token: g.facilitatorToken })
    expect(stopped.status).toBe(200)
    await waitFor(() => parseTimerState(state.get(FacilitationKey.TIMER))?.status === 'idle', { what: 'the stopped timer' })
    expect(parseTimerState(state.get(FacilitationKey.TIMER))).toEqual({ status: 'idle', durationMs: 3 * 60_000 })
    expect(parseTimerState(facilitationMap(late.doc).get(FacilitationKey.TIMER))?.status).toBe('idle')

    // Only the gathering's facilitator may.
    for (const path of [`/${g.id}/broadcast`, `/${g.id}/timer`]) {
      expect((await api(path, { method: 'DELETE', token: open!.tokens.facilitator })).status).toBe(403)
      expect((await api(path, { method: 'DELETE' })).status).toBe(401)
    }
  })

  it('summons everyone on one board to its content', async () => {
    const g = await createGathering()
    const board = g.boards[0]!
    const participant = connect(board)
    await waitFor(() => participant.provider.synced, { what: 'sync' })
    const res = await api(`/${g.id}/boards/${board.id}/summon`, { method: 'POST', token: g.facilitatorToken })
    expect(res.status).toBe(200)
    const summon = await waitFor(() => parseSummonRequest(facilitationMap(participant.doc).get(FacilitationKey.SUMMON)), { what: 'the summon' })
    expect(summon).toMatchObject({ seq: 1, by: OVERVIEW_SUMMONER, pageId: 'page:page' })
    expect(summon.bounds.w).toBeGreaterThan(100)
    expect((await api(`/${g.id}/boards/${board.id}/summon`, { method: 'POST', token: board.tokens.facilitator })).status).toBe(403)
  })

  it('reports the people on each board and its last change', async () => {
    const g = await createGathering()
    const [busy, quiet] = g.boards
    const status = async () => (await (await api(`/${g.id}/status`, { token: g.facilitatorToken })).json()) as GatheringStatusResponse
    expect((await status()).boards.map((b) => [b.people, b.lastActivity])).toEqual([
      [0, null],
      [0, null],
      [0, null],
    ])
    const kari = connect(busy!)
    const kariAgain = connect(busy!)
    const ola = connect(busy!)
    const watcher = connect(quiet!, 'viewer')
    watcher.provider.awareness.setLocalState(null)
    kari.provider.awareness.setLocalStateField('user', { id: 'kari', name: 'Kari', color: '#123456', role: 'participant' })
    // The same person in a second tab counts once.
    kariAgain.provider.awareness.setLocalStateField('user', { id: 'kari', name: 'Kari', color: '#123456', role: 'participant' })
    ola.provider.awareness.setLocalStateField('user', { id: 'ola', name: 'Ola', color: '#654321', role: 'participant' })
    await waitFor(async () => (await status()).boards[0]!.people === 2, { what: 'two people on the busy board' })
    const beforeEdit = Date.now()
    kari.records.set('shape:rect7', rectangle(7))
    const changed = await waitFor(async () => (await status()).boards[0]!.lastActivity, { what: 'the last change' })
    expect(changed).toBeGreaterThanOrEqual(beforeEdit)
    // A broadcast is not the teams' work: it does not count as a change.
    await api(`/${g.id}/broadcast`, { method: 'POST', token: g.facilitatorToken, body: { message: 'Pause' } })
    await waitFor(() => facilitationMap(watcher.doc).get(FacilitationKey.BROADCAST), { what: 'the broadcast on the quiet board' })
    const now = await status()
    expect(now.boards[1]).toEqual({ boardId: quiet!.id, people: 0, looking: 0, names: [], lastActivity: null })
    expect(now.boards[0]!.lastActivity).toBe(changed)
    expect(now.boards[0]!.names).toEqual([
      { name: 'Kari', looking: false },
      { name: 'Ola', looking: false },
    ])

    // The last change outlives the room: everyone leaves, the room unloads, the time stays.
    for (const c of clients.splice(0)) c.destroy()
    await waitFor(() => server.server.rooms.peek(busy!.id) === undefined, { what: 'the room to unload' })
    expect((await status()).boards[0]).toEqual({ boardId: busy!.id, people: 0, looking: 0, names: [], lastActivity: changed })
  })

  it("names the people on each board and counts someone looking on read-only apart from the team's own", async () => {
    const g = await createGathering({ allowPeek: true })
    const [asker, baerum] = g.boards
    const status = async () => (await (await api(`/${g.id}/status`, { token: g.facilitatorToken })).json()) as GatheringStatusResponse
    const kari = connect(asker!)
    kari.provider.awareness.setLocalStateField('user', { id: 'kari', name: 'Kari', color: '#123456', role: 'participant' })
    // Per peeks from Bærum: the peek list gives him Asker's viewer link. He claims to be a facilitator; the server knows better.
    const peekLinks = (await (await fetch(`${server.origin}/api/gatherings/${g.id}/peek?board=${baerum!.id}`, { headers: { authorization: `Bearer ${baerum!.tokens.participant}` } })).json()) as PeekResponse
    const askerLink = new URL(peekLinks.teams.find((t) => t.boardId === asker!.id)!.link)
    const per = connectClient(server.syncUrl, asker!.id, new URLSearchParams(askerLink.hash.slice(1)).get('token')!)
    clients.push(per)
    per.provider.awareness.setLocalStateField('user', { id: 'per', name: 'Per', color: '#654321', role: 'facilitator' })
    // A name longer than anyone's is cut to the display-name limit.
    const long = connect(asker!)
    long.provider.awareness.setLocalStateField('user', { id: 'long', name: 'Z'.repeat(500), color: '#111111', role: 'participant' })
    await waitFor(async () => (await status()).boards[0]!.names.length === 3, { what: 'three people on Asker' })
    const board = (await status()).boards[0]!
    expect(board.people).toBe(2)
    expect(board.looking).toBe(1)
    expect(board.names).toEqual([
      { name: 'Kari', looking: false },
      { name: 'Z'.repeat(MAX_DISPLAY_NAME_LENGTH), looking: false },
      { name: 'Per', looking: true },
    ])
  })
})
