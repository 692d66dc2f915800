import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { votesMap } from '@whiteboard/shared'
import { forgetVoter, loadVoter, writeVoteEntry } from './voterId'

/** An in-memory Web Locks manager (exclusive, queued), shared by the "tabs" of one browser. */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>()
  return {
    request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      const run = (tails.get(name) ?? Promise.resolve()).then(callback)
      tails.set(
        name,
        run.catch(() => undefined),
      )
      return run
    },
  }
}

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  }
}

/** A voter route that issues voter n on its n-th call, and records what it was asked. */
function voterRoute(status = 201) {
  const calls: { url: string; auth: string | null }[] = []
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, auth: new Headers(init.headers).get('authorization') })
    const voterId = `voter${String(calls.length).padStart(11, '0')}`
    return new Response(JSON.stringify({ voterId, voterToken: `${voterId}.signature` }), { status })
  }) as unknown as typeof fetch
  return { calls, fetchImpl }
}

describe('loadVoter', () => {
  it('asks the server once per board and browser; every later load, tab and reload gets the kept voter', async () => {
    const storage = memoryStorage()
    const locks = fakeLocks()
    const route = voterRoute()
    const first = await loadVoter('board1', 'participant.tok', { storage, locks, fetchImpl: route.fetchImpl })
    expect(first).toEqual({ voterId: 'voter00000000001', voterToken: 'voter00000000001.signature' })
    expect(route.calls).toEqual([{ url: '/api/boards/board1/voter', auth: 'Bearer participant.tok' }])
    expect(await loadVoter('board1', 'participant.tok', { storage, locks, fetchImpl: route.fetchImpl })).toEqual(first)
    expect(route.calls).toHaveLength(1)
    // Another board: another voter.
    expect((await loadVoter('board2', 'participant.tok', { storage, locks, fetchImpl: route.fetchImpl }))?.voterId).toBe('voter00000000002')
  })

  it('gives two tabs opening the board at once the same voter', async () => {
    const storage = memoryStorage()
    const locks = fakeLocks()
    const route = voterRoute()
    const [a, b] = await Promise.all([0, 1].map(() => loadVoter('board1', 't', { storage, locks, fetchImpl: route.fetchImpl })))
    expect(a).toEqual(b)
    expect(route.calls).toHaveLength(1)
  })

  it('has no voter when the server says no or cannot be reached, and keeps nothing', async () => {
    const storage = memoryStorage()
    expect(await loadVoter('board1', 'viewer.t', { storage, locks: undefined, fetchImpl: voterRoute(403).fetchImpl })).toBeUndefined()
    const offline = (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch
    expect(await loadVoter('board1', 't', { storage, locks: undefined, fetchImpl: offline })).toBeUndefined()
    expect(storage.data.size).toBe(0)
  })

  it('asks again after a damaged kept value, or after forgetVoter', async () => {
    const storage = memoryStorage({ 'whiteboard.voter.board1': '{"voterId":"1234","voterToken":"x"}' })
    const route = voterRoute()
    expect((await loadVoter('board1', 't', { storage, locks: undefined, fetchImpl: route.fetchImpl }))?.voterId).toBe('voter00000000001')
    forgetVoter('board1', storage)
    expect((await loadVoter('board1', 't', { storage, locks: undefined, fetchImpl: route.fetchImpl }))?.voterId).toBe('voter00000000002')
  })
})

describe('writeVoteEntry', () => {
  it("writes the entry under the voter id as the doc's own client (the server checks the connection's voter, not the client id)", () => {
    const doc = new Y.Doc()
    const own = doc.clientID
    const before = Y.encodeStateVector(doc)
    writeVoteEntry(doc, 'voter00000000001', { roundId: 'r1', noteIds: ['shape:a'] })
    const { structs } = Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before))
    expect(structs.map((s) => s.id.client)).toEqual([own])
    expect(votesMap(doc).get('voter00000000001')).toEqual({ roundId: 'r1', noteIds: ['shape:a'] })
  })
})
