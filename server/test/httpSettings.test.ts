import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import type { CreateBoardResponse } from '@whiteboard/shared'
import { CREATION_POLICY_PATH, CREATOR_KEY_HEADER } from '@whiteboard/shared/api/creationApi'
import { startTestServer, type TestServer } from './testServer'

const CREATOR_KEY = 'kommune-kurs-2026-hemmelig'
const METRICS_TOKEN = 'prometheus-scraper-token'
const GATHERING = JSON.stringify({ title: 'Samling', date: '2026-03-12', teams: [{ name: 'Asker' }] })

let server: TestServer | undefined

afterEach(async () => {
  await server?.dispose()
  server = undefined
})

/** A raw HTTP request: fetch does not let a caller set the Host header, an attacker's client does. */
function send(s: TestServer, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, method, path, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

function errorOf(answer: { body: string }): { error: string; message: string } {
  return JSON.parse(answer.body) as { error: string; message: string }
}

describe('BOARD_CREATION', () => {
  it('is open by default: no key asked, none needed', async () => {
    const s = (server = await startTestServer())
    expect(JSON.parse((await send(s, 'GET', CREATION_POLICY_PATH)).body)).toEqual({ creation: 'open' })
    expect((await send(s, 'POST', '/api/boards', {}, '{}')).status).toBe(201)
  })

  it('with key, creates boards and gatherings only for the creator key: 401 without it, 403 for a wrong one', async () => {
    const s = (server = await startTestServer({ env: { BOARD_CREATION: 'key', CREATOR_KEY } }))
    expect(JSON.parse((await send(s, 'GET', CREATION_POLICY_PATH)).body)).toEqual({ creation: 'key' })
    for (const [path, body] of [['/api/boards', '{}'], ['/api/gatherings', GATHERING]] as const) {
      const none = await send(s, 'POST', path, {}, body)
      expect(none.status, path).toBe(401)
      expect(errorOf(none)).toMatchObject({ error: 'creator_key_required', message: expect.stringContaining('creator key') })
      for (const wrong of ['nope', CREATOR_KEY.slice(0, -1), `${CREATOR_KEY}x`, CREATOR_KEY.toUpperCase()]) {
        const answer = await send(s, 'POST', path, { [CREATOR_KEY_HEADER]: wrong }, body)
        expect(answer.status, `${path} ${wrong}`).toBe(403)
        expect(errorOf(answer).error).toBe('creator_key_wrong')
      }
      expect((await send(s, 'POST', path, { [CREATOR_KEY_HEADER]: CREATOR_KEY }, body)).status, path).toBe(201)
    }
    // The boards' own links need no creator key.
    const made = JSON.parse((await send(s, 'POST', '/api/boards', { [CREATOR_KEY_HEADER]: CREATOR_KEY }, '{}')).body) as CreateBoardResponse
    expect((await send(s, 'GET', `/api/boards/${made.id}`, { authorization: `Bearer ${made.tokens.viewer}` })).status).toBe(200)
  })
})

describe('links and the Host header', () => {
  it('refuses a forged Host with 400 naming PUBLIC_URL', async () => {
    const s = (server = await startTestServer())
    for (const [path, body] of [['/api/boards', '{}'], ['/api/gatherings', GATHERING]] as const) {
      const forged = await send(s, 'POST', path, { host: 'evil.example' }, body)
      expect(forged.status, path).toBe(400)
      expect(errorOf(forged)).toMatchObject({ error: 'host_not_allowed', message: expect.stringContaining('PUBLIC_URL') })
      expect(forged.body).not.toContain('evil.example')
    }
  })

  it('builds links on localhost, IP literals and ALLOWED_HOSTS', async () => {
    const s = (server = await startTestServer({ env: { ALLOWED_HOSTS: 'tavle.kommune.no' } }))
    for (const host of [`localhost:${s.port}`, `127.0.0.1:${s.port}`, `[::1]:${s.port}`, '192.168.1.20:8080', 'TAVLE.kommune.no']) {
      const answer = await send(s, 'POST', '/api/boards', { host }, '{}')
      expect(answer.status, host).toBe(201)
      expect((JSON.parse(answer.body) as CreateBoardResponse).links.viewer.startsWith(`http://${host}/b/`)).toBe(true)
    }
    expect((await send(s, 'POST', '/api/boards', { host: 'tavle.kommune.no.evil.example' }, '{}')).status).toBe(400)
  })

  it('uses PUBLIC_URL whatever the Host says', async () => {
    const s = (server = await startTestServer({ env: { PUBLIC_URL: 'https://tavle.kommune.no' } }))
    const answer = await send(s, 'POST', '/api/boards', { host: 'evil.example' }, '{}')
    expect(answer.status).toBe(201)
    expect((JSON.parse(answer.body) as CreateBoardResponse).links.viewer.startsWith('https://tavle.kommune.no/b/')).toBe(true)
  })
})

describe('METRICS_TOKEN', () => {
  it('when set, /metrics and /readyz need it as a bearer token; /healthz stays open', async () => {
    const s = (server = await startTestServer({ env: { METRICS_TOKEN } }))
    for (const path of ['/metrics', '/readyz']) {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-of-some-length' }, { authorization: METRICS_TOKEN }]
      for (const headers of attempts) {
        const refused = await send(s, 'GET', path, headers)
        expect(refused.status, `${path} ${JSON.stringify(headers)}`).toBe(401)
        expect(refused.headers['www-authenticate']).toBe('Bearer')
        expect(errorOf(refused).message).toContain('METRICS_TOKEN')
      }
      expect((await send(s, 'GET', path, { authorization: `Bearer ${METRICS_TOKEN}` })).status, path).toBe(200)
    }
    expect((await send(s, 'GET', '/healthz')).status).toBe(200)
  })

  it('without it, /metrics and /readyz stay open', async () => {
    const s = (server = await startTestServer())
    expect((await send(s, 'GET', '/metrics')).status).toBe(200)
    expect((await send(s, 'GET', '/readyz')).status).toBe(200)
  })
})
