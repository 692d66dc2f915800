import { describe, expect, it } from 'vitest'
import { HistoryRequests } from './HistoryRequests'

const summary = { id: 's1', takenAt: 1, author: 'Kari', kind: 'manual', name: 'x', bytes: 10 }

function fakeFetch(status: number, body: unknown, seen: { url?: string; init?: RequestInit } = {}): typeof fetch {
  return async (url, init) => {
    seen.url = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url
    seen.init = init ?? {}
    return new Response(body === undefined ? null : JSON.stringify(body), { status })
  }
}

describe('HistoryRequests', () => {
  it('sends the token as a bearer header and the body as JSON', async () => {
    const seen: { url?: string; init?: RequestInit } = {}
    const requests = new HistoryRequests('board/1', 'facilitator.sig', fakeFetch(201, summary, seen))
    expect(await requests.take({ kind: 'before-template', author: 'Kari' })).toEqual({ ok: true, value: summary })
    expect(seen.url).toBe('/api/boards/board%2F1/snapshots')
    expect(seen.init?.method).toBe('POST')
    expect((seen.init?.headers as Record<string, string>).Authorization).toBe('Bearer facilitator.sig')
    expect(JSON.parse(seen.init?.body as string)).toEqual({ kind: 'before-template', author: 'Kari' })
  })

  it('maps refusals to problems the panel words in its own language', async () => {
    const cases: [number, string][] = [
      [401, 'forbidden'],
      [403, 'forbidden'],
      [404, 'not-found'],
      [409, 'limit'],
      [503, 'storage'],
      [500, 'failed'],
    ]
    for (const [status, problem] of cases) {
      expect(await new HistoryRequests('b', 't', fakeFetch(status, { error: 'x', message: 'English text' })).list()).toEqual({ ok: false, problem })
    }
    // 507: the board's history quota reads like the count limit; the server's disk budget like a storage fault.
    expect(await new HistoryRequests('b', 't', fakeFetch(507, { error: 'history_full', message: 'English text' })).take({ name: 'x' })).toEqual({ ok: false, problem: 'limit' })
    expect(await new HistoryRequests('b', 't', fakeFetch(507, { error: 'disk_budget', message: 'English text' })).take({ name: 'x' })).toEqual({ ok: false, problem: 'storage' })
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    expect(await new HistoryRequests('b', 't', offline).restore('s1', 'Kari')).toEqual({ ok: false, problem: 'network' })
  })

  it('does not take a malformed answer for a good one', async () => {
    expect(await new HistoryRequests('b', 't', fakeFetch(200, { snapshots: 'nope' })).list()).toEqual({ ok: false, problem: 'failed' })
    expect(await new HistoryRequests('b', 't', fakeFetch(204, undefined)).delete('s1')).toEqual({ ok: true, value: null })
  })
})
