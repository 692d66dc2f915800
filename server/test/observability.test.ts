import { afterEach, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../src/http/securityHeaders'
import { rawSocket } from './rawSocket'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let server: TestServer | undefined
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.dispose()
  server = undefined
})

function client(boardId: string, token: string): SyncClient {
  const c = connectClient(server!.syncUrl, boardId, token)
  clients.push(c)
  return c
}

/** The value of a sample in the Prometheus text format, or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

async function metrics(): Promise<string> {
  const res = await fetch(`${server!.origin}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
  return res.text()
}

describe('observability and HTTP hardening', () => {
  it('/metrics counts boards, connections, messages, refusals by reason, persist latency and compactions', async () => {
    server = await startTestServer({ env: { COMPACT_AFTER_UPDATES: '3' } })
    const before = await metrics()
    expect(sample(before, 'whiteboard_boards_loaded')).toBe(0)
    expect(sample(before, 'whiteboard_connections')).toBe(0)

    const board = await server.createBoard()
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.participant)
    await waitFor(() => a.provider.synced && b.provider.synced, { what: 'sync' })
    for (let i = 1; i <= 4; i++) {
      a.records.set(`shape:rect${i}`, rectangle(i))
      await waitFor(() => b.shapeIds().includes(`shape:rect${i}`), { what: `write ${i}` })
    }
    const forged = rawSocket(`${server.syncUrl}/${board.id}?token=participant.${'A'.repeat(43)}`)
    await forged.closed
    const viewer = client(board.id, board.tokens.viewer)
    await waitFor(() => viewer.provider.synced, { what: 'sync' })
    viewer.records.set('shape:nope', rectangle(9))
    await waitFor(() => viewer.closes.length > 0, { what: 'the viewer refusal' })

    const text = await metrics()
    expect(sample(text, 'whiteboard_boards_loaded')).toBe(1)
    expect(sample(text, 'whiteboard_connections')).toBe(2)
    expect(sample(text, 'whiteboard_messages_in_total')).toBeGreaterThanOrEqual(8)
    expect(sample(text, 'whiteboard_messages_out_total')).toBeGreaterThanOrEqual(8)
    expect(sample(text, 'whiteboard_bytes_in_total')).toBeGreaterThan(1000)
    expect(sample(text, `whiteboard_refusals_total{reason="auth_denied"}`)).toBe(1)
    expect(sample(text, `whiteboard_refusals_total{reason="forbidden"}`)).toBe(1)
    expect(sample(text, 'whiteboard_persist_seconds_count')).toBe(4)
    expect(sample(text, 'whiteboard_persist_seconds_bucket{le="+Inf"}')).toBe(4)
    expect(sample(text, 'whiteboard_compactions_total')).toBeGreaterThanOrEqual(1)
    // Nothing in the metrics names a board or carries a token.
    expect(text).not.toContain(board.id)
    for (const token of Object.values(board.tokens)) expect(text).not.toContain(token.split('.')[1])
  })

  it('/healthz and /readyz answer on a healthy server', async () => {
    server = await startTestServer()
    const health = await fetch(`${server.origin}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    const ready = await fetch(`${server.origin}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ status: 'ready', problems: [], storage: { readable: true, writable: true }, damagedBoards: { count: 0, boards: [] } })
  })

  it('sends security headers with a CSP that allows only the app origin, on pages, API answers and errors', async () => {
    server = await startTestServer()
    for (const path of ['/', '/b/abc', '/api/templates', '/api/nothing', '/healthz', '/no-such-file.js']) {
      const res = await fetch(`${server.origin}${path}`)
      expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY)
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin')
      expect(res.headers.get('x-powered-by'), path).toBeNull()
      // Plain http: no HSTS.
      expect(res.headers.get('strict-transport-security'), path).toBeNull()
    }
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]))
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'", 'blob:', 'data:'])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    // No directive lets in another host.
    for (const [, sources] of directives) for (const source of sources) expect(source).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:)$/)

    await server.dispose()
    server = await startTestServer({ env: { PUBLIC_URL: 'https://tavle.kommune.no' } })
    expect((await fetch(`${server.origin}/healthz`)).headers.get('strict-transport-security')).toBe('max-age=31536000')
  })
})
