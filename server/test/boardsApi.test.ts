import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, isBoardId, MAX_JSON_BODY_BYTES, metaMap, MetaKey, recordsArray, type BoardInfoResponse, type CreateBoardResponse } from '@whiteboard/shared'
import { checkRecord } from '@whiteboard/shared/board/recordGuard'
import { rectangle } from './records'
import { connectClient } from './syncClient'
import { waitFor } from './waitFor'
import { startTestServer, type TestServer } from './testServer'

let server: TestServer
let distDir: string

beforeAll(async () => {
  distDir = mkdtempSync(join(tmpdir(), 'wb-dist-'))
  mkdirSync(join(distDir, 'assets'))
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>app</title>')
  writeFileSync(join(distDir, 'assets', 'app-123.js'), 'console.log(1)')
  server = await startTestServer({
    options: {
      clientDistDir: distDir,
      templates: { resolve: (id) => (id === 'two-rects' ? { id, records: [rectangle(1), rectangle(2)] } : null) },
    },
  })
})

afterAll(async () => {
  await server.dispose()
  rmSync(distDir, { recursive: true, force: true })
})

function post(body: string, contentType = 'application/json'): Promise<Response> {
  return fetch(`${server.origin}/api/boards`, { method: 'POST', headers: { 'content-type': contentType }, body })
}

function info(id: string, token?: string, how: 'header' | 'query' = 'header'): Promise<Response> {
  if (token !== undefined && how === 'query') return fetch(`${server.origin}/api/boards/${id}?token=${encodeURIComponent(token)}`)
  return fetch(`${server.origin}/api/boards/${id}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } })
}

describe('POST /api/boards', () => {
  it('creates a board and answers 201 with links and tokens for the three roles', async () => {
    const res = await post(JSON.stringify({ title: '  Ungdomsmedvirkning  ', lang: 'nb' }))
    expect(res.status).toBe(201)
    const body = (await res.json()) as CreateBoardResponse
    expect(Object.keys(body).sort()).toEqual(['id', 'links', 'title', 'tokens'])
    expect(isBoardId(body.id)).toBe(true)
    expect(body.title).toBe('Ungdomsmedvirkning')
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      expect(body.tokens[role].startsWith(`${role}.`)).toBe(true)
      expect(body.links[role]).toBe(`${server.origin}/b/${body.id}#token=${encodeURIComponent(body.tokens[role])}`)
    }
    expect(new Set(Object.values(body.tokens)).size).toBe(3)
  })

  it('gives each board a fresh unguessable id and a default title', async () => {
    const a = (await (await post('{}')).json()) as CreateBoardResponse
    const b = (await (await fetch(`${server.origin}/api/boards`, { method: 'POST' })).json()) as CreateBoardResponse
    expect(a.id).not.toBe(b.id)
    expect(a.title).toBe('Uten tittel')
    const en = (await (await post(JSON.stringify({ lang: 'en' }))).json()) as CreateBoardResponse
    expect(en.title).toBe('Untitled')
  })

  it('uses PUBLIC_URL for links when configured', async () => {
    const other = await startTestServer({ env: { PUBLIC_URL: 'https://tavle.example.no/' } })
    try {
      const body = (await (await fetch(`${other.origin}/api/boards`, { method: 'POST' })).json()) as CreateBoardResponse
      expect(body.links.viewer.startsWith(`https://tavle.example.no/b/${body.id}#token=`)).toBe(true)
    } finally {
      await other.dispose()
    }
  })

  it('refuses bad bodies with 400 and a readable message', async () => {
    const cases: [string, string][] = [
      [JSON.stringify({ title: 'x'.repeat(201) }), 'invalid_body'],
      [JSON.stringify({ lang: 'sv' }), 'invalid_body'],
      [JSON.stringify({ title: 'ok', admin: true }), 'invalid_body'],
      [JSON.stringify(['title']), 'invalid_body'],
      ['{"title":', 'invalid_json'],
    ]
    for (const [body, error] of cases) {
      const res = await post(body)
      expect(res.status, body).toBe(400)
      const json = (await res.json()) as { error: string; message: string }
      expect(json.error).toBe(error)
      expect(json.message).not.toMatch(/at .*\.ts|node_modules/)
    }
  })

  it('refuses a body that is too large (413) or not JSON (415)', async () => {
    const big = await post(JSON.stringify({ title: 'x'.repeat(MAX_JSON_BODY_BYTES) }))
    expect(big.status).toBe(413)
    expect(((await big.json()) as { error: string }).error).toBe('body_too_large')
    const text = await post('title=x', 'text/plain')
    expect(text.status).toBe(415)
  })

  it('builds a board from a known template and refuses an unknown one', async () => {
    const res = await post(JSON.stringify({ template: 'two-rects' }))
    expect(res.status).toBe(201)
    const board = (await res.json()) as CreateBoardResponse
    const stored = (await server.server.storage.loadBoard(board.id))!
    const doc = new Y.Doc()
    Y.applyUpdate(doc, stored.snapshot!)
    expect(recordsArray(doc).toArray().map((e) => e.key)).toEqual(['document:document', 'page:page', 'shape:rect1', 'shape:rect2'])
    expect(metaMap(doc).get(MetaKey.TEMPLATES)).toEqual(['two-rects'])
    expect((await server.server.storage.getBoardMeta(board.id))?.templates).toEqual(['two-rects'])
    const unknown = await post(JSON.stringify({ template: 'nope' }))
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { error: string }).error).toBe('unknown_template')
  })
})

describe('boards from a method template (default catalog)', () => {
  it('creates the board holding the template, visible to a stock y-websocket client', async () => {
    const plain = await startTestServer()
    try {
      const board = await plain.createBoard({ template: 'service-journey', lang: 'en' })
      const client = connectClient(plain.syncUrl, board.id, board.tokens.participant)
      try {
        await waitFor(() => client.provider.synced, { what: 'sync' })
        const records = client.records
        const shapes = [...records.map.values()].map((e) => e.val as { id: string; typeName: string; type?: string; props?: { name?: string }; meta?: { scaffolding?: boolean } }).filter((r) => r.typeName === 'shape')
        const frames = shapes.filter((s) => s.type === 'frame')
        expect(frames).toHaveLength(1)
        expect(frames[0]!.props?.name).toBe('Service journey map')
        expect(shapes.length).toBeGreaterThan(10)
        expect(shapes.filter((s) => s.meta?.scaffolding).length).toBeGreaterThan(5)
        for (const shape of shapes) expect(checkRecord(shape.id, shape).ok).toBe(true)
      } finally {
        client.destroy()
      }
      const unknown = await fetch(`${plain.origin}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ template: 'no-such-method' }) })
      expect(unknown.status).toBe(400)
      expect(((await unknown.json()) as { message: string }).message).toMatch(/no-such-method|template/i)
    } finally {
      await plain.dispose()
    }
  })
})

describe('a board in nynorsk', () => {
  it("is created with lang 'nn', answers it on GET, and its template speaks nynorsk to a stock client", async () => {
    const plain = await startTestServer()
    try {
      const untitled = await plain.createBoard({ lang: 'nn' })
      expect(untitled.title).toBe('Utan tittel')
      const board = await plain.createBoard({ title: 'Innsikt', template: 'service-journey', lang: 'nn' })
      const res = await fetch(`${plain.origin}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
      expect((await res.json()) as BoardInfoResponse).toEqual({ id: board.id, title: 'Innsikt', lang: 'nn', role: 'viewer' })
      const client = connectClient(plain.syncUrl, board.id, board.tokens.participant)
      try {
        await waitFor(() => client.provider.synced, { what: 'sync' })
        expect(metaMap(client.doc).get(MetaKey.LANG)).toBe('nn')
        const texts = JSON.stringify([...client.records.map.values()].map((e) => e.val))
        for (const nynorsk of ['Tenestereise', 'Handlingar (kva brukaren gjer)', 'Kontaktpunkt og kanalar', 'Tankar og kjensler', 'Moglegheiter']) expect(texts).toContain(nynorsk)
        for (const bokmal of ['Tjenestereise', 'Kontaktpunkter og kanaler', 'Muligheter']) expect(texts).not.toContain(bokmal)
      } finally {
        client.destroy()
      }
    } finally {
      await plain.dispose()
    }
  })
})

describe('GET /api/boards/:id', () => {
  it('answers title, language and the role of the token (header or query)', async () => {
    const board = (await (await post(JSON.stringify({ title: 'Info', lang: 'en' }))).json()) as CreateBoardResponse
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      const res = await info(board.id, board.tokens[role])
      expect(res.status).toBe(200)
      expect((await res.json()) as BoardInfoResponse).toEqual({ id: board.id, title: 'Info', lang: 'en', role })
    }
    const byQuery = await info(board.id, board.tokens.viewer, 'query')
    expect(((await byQuery.json()) as BoardInfoResponse).role).toBe('viewer')
  })

  it('answers 401 for missing, forged and other-board tokens, 404 for an unknown board, 400 for a bad id', async () => {
    const board = (await (await post('{}')).json()) as CreateBoardResponse
    const other = (await (await post('{}')).json()) as CreateBoardResponse
    for (const token of [undefined, `viewer.${'A'.repeat(43)}`, other.tokens.facilitator, 'garbage']) {
      const res = await info(board.id, token)
      expect(res.status, String(token)).toBe(401)
      expect(((await res.json()) as { error: string }).error).toBe('auth_denied')
    }
    await server.server.storage.deleteBoard(board.id)
    const gone = await info(board.id, board.tokens.viewer)
    expect(gone.status).toBe(404)
    expect(((await gone.json()) as { error: string }).error).toBe('board_not_found')
    const bad = await info('not-an-id', board.tokens.viewer)
    expect(bad.status).toBe(400)
  })
})

describe('the rest of the HTTP surface', () => {
  it('answers unknown API routes with JSON 404 and /healthz with ok', async () => {
    const res = await fetch(`${server.origin}/api/nothing/here`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/json/)
    expect(((await res.json()) as { error: string }).error).toBe('not_found')
    expect(await (await fetch(`${server.origin}/healthz`)).json()).toEqual({ status: 'ok' })
  })

  it('serves the built client with a fallback for board routes', async () => {
    for (const path of ['/', '/b/AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await fetch(`${server.origin}${path}`)
      expect(res.status, path).toBe(200)
      expect(await res.text()).toContain('<title>app</title>')
    }
    const asset = await fetch(`${server.origin}/assets/app-123.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toMatch(/immutable/)
    expect((await fetch(`${server.origin}/nothing`)).status).toBe(404)
  })

  it('says how to build the client when it is missing', async () => {
    const bare = await startTestServer({ options: { clientDistDir: join(distDir, 'missing') } })
    try {
      const res = await fetch(`${bare.origin}/`)
      expect(res.status).toBe(503)
      expect(await res.text()).toMatch(/npm run build/)
    } finally {
      await bare.dispose()
    }
  })
})

describe('DELETE /api/boards/:id', () => {
  it('lets only the facilitator delete, closes the connected clients and removes content and images', async () => {
    const board = (await (await post(JSON.stringify({ title: 'Slettes' }))).json()) as CreateBoardResponse
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex')
    const upload = await fetch(`${server.origin}/api/boards/${board.id}/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.participant}`, 'content-type': 'image/png' },
      body: png,
    })
    expect(upload.status).toBe(201)
    const client = connectClient(server.syncUrl, board.id, board.tokens.participant)
    try {
      await waitFor(() => client.provider.synced, { what: 'sync' })
      const del = (token?: string) => fetch(`${server.origin}/api/boards/${board.id}`, { method: 'DELETE', headers: token ? { authorization: `Bearer ${token}` } : {} })
      expect((await del()).status).toBe(401)
      expect((await del(board.tokens.participant)).status).toBe(403)
      expect((await del(board.tokens.viewer)).status).toBe(403)
      expect(await server.server.storage.getBoardMeta(board.id)).not.toBeNull()

      expect((await del(board.tokens.facilitator)).status).toBe(204)
      await waitFor(() => client.closes.find((c) => c.code === CloseCode.BOARD_NOT_FOUND), { what: 'close with BOARD_NOT_FOUND' })
      expect(await server.server.storage.getBoardMeta(board.id)).toBeNull()
      expect((await info(board.id, board.tokens.facilitator)).status).toBe(404)
      expect((await del(board.tokens.facilitator)).status).toBe(404)
      const { id: assetId } = (await upload.json()) as { id: string }
      expect(await server.server.storage.getAsset(board.id, assetId)).toBeNull()
    } finally {
      client.destroy()
    }
  })
})
