import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreateBoardResponse } from '@whiteboard/shared'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { startTestServer, type TestServer } from './testServer'

/** A 1×1 PNG: the upload route sniffs the bytes, so they must be an image. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex')

let server: TestServer
let board: GatheringResponse['boards'][number]
let other: CreateBoardResponse
let gatheringId: string
let assetId: string
let snapshotId: string

beforeAll(async () => {
  server = await startTestServer()
  const made = await fetch(`${server.origin}/api/gatherings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Tilgang', date: '2026-03-12', allowPeek: true, teams: [{ name: 'A' }, { name: 'B' }] }),
  })
  expect(made.status).toBe(201)
  const gathering = (await made.json()) as GatheringResponse
  gatheringId = gathering.id
  board = gathering.boards[0]!
  other = await server.createBoard()
  const upload = await fetch(`${server.origin}/api/boards/${board.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${board.tokens.participant}` }, body: PNG })
  expect(upload.status).toBe(201)
  assetId = ((await upload.json()) as { id: string }).id
  const snap = await fetch(`${server.origin}/api/boards/${board.id}/snapshots`, { method: 'POST', headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
  expect(snap.status).toBe(201)
  snapshotId = ((await snap.json()) as { id: string }).id
})

afterAll(async () => {
  await server.dispose()
})

interface Route {
  method: string
  /** The path for a board id. */
  path: (id: string) => string
  body?: Buffer | string
  /** What the route needs of the token. */
  need: 'view' | 'edit' | 'facilitate'
}

const ROUTES: Route[] = [
  { method: 'GET', path: (id) => `/api/boards/${id}`, need: 'view' },
  { method: 'DELETE', path: (id) => `/api/boards/${id}`, need: 'facilitate' },
  { method: 'POST', path: (id) => `/api/boards/${id}/assets`, body: PNG, need: 'edit' },
  { method: 'GET', path: (id) => `/api/boards/${id}/assets/${assetId}`, need: 'view' },
  { method: 'GET', path: (id) => `/api/boards/${id}/snapshots`, need: 'facilitate' },
  { method: 'POST', path: (id) => `/api/boards/${id}/snapshots`, body: '{"name":"sneaky"}', need: 'facilitate' },
  { method: 'GET', path: (id) => `/api/boards/${id}/snapshots/${snapshotId}`, need: 'facilitate' },
  { method: 'POST', path: (id) => `/api/boards/${id}/snapshots/${snapshotId}/restore`, body: '{}', need: 'facilitate' },
  { method: 'DELETE', path: (id) => `/api/boards/${id}/snapshots/${snapshotId}`, need: 'facilitate' },
  { method: 'POST', path: (id) => `/api/boards/${id}/voter`, need: 'edit' },
  { method: 'GET', path: (id) => `/api/boards/${id}/export/notes.csv`, need: 'view' },
  { method: 'GET', path: (id) => `/api/boards/${id}/export/notes.json`, need: 'view' },
  { method: 'GET', path: (id) => `/api/gatherings/${gatheringId}/peek?board=${id}`, need: 'view' },
]

async function call(route: Route, id: string, token: string | undefined): Promise<{ status: number; error?: string; message?: string }> {
  const headers: Record<string, string> = {}
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (typeof route.body === 'string') headers['content-type'] = 'application/json'
  const res = await fetch(`${server.origin}${route.path(id)}`, { method: route.method, headers, ...(route.body !== undefined ? { body: route.body } : {}) })
  const type = res.headers.get('content-type') ?? ''
  if (res.status >= 400 && type.includes('json')) {
    const { error, message } = (await res.json()) as { error: string; message: string }
    return { status: res.status, error, message }
  }
  await res.arrayBuffer()
  return { status: res.status }
}

describe('every board route checks the token alike', () => {
  const refusals: [string, () => string | undefined, string, { status: number; error: string; message: string }][] = [
    ['no token', () => undefined, 'id', { status: 401, error: 'auth_denied', message: 'No access token in the link' }],
    ['a forged token', () => `facilitator.${'A'.repeat(43)}`, 'id', { status: 401, error: 'auth_denied', message: 'The access token is not valid for this board' }],
    ['a malformed token', () => 'garbage', 'id', { status: 401, error: 'auth_denied', message: 'The access token is malformed' }],
    // Another board's facilitator token is, to the server, a signature that does not match: answered like a forged one.
    ["another board's facilitator token", () => other.tokens.facilitator, 'id', { status: 401, error: 'auth_denied', message: 'The access token is not valid for this board' }],
    ['a malformed board id', () => board.tokens.facilitator, 'bad', { status: 400, error: 'bad_board_id', message: 'The board address is not valid' }],
  ]

  for (const [what, token, which, expected] of refusals) {
    it(`answers ${what} with ${expected.status} ${expected.error} on every route`, async () => {
      for (const route of ROUTES) {
        const answer = await call(route, which === 'id' ? board.id : 'not-a-board', token())
        expect(answer, `${route.method} ${route.path(':id')}`).toEqual(expected)
      }
    })
  }

  it('lets a viewer token read and refuses it, with 403 forbidden, every change', async () => {
    for (const route of ROUTES) {
      const answer = await call(route, board.id, board.tokens.viewer)
      const where = `${route.method} ${route.path(':id')}`
      if (route.need === 'view') expect(answer.status, where).toBe(200)
      else expect({ status: answer.status, error: answer.error }, where).toEqual({ status: 403, error: 'forbidden' })
    }
    // Nothing a refused request asked for happened.
    expect(await server.server.storage.getBoardMeta(board.id)).not.toBeNull()
    expect(await server.server.storage.getAsset(board.id, assetId)).not.toBeNull()
    const list = await fetch(`${server.origin}/api/boards/${board.id}/snapshots`, { headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
    expect(((await list.json()) as { snapshots: { id: string }[] }).snapshots.map((s) => s.id)).toEqual([snapshotId])
  })
})
