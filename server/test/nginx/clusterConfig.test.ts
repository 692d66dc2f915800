import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket, type ClientOptions } from 'ws'
import { MAX_UPLOAD_BYTES, type CreateBoardResponse } from '@whiteboard/shared'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { postgresPerFile } from '../postgres/postgresPerFile'
import { startRedis, type TestRedis } from '../redis/startRedis'
import { rectangle } from '../records'
import { connectClient, type SyncClient } from '../syncClient'
import { startTestServer, type TestServer } from '../testServer'
import { waitFor } from '../waitFor'
import { httpsRequest } from './httpsRequest'
import { clusterConf } from './clusterConf'
import { startNginx, type ProxiedRequest, type TestNginx } from './startNginx'
import { makeTestCertificate, type TestCertificate } from './testCertificate'

const postgres = postgresPerFile()

describe('the three-node nginx configuration (deploy/nginx/cluster.conf)', () => {
  const nodes: TestServer[] = []
  let redis: TestRedis | undefined
  let nginx: TestNginx | undefined
  let certDir = ''
  let cert: TestCertificate | undefined
  const clients: SyncClient[] = []
  const origin = () => `https://127.0.0.1:${nginx!.port}`
  const api = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {}) => httpsRequest(`${origin()}${path}`, cert!.pem, init)
  const postJson = async <T>(path: string, body: unknown) => {
    const res = await api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.body}`)
    return res.json<T>()
  }
  const client = (boardId: string, token: string) => {
    const ca = cert!.pem
    // A stock y-websocket client over wss:// that trusts the test certificate.
    class TrustingWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[], options?: ClientOptions) {
        super(address, protocols, { ...options, ca })
      }
    }
    const c = connectClient(`wss://127.0.0.1:${nginx!.port}/sync`, boardId, token, { WebSocket: TrustingWebSocket })
    clients.push(c)
    return c
  }
  /** The node (0, 1, 2) that answered last, read from nginx's upstream addresses; -1 for none. */
  const nodeOf = (request: ProxiedRequest) => nodes.findIndex((n) => request.upstream.split(', ').at(-1) === `127.0.0.1:${n.port}`)
  const requestsFor = (boardId: string) => nginx!.requests().filter((r) => r.path.includes(boardId))

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'wb-cert-'))
    cert = await makeTestCertificate(certDir)
    const databaseUrl = await postgres.newDatabase()
    redis = await startRedis()
    // Multi-node mode, as the nodes behind this file run.
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, BOARD_SECRET: randomBytes(32).toString('base64url'), TRUST_PROXY: 'true' }
    for (let i = 0; i < 3; i++) nodes.push(await startTestServer({ env }))
    nginx = await startNginx((port) => clusterConf(port, nodes.map((n) => n.port), cert!))
  }, 60_000)
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await nginx?.stop()
    for (const node of nodes) await node.dispose()
    await redis?.stop()
    rmSync(certDir, { recursive: true, force: true })
  })

  it('passes HTTP and websocket sync through, and sends every request about one board to one node', async () => {
    const boards: CreateBoardResponse[] = []
    for (let i = 0; i < 12; i++) boards.push(await postJson<CreateBoardResponse>('/api/boards', { title: `Tavle ${i}` }))
    // Links are built on the address the person used, passed on in the Host header.
    const link = new URL(boards[0]!.links.participant)
    expect([link.host, link.pathname]).toEqual([`127.0.0.1:${nginx!.port}`, `/b/${boards[0]!.id}`])

    for (const board of boards) {
      for (let n = 0; n < 3; n++) expect((await api(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })).status).toBe(200)
    }
    // Two boards get two stock y-websocket clients each, through nginx's websocket upgrade.
    for (const board of boards.slice(0, 2)) {
      const a = client(board.id, board.tokens.participant)
      const b = client(board.id, board.tokens.participant)
      await waitFor(() => a.provider.synced && b.provider.synced, { what: 'both clients to sync through nginx' })
      a.records.set('shape:rect1', rectangle(1, 'fra a'))
      await waitFor(() => b.shapeIds().includes('shape:rect1'), { what: "a's edit to reach b" })
      b.records.set('shape:rect2', rectangle(2, 'fra b'))
      await waitFor(() => a.shapeIds().includes('shape:rect2'), { what: "b's edit to reach a" })
      a.destroy()
      b.destroy()
    }
    // nginx logs a websocket when it closes.
    await waitFor(() => boards.slice(0, 2).every((b) => requestsFor(b.id).filter((r) => r.path.startsWith('/sync/')).length === 2), {
      what: 'the websockets in the access log',
    })
    // The sync upgrade answered 101 through nginx.
    expect(requestsFor(boards[0]!.id).filter((r) => r.path.startsWith('/sync/')).map((r) => r.status)).toEqual([101, 101])

    const nodeOfBoard = boards.map((board) => {
      const seen = new Set(requestsFor(board.id).map(nodeOf))
      expect(seen.size, `board ${board.id} went to nodes ${[...seen].join(', ')}`).toBe(1)
      return [...seen][0]!
    })
    expect(nodeOfBoard.every((n) => n >= 0)).toBe(true)
    // Twelve boards on one node of three would be a hash that does not spread (1 in 177,147 by chance).
    expect(new Set(nodeOfBoard).size).toBeGreaterThan(1)
  })

  it("sends a gathering's team-board routes to the node of that board, and spreads requests about no board", async () => {
    const gathering = await postJson<GatheringResponse>('/api/gatherings', { title: 'Samling', date: '2026-12-04', teams: [{ name: 'Lag 1' }, { name: 'Lag 2' }] })
    for (const team of gathering.boards) {
      const summon = await api(`/api/gatherings/${gathering.id}/boards/${team.id}/summon`, { method: 'POST', headers: { authorization: `Bearer ${gathering.facilitatorToken}` } })
      expect(summon.status).toBe(200)
      expect((await api(`/api/boards/${team.id}`, { headers: { authorization: `Bearer ${team.tokens.viewer}` } })).status).toBe(200)
      await waitFor(() => requestsFor(team.id).length === 2, { what: 'both requests in the access log' })
      expect(new Set(requestsFor(team.id).map(nodeOf)).size).toBe(1)
    }
    // The health check names no board: nginx spreads it over every node.
    for (let i = 0; i < 6; i++) expect((await api('/healthz')).status).toBe(200)
    await waitFor(() => nginx!.requests().filter((r) => r.path === '/healthz').length === 6, { what: 'the health checks in the access log' })
    expect(new Set(nginx!.requests().filter((r) => r.path === '/healthz').map(nodeOf))).toEqual(new Set([0, 1, 2]))
  })

  it("lets an upload up to the server's limit through, so the server answers a larger one itself", async () => {
    const board = await postJson<CreateBoardResponse>('/api/boards', {})
    const tooLarge = new Uint8Array(MAX_UPLOAD_BYTES + 1)
    tooLarge.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const res = await api(`/api/boards/${board.id}/assets`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${board.tokens.participant}` },
      body: tooLarge,
    })
    expect(res.status).toBe(413)
    // The server's JSON refusal, not nginx's HTML page.
    expect(res.json<{ error: string }>().error).toBe('too_large')
  })

  it("moves a board's people to another node when its node stops, and any node serves any board (the hash only saves fan-out)", async () => {
    const board = await postJson<CreateBoardResponse>('/api/boards', { title: 'Flytter' })
    expect((await api(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })).status).toBe(200)
    await waitFor(() => requestsFor(board.id).length === 1, { what: 'the request in the access log' })
    const home = nodeOf(requestsFor(board.id)[0]!)
    const other = (home + 1) % nodes.length

    // One client through nginx (on the board's node), one straight on another node.
    const viaNginx = client(board.id, board.tokens.participant)
    const direct = connectClient(nodes[other]!.syncUrl, board.id, board.tokens.participant)
    clients.push(direct)
    await waitFor(() => viaNginx.provider.synced && direct.provider.synced, { what: 'both clients to sync' })
    viaNginx.records.set('shape:rect3', rectangle(3, 'via nginx'))
    await waitFor(() => direct.shapeIds().includes('shape:rect3'), { what: 'the edit to cross to the other node' })

    // The board's node stops (its clients are told 1012 and reconnect): nginx sends them to the next node.
    await nodes[home]!.stop()
    await waitFor(() => viaNginx.closes.length === 1, { what: 'the client to be told its node stops' })
    expect(viaNginx.closes[0]!.code).toBe(1012)
    await waitFor(() => viaNginx.provider.wsconnected && viaNginx.provider.synced, { what: 'the client to be back through nginx' })
    viaNginx.records.set('shape:rect4', rectangle(4, 'flyttet'))
    await waitFor(() => direct.shapeIds().includes('shape:rect4'), { what: 'the edit after the move to reach the other client' })
    expect((await api(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })).json<{ title: string }>().title).toBe('Flytter')
    viaNginx.destroy()
    await waitFor(() => requestsFor(board.id).length === 4, { what: 'every request in the access log' })

    const [before, after] = [requestsFor(board.id).slice(0, 2), requestsFor(board.id).slice(2)]
    expect(before.map(nodeOf)).toEqual([home, home])
    // Every request after the stop was answered by one other node.
    const answeredBy = new Set(after.map(nodeOf))
    expect(answeredBy.size).toBe(1)
    expect([...answeredBy][0]).not.toBe(home)
    expect([...answeredBy][0]).toBeGreaterThanOrEqual(0)
  })
})
