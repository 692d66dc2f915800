import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { metaMap, MetaKey, type BoardInfoResponse } from '@whiteboard/shared'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { connectClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server.dispose()
})

function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = {}
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${server.origin}/api/gatherings${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) })
}

/** The words of every record on a team board, as a stock client sees them. */
async function boardTexts(board: { id: string; tokens: { participant: string } }): Promise<{ lang: unknown; texts: string }> {
  const client = connectClient(server.syncUrl, board.id, board.tokens.participant)
  try {
    await waitFor(() => client.provider.synced && client.records.map.size > 2, { what: 'the team board' })
    return { lang: metaMap(client.doc).get(MetaKey.LANG), texts: JSON.stringify([...client.records.map.values()].map((e) => e.val)) }
  } finally {
    client.destroy()
  }
}

describe('a gathering in nynorsk', () => {
  it("makes every team board in nynorsk, the ones added later too, and keeps lang 'nn'", async () => {
    const created = await api('', {
      method: 'POST',
      body: { title: 'Kommunesamling', date: '2026-03-12', lang: 'nn', teams: [{ name: 'Volda', template: 'service-journey' }] },
    })
    expect(created.status).toBe(201)
    const g = (await created.json()) as GatheringResponse
    expect(g.lang).toBe('nn')
    const read = (await (await api(`/${g.id}`, { token: g.facilitatorToken })).json()) as GatheringResponse
    expect(read.lang).toBe('nn')

    const volda = g.boards[0]!
    const info = (await (await fetch(`${server.origin}/api/boards/${volda.id}`, { headers: { authorization: `Bearer ${volda.tokens.participant}` } })).json()) as BoardInfoResponse
    expect(info.lang).toBe('nn')
    const first = await boardTexts(volda)
    expect(first.lang).toBe('nn')
    for (const nynorsk of ['Tenestereise', 'Kontaktpunkt og kanalar', 'Tankar og kjensler', 'Moglegheiter']) expect(first.texts).toContain(nynorsk)
    expect(first.texts).not.toContain('Muligheter')

    const added = await api(`/${g.id}/boards`, { method: 'POST', token: g.facilitatorToken, body: { name: 'Ørsta', template: 'empathy-map' } })
    expect(added.status).toBe(201)
    const after = (await (await api(`/${g.id}`, { token: g.facilitatorToken })).json()) as GatheringResponse
    const orsta = after.boards.find((b) => b.name === 'Ørsta')!
    const second = await boardTexts(orsta)
    expect(second.lang).toBe('nn')
    expect(second.texts).toContain('Kjenner')
    expect(second.texts).not.toContain('Føler')
  })

  it('refuses a language it does not have, with a readable message', async () => {
    const res = await api('', { method: 'POST', body: { title: 'Samling', date: '2026-03-12', lang: 'nn-NO', teams: [{ name: 'A' }] } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).not.toMatch(/at .*\.ts|node_modules/)
  })
})
