import { describe, expect, it } from 'vitest'
import { fetchBoardInfo } from './fetchBoardInfo'

const ID = 'AAAAAAAAAAAAAAAAAAAAAA'

function answering(status: number, body: unknown): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

describe('fetchBoardInfo', () => {
  it('returns the board for a valid answer and sends the token as a bearer header', async () => {
    let auth: string | null = null
    const fetchImpl: typeof fetch = async (_url, init) => {
      auth = new Headers(init?.headers).get('authorization')
      return new Response(JSON.stringify({ id: ID, title: 'T', lang: 'nb', role: 'viewer' }), { status: 200 })
    }
    await expect(fetchBoardInfo(ID, 'tok', fetchImpl)).resolves.toEqual({ ok: true, board: { id: ID, title: 'T', lang: 'nb', role: 'viewer' } })
    expect(auth).toBe('Bearer tok')
  })

  it('takes a board in any of the three languages, and nothing else as one', async () => {
    for (const lang of ['nb', 'nn', 'en']) {
      const board = { id: ID, title: 'T', lang, role: 'participant' }
      await expect(fetchBoardInfo(ID, 't', answering(200, board))).resolves.toEqual({ ok: true, board })
    }
    await expect(fetchBoardInfo(ID, 't', answering(200, { id: ID, title: 'T', lang: 'de', role: 'participant' }))).resolves.toMatchObject({ ok: false, problem: 'server' })
  })

  it('tells a bad token, a missing board, a bad request, a server fault and no network apart', async () => {
    const apiError = { error: 'x', message: 'from server' }
    await expect(fetchBoardInfo(ID, 't', answering(401, apiError))).resolves.toEqual({ ok: false, problem: 'unauthorized', serverMessage: 'from server' })
    await expect(fetchBoardInfo(ID, 't', answering(404, apiError))).resolves.toMatchObject({ ok: false, problem: 'not-found' })
    await expect(fetchBoardInfo(ID, 't', answering(400, apiError))).resolves.toMatchObject({ ok: false, problem: 'bad-request' })
    await expect(fetchBoardInfo(ID, 't', answering(500, 'oops'))).resolves.toEqual({ ok: false, problem: 'server' })
    await expect(fetchBoardInfo(ID, 't', answering(200, { id: ID, role: 'admin' }))).resolves.toMatchObject({ ok: false, problem: 'server' })
    await expect(fetchBoardInfo(ID, 't', () => Promise.reject(new TypeError('Failed to fetch')))).resolves.toEqual({ ok: false, problem: 'network' })
  })
})
