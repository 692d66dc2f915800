import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode, recordsArray, SYNC_SUBPROTOCOL, syncSubprotocols } from '@whiteboard/shared'
import { URL_TOKEN_REFUSED } from '../src/auth/syncCredentials'
import { rawSocket } from './rawSocket'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let servers: TestServer[] = []
let clients: SyncClient[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  for (const s of servers) await s.dispose()
  servers = []
})

async function server(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer({ env })
  servers.push(s)
  return s
}

function client(s: TestServer, boardId: string, token: string, transport: 'url' | 'subprotocol'): SyncClient {
  const c = connectClient(s.syncUrl, boardId, token, { transport })
  clients.push(c)
  return c
}

describe('tokens in the subprotocol header instead of the URL', () => {
  it('syncs with the token in the subprotocol header; the server selects the sync subprotocol, never a token', async () => {
    const s = await server()
    const board = await s.createBoard()
    const c = client(s, board.id, board.tokens.participant, 'subprotocol')
    await waitFor(() => c.provider.synced, { what: 'sync' })
    expect(c.provider.ws?.protocol).toBe(SYNC_SUBPROTOCOL)
    expect(c.provider.ws?.url).toBe(`${s.syncUrl}/${board.id}`)
    expect(recordsArray(c.doc).length).toBeGreaterThan(0)

    // A wrong token in the header is refused like one in the URL.
    const forged = client(s, board.id, `${board.tokens.participant.slice(0, -2)}AA`, 'subprotocol')
    await waitFor(() => forged.closes.length > 0, { what: 'the refusal' })
    expect(forged.closes[0]).toEqual({ code: CloseCode.AUTH_DENIED, reason: 'The access token is not valid for this board' })
  })

  it('keeps stock clients working with the token in the URL by default', async () => {
    const s = await server()
    const board = await s.createBoard()
    const c = client(s, board.id, board.tokens.viewer, 'url')
    await waitFor(() => c.provider.synced, { what: 'sync' })
    expect(c.provider.ws?.protocol).toBe('')
  })

  it('refuses a token in the URL with SYNC_URL_TOKENS=refuse, header or not; the header alone still works', async () => {
    const s = await server({ SYNC_URL_TOKENS: 'refuse' })
    const board = await s.createBoard()
    const inUrl = client(s, board.id, board.tokens.participant, 'url')
    await waitFor(() => inUrl.closes.length > 0, { what: 'the refusal' })
    expect(inUrl.closes[0]).toEqual({ code: CloseCode.AUTH_DENIED, reason: URL_TOKEN_REFUSED })
    expect(inUrl.provider.synced).toBe(false)

    const both = rawSocket(`${s.syncUrl}/${board.id}?token=${board.tokens.participant}`, { protocols: syncSubprotocols(board.tokens.participant) })
    expect(await both.closed).toEqual({ code: CloseCode.AUTH_DENIED, reason: URL_TOKEN_REFUSED })

    const inHeader = client(s, board.id, board.tokens.participant, 'subprotocol')
    await waitFor(() => inHeader.provider.synced, { what: 'sync' })
    expect(inHeader.closes).toEqual([])
  })
})
