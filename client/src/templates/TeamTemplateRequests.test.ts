import { describe, expect, it } from 'vitest'
import { TeamTemplateRequests } from './TeamTemplateRequests'

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'

function fakeFetch(status: number, body: unknown, seen: { url?: string; init?: RequestInit } = {}): typeof fetch {
  return async (url, init) => {
    seen.url = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url
    seen.init = init ?? {}
    return new Response(body === undefined ? null : JSON.stringify(body), { status })
  }
}

describe('TeamTemplateRequests', () => {
  it("lists through the board's facilitator token and gives the team part of the answer", async () => {
    const seen: { url?: string; init?: RequestInit } = {}
    const team = { templates: [], saving: 'none' }
    const requests = new TeamTemplateRequests(BOARD, 'facilitator.sig', fakeFetch(200, { templates: [], team }, seen))
    expect(await requests.list()).toEqual({ ok: true, value: team })
    expect(seen.url).toBe(`/api/templates?board=${BOARD}`)
    expect((seen.init?.headers as Record<string, string>).Authorization).toBe('Bearer facilitator.sig')
  })

  it('maps refusals to problems the dialog words in the person\'s language', async () => {
    const cases: [number, unknown, unknown][] = [
      [403, { error: 'template_saving_off', message: 'x' }, { kind: 'off' }],
      [403, { error: 'forbidden', message: 'x' }, { kind: 'forbidden' }],
      [401, { error: 'auth_denied', message: 'x' }, { kind: 'forbidden' }],
      [404, { error: 'template_not_found', message: 'x' }, { kind: 'notFound' }],
      [409, { error: 'too_many_templates', message: 'x' }, { kind: 'tooMany' }],
      [413, { error: 'template_too_large', message: 'x' }, { kind: 'tooLarge' }],
      [400, { error: 'bad_template', message: 'The template cannot be saved: shape at props.w: not valid' }, { kind: 'invalid', detail: 'shape at props.w: not valid' }],
      [507, { error: 'disk_budget', message: 'x' }, { kind: 'storage' }],
      [500, { error: 'internal', message: 'x' }, { kind: 'failed' }],
    ]
    for (const [status, body, problem] of cases) {
      const requests = new TeamTemplateRequests(BOARD, 't', fakeFetch(status, body))
      expect(await requests.save({ name: 'n', description: '', content: { shapes: [], bindings: [], assets: [], rootShapeIds: [] } })).toEqual({ ok: false, problem })
    }
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    expect(await new TeamTemplateRequests(BOARD, 't', offline).delete('x')).toEqual({ ok: false, problem: { kind: 'network' } })
  })

  it('answers a deletion with no body as done', async () => {
    expect(await new TeamTemplateRequests(BOARD, 't', fakeFetch(204, undefined)).delete('TTTTTTTTTTTTTTTTTTTTTT')).toEqual({ ok: true, value: null })
  })
})
