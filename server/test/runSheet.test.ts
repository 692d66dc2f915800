import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, facilitationMap, recordsArray } from '@whiteboard/shared'
import type { FanOutResponse, GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import type { GatheringRunSheetResponse } from '@whiteboard/shared/api/gatheringRunSheetApi'
import { parseCurrentStep } from '@whiteboard/shared/facilitation/currentStep'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { MAX_RUN_SHEET_STEPS, MAX_STEP_INSTRUCTION_LENGTH, MAX_STEP_TITLE_LENGTH } from '@whiteboard/shared/facilitation/facilitationLimits'
import { parseRunSheet, type RunSheet, type RunStep } from '@whiteboard/shared/facilitation/runSheet'
import { parseSummonRequest } from '@whiteboard/shared/facilitation/summonRequest'
import { parseTimerState } from '@whiteboard/shared/facilitation/timerState'
import { readTemplateMeta } from '@whiteboard/shared/templates/templateMeta'
import { storedDoc } from './storedDoc'
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

function connect(boardId: string, token: string): SyncClient {
  const client = connectClient(server.syncUrl, boardId, token)
  clients.push(client)
  return client
}

const step = (id: string, over: Partial<RunStep> = {}): RunStep => ({ id, title: `Steg ${id}`, instruction: 'Skriv lapper', minutes: 5, frame: null, ...over })

describe("a board's run sheet", () => {
  it('only a facilitator writes the run sheet and starts steps; a participant\'s stock client is refused and changes nothing', async () => {
    const board = await server.createBoard()
    const f = connect(board.id, board.tokens.facilitator)
    await waitFor(() => f.provider.synced, { what: 'sync' })
    const sheet: RunSheet = { steps: [step('a'), step('b')] }
    facilitationMap(f.doc).set(FacilitationKey.RUN_SHEET, sheet)
    const watcher = connect(board.id, board.tokens.viewer)
    await waitFor(() => watcher.provider.synced && parseRunSheet(facilitationMap(watcher.doc).get(FacilitationKey.RUN_SHEET)), { what: 'the sheet' })

    const attacks: [string, unknown][] = [
      [FacilitationKey.RUN_SHEET, { steps: [step('evil')] }],
      [FacilitationKey.RUN_STEP, { seq: 1, stepId: 'a', startedAt: Date.now() }],
    ]
    for (const [key, value] of attacks) {
      const p = connect(board.id, board.tokens.participant)
      await waitFor(() => p.provider.synced && facilitationMap(p.doc).has(FacilitationKey.RUN_SHEET), { what: 'sync' })
      facilitationMap(p.doc).set(key, value)
      await waitFor(() => p.closes.length > 0, { what: `refusal of ${key}` })
      expect(p.closes[0], key).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'Only a facilitator can control the timer, voting, summon, presenting and the run sheet' })
    }
    const deleter = connect(board.id, board.tokens.participant)
    await waitFor(() => deleter.provider.synced && facilitationMap(deleter.doc).has(FacilitationKey.RUN_SHEET), { what: 'sync' })
    facilitationMap(deleter.doc).delete(FacilitationKey.RUN_SHEET)
    await waitFor(() => deleter.closes.length > 0, { what: 'refusal of the deletion' })
    expect(deleter.closes[0]!.code).toBe(CloseCode.FACILITATOR_ONLY)

    // The facilitator's next write arrives after every refused one: had any got through, it would be stored before it.
    facilitationMap(f.doc).set(FacilitationKey.RUN_STEP, { seq: 1, stepId: 'b', startedAt: Date.now() })
    await waitFor(async () => parseCurrentStep(facilitationMap(await storedDoc(server.server.storage, board.id)).get(FacilitationKey.RUN_STEP)), { what: 'the start to be stored' })
    const stored = facilitationMap(await storedDoc(server.server.storage, board.id))
    expect(stored.get(FacilitationKey.RUN_SHEET)).toEqual(sheet)
    expect(parseCurrentStep(stored.get(FacilitationKey.RUN_STEP))?.stepId).toBe('b')
    expect(facilitationMap(watcher.doc).get(FacilitationKey.RUN_SHEET)).toEqual(sheet)
    expect(f.closes).toEqual([])
  })

  it('refuses a run sheet beyond its limits, even from a facilitator', async () => {
    const board = await server.createBoard()
    const oversized: [string, unknown][] = [
      ['too many steps', { steps: Array.from({ length: MAX_RUN_SHEET_STEPS + 1 }, (_, i) => step(`s${i}`)) }],
      ['title too long', { steps: [step('a', { title: 'x'.repeat(MAX_STEP_TITLE_LENGTH + 1) })] }],
      ['instruction too long', { steps: [step('a', { instruction: 'x'.repeat(MAX_STEP_INSTRUCTION_LENGTH + 1) })] }],
      ['timer too long', { steps: [step('a', { minutes: 100_000 })] }],
      ['unknown field', { steps: [step('a')], extra: 'x' }],
    ]
    for (const [name, value] of oversized) {
      const f = connect(board.id, board.tokens.facilitator)
      await waitFor(() => f.provider.synced, { what: 'sync' })
      facilitationMap(f.doc).set(FacilitationKey.RUN_SHEET, value)
      await waitFor(() => f.closes.length > 0, { what: `refusal: ${name}` })
      expect(f.closes[0], name).toEqual({ code: CloseCode.INVALID_UPDATE, reason: 'Refused an invalid value: facilitation.runSheet: not a valid value' })
    }
    expect(facilitationMap(await storedDoc(server.server.storage, board.id)).has(FacilitationKey.RUN_SHEET)).toBe(false)
  })
})

describe("a gathering's run sheet", () => {
  async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {}
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    return fetch(`${server.origin}/api/gatherings${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) })
  }

  it("writes the sheet to every team board and starts a step on each at once, each to its own frame of the step's template", async () => {
    const created = await api('', {
      method: 'POST',
      body: { title: 'Samling', date: '2026-03-12', teams: [{ name: 'Asker', template: 'empathy-map' }, { name: 'Bærum', template: 'empathy-map' }, { name: 'Lier', template: 'empathy-map' }] },
    })
    const g = (await created.json()) as GatheringResponse
    const token = g.facilitatorToken
    const open = connect(g.boards[0]!.id, g.boards[0]!.tokens.participant)
    await waitFor(() => open.provider.synced, { what: 'sync' })

    const empty = (await (await api(`/${g.id}/run-sheet`, { token })).json()) as GatheringRunSheetResponse
    expect(empty.sheet).toEqual({ steps: [] })
    expect(empty.frames.map((f) => f.template)).toEqual(['empathy-map'])

    const sheet: RunSheet = { steps: [step('intro', { minutes: 0 }), step('map', { minutes: 7, frame: { shapeId: null, template: 'empathy-map' } })] }
    const put = (await (await api(`/${g.id}/run-sheet`, { method: 'PUT', token, body: sheet })).json()) as FanOutResponse
    expect(put.boards.map((b) => b.ok)).toEqual([true, true, true])
    expect(((await (await api(`/${g.id}/run-sheet`, { token })).json()) as GatheringRunSheetResponse).sheet).toEqual(sheet)

    const started = (await (await api(`/${g.id}/run-sheet/start`, { method: 'POST', token, body: { stepId: 'map' } })).json()) as FanOutResponse
    expect(started.boards.map((b) => b.ok)).toEqual([true, true, true])
    const state = facilitationMap(open.doc)
    await waitFor(() => parseCurrentStep(state.get(FacilitationKey.RUN_STEP))?.stepId === 'map', { what: 'the step on the open board' })
    expect(parseTimerState(state.get(FacilitationKey.TIMER))).toMatchObject({ status: 'running', durationMs: 7 * 60_000 })
    for (const team of g.boards) {
      const doc = await storedDoc(server.server.storage, team.id)
      const stored = facilitationMap(doc)
      expect(stored.get(FacilitationKey.RUN_SHEET)).toEqual(sheet)
      expect(parseTimerState(stored.get(FacilitationKey.TIMER))?.status).toBe('running')
      const summon = parseSummonRequest(stored.get(FacilitationKey.SUMMON))!
      // Each board's own frame of the template.
      const frame = recordsArray(doc)
        .toArray()
        .map((e) => e.val as { type?: string; x: number; y: number; meta?: unknown })
        .find((v) => v.type === 'frame' && readTemplateMeta(v.meta)?.template === 'empathy-map')!
      expect(summon.bounds).toMatchObject({ x: frame.x, y: frame.y })
    }
    const read = (await (await api(`/${g.id}/run-sheet`, { token })).json()) as GatheringRunSheetResponse
    expect(read.current?.stepId).toBe('map')

    expect((await api(`/${g.id}/run-sheet/start`, { method: 'POST', token, body: { stepId: 'nope' } })).status).toBe(404)
    expect((await api(`/${g.id}/run-sheet`, { method: 'PUT', token, body: { steps: [step('a', { title: 'x'.repeat(MAX_STEP_TITLE_LENGTH + 1) })] } })).status).toBe(400)
    expect((await api(`/${g.id}/run-sheet`, { method: 'PUT', token: g.boards[0]!.tokens.facilitator, body: sheet })).status).toBe(403)
    expect((await api(`/${g.id}/run-sheet/start`, { method: 'POST', body: { stepId: 'map' } })).status).toBe(401)
  })
})
