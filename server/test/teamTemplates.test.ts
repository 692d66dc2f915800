import type { TLPageId, TLRecord, TLShape } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import type { CreateBoardResponse } from '@whiteboard/shared'
import type { SaveTeamTemplateBody, SaveTeamTemplateResponse, TeamTemplateContent, TeamTemplateResponse } from '@whiteboard/shared/api/teamTemplatesApi'
import { ownSchemaSerialized } from '@whiteboard/shared/board/storedSchema'
import { buildTemplate } from '@whiteboard/shared/templates/build'
import { MAX_TEAM_TEMPLATE_BYTES, MAX_TEAM_TEMPLATE_NAME_CHARS, MAX_TEAM_TEMPLATES } from '@whiteboard/shared/templates/teamTemplateLimits'
import type { TemplateListResponse } from '@whiteboard/shared/templates/types'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'
import { loadConfig } from '../src/config'
import { serverPerTest } from './serverPerTest'
import { startTestServer } from './testServer'
import { waitFor } from './waitFor'

const ctx = serverPerTest()

/** A built-in journey map's frame as a facilitator's browser copies it: the frame and its children, ids of its own. */
function journeyContent(prefix = 'j'): TeamTemplateContent {
  let n = 0
  const shapes = buildTemplate('service-journey', 'nb', { x: 400, y: 200 }, { pageId: 'page:page' as TLPageId, createId: () => `${prefix}${++n}` })
  return { shapes, bindings: [], assets: [], rootShapeIds: [shapes[0]!.id] }
}

function body(content: unknown = journeyContent(), name = 'Vår tjenestereise', description = 'Med våre egne faser'): string {
  return JSON.stringify({ name, description, content })
}

function save(board: CreateBoardResponse, token: string, payload: string = body()): Promise<Response> {
  return fetch(`${ctx.server.origin}/api/boards/${board.id}/templates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: payload,
  })
}

function list(board: CreateBoardResponse, token: string): Promise<Response> {
  return fetch(`${ctx.server.origin}/api/templates?board=${board.id}`, { headers: { authorization: `Bearer ${token}` } })
}

function read(board: CreateBoardResponse, token: string, templateId: string): Promise<Response> {
  return fetch(`${ctx.server.origin}/api/boards/${board.id}/templates/${templateId}`, { headers: { authorization: `Bearer ${token}` } })
}

function remove(board: CreateBoardResponse, token: string, templateId: string): Promise<Response> {
  return fetch(`${ctx.server.origin}/api/boards/${board.id}/templates/${templateId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
}

async function refusal(res: Response): Promise<{ status: number; error: string; message: string }> {
  const json = (await res.json()) as { error: string; message: string }
  return { status: res.status, ...json }
}

describe('team templates: saved on one board, listed, read and deleted from another', () => {
  it("saves a facilitator's frame, and a facilitator of another board lists it, reads it and inserts it through a stock client", async () => {
    const [a, b] = await Promise.all([ctx.server.createBoard(), ctx.server.createBoard()])
    const saved = await save(a, a.tokens.facilitator)
    expect(saved.status).toBe(201)
    const { template } = (await saved.json()) as SaveTeamTemplateResponse
    expect(template).toMatchObject({ name: 'Vår tjenestereise', description: 'Med våre egne faser' })
    expect(template.id).toMatch(/^[A-Za-z0-9_-]{22}$/)

    const listed = await list(b, b.tokens.facilitator)
    expect(listed.status).toBe(200)
    expect(listed.headers.get('cache-control')).toBe('no-store')
    const listing = (await listed.json()) as TemplateListResponse
    expect(listing.team).toEqual({ templates: [template], saving: 'facilitators' })
    expect(listing.templates.length).toBeGreaterThan(10)

    const got = await read(b, b.tokens.facilitator, template.id)
    expect(got.status).toBe(200)
    const { content } = (await got.json()) as TeamTemplateResponse
    expect(content.schema).toEqual(ownSchemaSerialized())
    expect(content.shapes).toEqual(journeyContent().shapes)

    // What a browser's insert sends: the same records on the other board's page. The server takes them as any update.
    const writer = ctx.client(b.id, b.tokens.facilitator)
    await waitFor(() => writer.provider.synced, { what: 'sync' })
    writer.doc.transact(() => {
      for (const shape of content.shapes) writer.records.set(shape.id, shape)
    })
    const reader = ctx.client(b.id, b.tokens.viewer)
    await waitFor(() => reader.shapeIds().length === content.shapes.length, { what: 'the inserted template at another client' })
    expect(writer.provider.wsconnected).toBe(true)
  })

  it('answers the list without a board as before: built-in only, public', async () => {
    const res = await fetch(`${ctx.server.origin}/api/templates`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    expect(((await res.json()) as TemplateListResponse).team).toBeUndefined()
  })

  it('lets only facilitators save, list, read and delete, and answers bad tokens as every board route does', async () => {
    const [a, b] = await Promise.all([ctx.server.createBoard(), ctx.server.createBoard()])
    const { template } = (await (await save(a, a.tokens.facilitator)).json()) as SaveTeamTemplateResponse
    for (const role of ['participant', 'viewer'] as const) {
      const token = b.tokens[role]
      for (const res of [await save(b, token), await list(b, token), await read(b, token, template.id), await remove(b, token, template.id)]) {
        expect(await refusal(res)).toMatchObject({ status: 403, error: 'forbidden' })
      }
    }
    // Another board's facilitator token, a forged one and none: the same 401.
    for (const token of [a.tokens.facilitator, `facilitator.${'A'.repeat(43)}`, '']) {
      for (const res of [await save(b, token), await list(b, token), await read(b, token, template.id), await remove(b, token, template.id)]) {
        expect(await refusal(res)).toMatchObject({ status: 401, error: 'auth_denied' })
      }
    }
    expect(await refusal(await fetch(`${ctx.server.origin}/api/templates?board=not-a-board`))).toMatchObject({ status: 400, error: 'bad_board_id' })
    // A facilitator link of a deleted board counts for nothing.
    const del = await fetch(`${ctx.server.origin}/api/boards/${b.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.tokens.facilitator}` } })
    expect(del.status).toBe(204)
    expect(await refusal(await list(b, b.tokens.facilitator))).toMatchObject({ status: 404, error: 'board_not_found' })
    expect(await refusal(await save(b, b.tokens.facilitator))).toMatchObject({ status: 404, error: 'board_not_found' })
    // The template is still there for everyone else.
    expect((await read(a, a.tokens.facilitator, template.id)).status).toBe(200)
  })

  it('deletes a template for the whole server, by a facilitator of any board', async () => {
    const [a, b] = await Promise.all([ctx.server.createBoard(), ctx.server.createBoard()])
    const { template } = (await (await save(a, a.tokens.facilitator)).json()) as SaveTeamTemplateResponse
    expect((await remove(b, b.tokens.facilitator, template.id)).status).toBe(204)
    expect(await refusal(await read(a, a.tokens.facilitator, template.id))).toMatchObject({ status: 404, error: 'template_not_found' })
    expect(await refusal(await remove(a, a.tokens.facilitator, template.id))).toMatchObject({ status: 404, error: 'template_not_found' })
    expect(await refusal(await read(a, a.tokens.facilitator, 'not-a-template-id'))).toMatchObject({ status: 404, error: 'template_not_found' })
    expect(((await (await list(a, a.tokens.facilitator)).json()) as TemplateListResponse).team?.templates).toEqual([])
  })
})

describe('team templates: what the server refuses (HTTP as an attacker with a facilitator link)', () => {
  async function refusedSave(payload: string, contentType = 'application/json'): Promise<{ status: number; error: string; message: string }> {
    const board = await ctx.server.createBoard()
    const res = await fetch(`${ctx.server.origin}/api/boards/${board.id}/templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.facilitator}`, 'content-type': contentType },
      body: payload,
    })
    const answer = await refusal(res)
    // Nothing was stored.
    expect(await ctx.server.server.storage.listTeamTemplates()).toEqual([])
    return answer
  }

  it('refuses records any update would be refused for, naming the field but never the content', async () => {
    const content = journeyContent()
    const embed = { ...rectangleRecord({ id: 'shape:embed', parentId: content.shapes[0]!.id }), type: 'embed', props: { url: 'https://evil.example/secret', w: 10, h: 10 } }
    const answer = await refusedSave(body({ ...content, shapes: [...content.shapes, embed] }))
    expect(answer).toMatchObject({ status: 400, error: 'bad_template' })
    expect(answer.message).toMatch(/^The template cannot be saved: shape/)
    expect(answer.message).not.toContain('evil')

    const badText = { ...content.shapes[1]!, props: { ...content.shapes[1]!.props, richText: { type: 'doc', content: [{ type: 'text', text: 'x'.repeat(100_001) }] } } }
    expect(await refusedSave(body({ ...content, shapes: [content.shapes[0]!, badText] }))).toMatchObject({ status: 400, error: 'bad_template' })
    const proto = body(content).replace('"meta":{', '"meta":{"__proto__":{"polluted":true},')
    expect(await refusedSave(proto)).toMatchObject({ status: 400, error: 'bad_template' })
  })

  it('refuses an image that is not inline (this server, another site, SVG) and what is not one frame', async () => {
    const content = journeyContent()
    const frameId = content.shapes[0]!.id
    const asset = {
      id: 'asset:pic',
      typeName: 'asset',
      type: 'image',
      props: { name: 'pic.png', src: 'https://tracker.example/pixel.png', w: 1, h: 1, mimeType: 'image/png', isAnimated: false },
      meta: {},
    }
    const image = {
      ...rectangleRecord({ id: 'shape:pic', parentId: frameId }),
      type: 'image',
      props: { assetId: 'asset:pic', w: 1, h: 1, playing: true, url: '', crop: null, flipX: false, flipY: false, altText: '' },
    }
    const board = await ctx.server.createBoard()
    for (const src of ['https://tracker.example/pixel.png', `/api/boards/${board.id}/assets/AAAAAAAAAAAAAAAAAAAAAA`, 'data:image/svg+xml;base64,PHN2Zy8+']) {
      const answer = await refusedSave(body({ ...content, shapes: [...content.shapes, image], assets: [{ ...asset, props: { ...asset.props, src } }] }))
      expect(answer).toMatchObject({ status: 400, error: 'bad_template', message: 'The template cannot be saved: asset at props.src: only inline PNG, JPEG, WebP or GIF images' })
    }
    const loose = rectangleRecord({ id: 'shape:loose' })
    expect(await refusedSave(body({ ...content, shapes: [...content.shapes, loose], rootShapeIds: [frameId, loose.id] }))).toMatchObject({ status: 400, error: 'bad_template' })
    expect(await refusedSave(body({ shapes: [loose], bindings: [], assets: [], rootShapeIds: [loose.id] }))).toMatchObject({
      status: 400,
      message: 'The template cannot be saved: the root shape is not a frame',
    })
  })

  it('refuses a long name, an empty one, unknown fields, a body that is not JSON, and one over the size limit', async () => {
    expect(await refusedSave(body(journeyContent(), 'x'.repeat(MAX_TEAM_TEMPLATE_NAME_CHARS + 1)))).toMatchObject({ status: 400, error: 'invalid_body' })
    expect(await refusedSave(body(journeyContent(), '   '))).toMatchObject({ status: 400, error: 'invalid_body' })
    expect(await refusedSave(JSON.stringify({ name: 'a', description: '', content: journeyContent(), owner: 'me' }))).toMatchObject({ status: 400, error: 'invalid_body' })
    expect(await refusedSave('{"name":')).toMatchObject({ status: 400, error: 'invalid_json' })
    expect(await refusedSave(body(), 'text/plain')).toMatchObject({ status: 415 })
    const huge = body({ ...journeyContent(), padding: 'x'.repeat(MAX_TEAM_TEMPLATE_BYTES) })
    expect(await refusedSave(huge)).toMatchObject({ status: 413, error: 'template_too_large' })
  })

  it(`keeps at most ${MAX_TEAM_TEMPLATES} templates on the server, and takes one again after a deletion`, async () => {
    const board = await ctx.server.createBoard()
    const small: SaveTeamTemplateBody = { name: 'n', description: '', content: journeyContent() }
    for (let i = 0; i < MAX_TEAM_TEMPLATES; i++) expect((await save(board, board.tokens.facilitator, JSON.stringify(small))).status).toBe(201)
    expect(await refusal(await save(board, board.tokens.facilitator))).toMatchObject({ status: 409, error: 'too_many_templates' })
    const listing = (await (await list(board, board.tokens.facilitator)).json()) as TemplateListResponse
    expect(listing.team?.templates).toHaveLength(MAX_TEAM_TEMPLATES)
    expect((await remove(board, board.tokens.facilitator, listing.team!.templates[0]!.id)).status).toBe(204)
    expect((await save(board, board.tokens.facilitator)).status).toBe(201)
  })
})

describe('TEMPLATE_SAVERS=none', () => {
  it('refuses every save with a reason, still lists, reads and deletes the templates there are, and says saving is off', async () => {
    await ctx.server.dispose()
    ctx.server = await startTestServer({ env: { TEMPLATE_SAVERS: 'none' } })
    const board = await ctx.server.createBoard()
    expect(await refusal(await save(board, board.tokens.facilitator))).toEqual({ status: 403, error: 'template_saving_off', message: 'Saving templates is turned off on this server.' })
    // One saved before the setting changed.
    const content = JSON.stringify({ ...journeyContent(), schema: ownSchemaSerialized() })
    await ctx.server.server.storage.createTeamTemplate({ id: 'TTTTTTTTTTTTTTTTTTTTTT', name: 'Eldre mal', description: '', content }, MAX_TEAM_TEMPLATES)
    const listing = (await (await list(board, board.tokens.facilitator)).json()) as TemplateListResponse
    expect(listing.team).toMatchObject({ saving: 'none', templates: [{ id: 'TTTTTTTTTTTTTTTTTTTTTT', name: 'Eldre mal' }] })
    const got = (await (await read(board, board.tokens.facilitator, 'TTTTTTTTTTTTTTTTTTTTTT')).json()) as TeamTemplateResponse
    expect(got.content.shapes.map((s: TLShape) => s.id)).toEqual(journeyContent().shapes.map((s: TLRecord) => s.id))
    expect((await remove(board, board.tokens.facilitator, 'TTTTTTTTTTTTTTTTTTTTTT')).status).toBe(204)
  })

  it('is refused at start when it is neither facilitators nor none', () => {
    expect(() => loadConfig({ TEMPLATE_SAVERS: 'everyone' })).toThrow(/TEMPLATE_SAVERS/)
    expect(loadConfig({}).templateSavers).toBe('facilitators')
  })
})
