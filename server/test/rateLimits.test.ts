import { afterEach, describe, expect, it } from 'vitest'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { MAX_GATHERING_TEAMS } from '@whiteboard/shared/gatherings/gatheringLimits'
import { BOARD_CREATION_LIMIT, UPLOAD_LIMIT, VOTER_LIMIT } from '../src/http/creationLimits'
import { startTestServer, type TestServer } from './testServer'

/** A 1×1 PNG: the upload route sniffs the bytes, so they must be an image. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex')

let server: TestServer | undefined

afterEach(async () => {
  await server?.dispose()
  server = undefined
})

/** Headers of a request our trusted proxy forwarded for `address`; the first entry is the client's own (ignored) claim. */
function from(address: string | null): Record<string, string> {
  return address === null ? {} : { 'x-forwarded-for': `198.51.100.1, ${address}` }
}

function createBoard(s: TestServer, address: string | null): Promise<Response> {
  return fetch(`${s.origin}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', ...from(address) }, body: '{}' })
}

function createGathering(s: TestServer, address: string | null, teams: number): Promise<Response> {
  const body = { title: 'Flom', date: '2026-03-12', teams: Array.from({ length: teams }, (_, i) => ({ name: `Lag ${i + 1}` })) }
  return fetch(`${s.origin}/api/gatherings`, { method: 'POST', headers: { 'content-type': 'application/json', ...from(address) }, body: JSON.stringify(body) })
}

async function expectRateLimited(res: Response, what: string): Promise<void> {
  expect(res.status).toBe(429)
  const retryAfter = Number(res.headers.get('retry-after'))
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true)
  const body = (await res.json()) as { error: string; message: string }
  expect(body.error).toBe('rate_limited')
  expect(body.message).toContain(`Too many ${what} from your address`)
}

/**
 * Sends `request` one at a time until one is refused, at most twice the burst; returns how many
 * got `ok` before and the refusal. The buckets refill with real time, so a slow machine may get
 * one or two more through than the burst: the count is checked as at least the burst.
 */
async function floodUntilRefused(burst: number, ok: number, request: () => Promise<Response>): Promise<{ passed: number; refused: Response }> {
  let passed = 0
  for (let i = 0; i < burst * 2; i++) {
    const res = await request()
    if (res.status !== ok) return { passed, refused: res }
    await res.arrayBuffer()
    passed++
  }
  throw new Error(`no refusal after ${burst * 2} requests`)
}

describe('creation limits per client address, behind a trusted proxy', () => {
  it('answers a board-creation flood from one forwarded address with 429 and Retry-After; others go on', async () => {
    const s = (server = await startTestServer({ env: { TRUST_PROXY: 'true' } }))
    const flood = await floodUntilRefused(BOARD_CREATION_LIMIT.burst, 201, () => createBoard(s, '203.0.113.7'))
    expect(flood.passed).toBeGreaterThanOrEqual(BOARD_CREATION_LIMIT.burst)
    await expectRateLimited(flood.refused, 'new boards')
    // A gathering from the same address is refused too, and creates nothing.
    await expectRateLimited(await createGathering(s, '203.0.113.7', 1), 'new boards')
    expect((await createBoard(s, '203.0.113.8')).status).toBe(201)
    // Our own socket's loopback peer with no forwarded address (a local tool) is not limited.
    expect((await createBoard(s, null)).status).toBe(201)
  })

  it('counts a forwarded loopback address like any other: a client cannot claim to be local', async () => {
    const s = (server = await startTestServer({ env: { TRUST_PROXY: 'true' } }))
    const flood = await floodUntilRefused(BOARD_CREATION_LIMIT.burst, 201, () => createBoard(s, '127.0.0.1'))
    expect(flood.passed).toBeGreaterThanOrEqual(BOARD_CREATION_LIMIT.burst)
    await expectRateLimited(flood.refused, 'new boards')
  })

  it('counts an IPv6 /64 as one address: a flood from fresh addresses of one network is refused', async () => {
    const s = (server = await startTestServer({ env: { TRUST_PROXY: 'true' } }))
    let next = 0
    const flood = await floodUntilRefused(BOARD_CREATION_LIMIT.burst, 201, () => createBoard(s, `2001:db8:0:1::${(++next).toString(16)}`))
    expect(flood.passed).toBeGreaterThanOrEqual(BOARD_CREATION_LIMIT.burst)
    await expectRateLimited(flood.refused, 'new boards')
    expect((await createBoard(s, '2001:db8:0:2::1')).status).toBe(201)
  })

  it('counts every team board of a gathering', async () => {
    const s = (server = await startTestServer({ env: { TRUST_PROXY: 'true' } }))
    const first = await createGathering(s, '203.0.113.9', 1)
    expect(first.status).toBe(201)
    const { id, facilitatorToken } = (await first.json()) as GatheringResponse
    // Whole gatherings of the largest size until one is refused: the burst's worth of boards gets through, in gatherings.
    const flood = await floodUntilRefused(BOARD_CREATION_LIMIT.burst / MAX_GATHERING_TEAMS, 201, () => createGathering(s, '203.0.113.9', MAX_GATHERING_TEAMS))
    const left = BOARD_CREATION_LIMIT.burst - 1 - flood.passed * MAX_GATHERING_TEAMS
    expect(left).toBeGreaterThan(0)
    expect(left).toBeLessThan(MAX_GATHERING_TEAMS)
    await expectRateLimited(flood.refused, 'new boards')
    // A smaller gathering takes all but one of what is left, and a team added to a gathering counts as a board too.
    if (left > 1) expect((await createGathering(s, '203.0.113.9', left - 1)).status).toBe(201)
    const addTeam = () =>
      fetch(`${s.origin}/api/gatherings/${id}/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${facilitatorToken}`, ...from('203.0.113.9') },
        body: JSON.stringify({ name: 'Sent lag' }),
      })
    const adds = await floodUntilRefused(3, 201, addTeam)
    expect(adds.passed).toBeGreaterThanOrEqual(1)
    await expectRateLimited(adds.refused, 'new boards')
  })

  it('answers an upload flood with 429 and Retry-After; another address goes on', async () => {
    const s = (server = await startTestServer({ env: { TRUST_PROXY: 'true' } }))
    const board = await s.createBoard()
    const upload = (address: string) => () =>
      fetch(`${s.origin}/api/boards/${board.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${board.tokens.participant}`, ...from(address) }, body: PNG })
    const flood = await floodUntilRefused(UPLOAD_LIMIT.burst, 201, upload('203.0.113.10'))
    expect(flood.passed).toBeGreaterThanOrEqual(UPLOAD_LIMIT.burst)
    await expectRateLimited(flood.refused, 'uploads')
    expect((await upload('203.0.113.11')()).status).toBe(201)
  })

  it('answers a flood of new voters from one participant link with 429 and Retry-After; another address goes on', async () => {
    const s = (server = await startTestServer({ env: { TRUST_PROXY: 'true' } }))
    const board = await s.createBoard()
    const newVoter = (address: string) => () => fetch(`${s.origin}/api/boards/${board.id}/voter`, { method: 'POST', headers: { authorization: `Bearer ${board.tokens.participant}`, ...from(address) } })
    const flood = await floodUntilRefused(VOTER_LIMIT.burst, 201, newVoter('203.0.113.12'))
    expect(flood.passed).toBeGreaterThanOrEqual(VOTER_LIMIT.burst)
    await expectRateLimited(flood.refused, 'new voters')
    expect((await newVoter('203.0.113.13')()).status).toBe(201)
  })
})

describe('creation limits without a trusted proxy', () => {
  it('ignores X-Forwarded-For and does not limit our own loopback peer, so local tools and tests are never throttled', async () => {
    const s = (server = await startTestServer())
    for (let i = 0; i < BOARD_CREATION_LIMIT.burst + 5; i++) expect((await createBoard(s, `203.0.113.${i % 2}`)).status).toBe(201)
  })
})
