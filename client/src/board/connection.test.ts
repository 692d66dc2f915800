import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, recordsArray, SYNC_SUBPROTOCOL } from '@whiteboard/shared'
import { BoardConnection, type ConnectionStatus } from './connection'
import { LOCAL_ORIGIN } from './yjsBinding'
import { en } from '../i18n/en'
import { nb } from '../i18n/nb'
import { startSyncServer, WebSocketForNode, type TestSyncServer } from '../test/syncServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

let boardCounter = 0
function newBoardId(): string {
  boardCounter++
  return `board${String(boardCounter).padStart(17, '0')}${Date.now() % 100000}`.slice(0, 22)
}

async function server(port = 0): Promise<TestSyncServer> {
  const s = await startSyncServer(port)
  cleanups.push(() => s.close())
  return s
}

function connect(url: string, boardId: string, opts: { lang?: 'nb' | 'en'; cache?: boolean; doc?: Y.Doc; voterToken?: Promise<string | undefined> } = {}) {
  const doc = opts.doc ?? new Y.Doc()
  const connection = new BoardConnection({
    boardId,
    token: 'participant.test-token',
    voterToken: opts.voterToken,
    doc,
    lang: opts.lang ?? 'nb',
    serverUrl: url,
    cache: opts.cache ?? false,
    WebSocketPolyfill: WebSocketForNode,
  })
  const seen: ConnectionStatus[] = [connection.getStatus()]
  connection.subscribe((status) => seen.push(status))
  cleanups.push(() => connection.destroy())
  return { connection, doc, seen }
}

function seedBoard(doc: Y.Doc): void {
  recordsArray(doc).push([{ key: 'page:seeded', val: { id: 'page:seeded', typeName: 'page' } }])
}

const waitFor = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 10_000, interval: 10 })

describe('BoardConnection', () => {
  it('goes from connecting to synced and receives the board', async () => {
    const s = await server()
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))

    const { connection, doc, seen } = connect(s.url, boardId)

    expect(seen[0]).toEqual({ kind: 'connecting' })
    await expect(connection.loaded).resolves.toBe('server')
    await waitFor(() => expect(connection.getStatus()).toEqual({ kind: 'synced' }))
    expect(recordsArray(doc).toArray().map((e) => e.key)).toEqual(['page:seeded'])
  })

  it('sends the board token and the voter token as subprotocols, never in the URL', async () => {
    const s = await server()
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))
    let giveVoter: (token: string) => void = () => {}
    const voterToken = new Promise<string | undefined>((resolve) => (giveVoter = resolve))

    const { connection } = connect(s.url, boardId, { voterToken })
    // The server binds the voter at connect, so the connection waits for the voter token.
    expect(s.handshakes).toEqual([])
    giveVoter('voter00000000001.sig')
    await expect(connection.loaded).resolves.toBe('server')
    expect(s.handshakes).toEqual([
      { url: `/sync/${boardId}`, protocols: [SYNC_SUBPROTOCOL, 'token.participant.test-token', 'voter.voter00000000001.sig'] },
    ])
    expect(connection.provider.ws?.protocol).toBe(SYNC_SUBPROTOCOL)
  })

  it('connects without a voter token when none could be had', async () => {
    const s = await server()
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))
    const { connection } = connect(s.url, boardId, { voterToken: Promise.resolve(undefined) })
    await expect(connection.loaded).resolves.toBe('server')
    expect(s.handshakes).toEqual([{ url: `/sync/${boardId}`, protocols: [SYNC_SUBPROTOCOL, 'token.participant.test-token'] }])
  })

  it('shows the server reason for a terminal close and stops reconnecting', async () => {
    const s = await server()
    s.refuseWith = { code: CloseCode.AUTH_DENIED, reason: 'token is for another board' }

    const { connection } = connect(s.url, newBoardId(), { lang: 'en' })

    await waitFor(() => expect(connection.getStatus().kind).toBe('refused'))
    expect(connection.getStatus()).toEqual({
      kind: 'refused',
      code: CloseCode.AUTH_DENIED,
      message: en.refusal.authDenied,
      serverReason: 'token is for another board',
    })
    expect(connection.provider.shouldConnect).toBe(false)
    expect(connection.provider.ws).toBeNull()
    expect(s.connections).toBe(1)
  })

  it('maps the refusal to Norwegian for nb boards', async () => {
    const s = await server()
    s.refuseWith = { code: CloseCode.BOARD_NOT_FOUND, reason: 'no such board' }

    const { connection } = connect(s.url, newBoardId(), { lang: 'nb' })

    await waitFor(() => expect(connection.getStatus()).toMatchObject({ kind: 'refused', message: nb.refusal.notFound }))
  })

  it('reconnects after a server restart close (1012)', async () => {
    const s = await server()
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))
    const { connection, seen } = connect(s.url, boardId)
    await waitFor(() => expect(connection.getStatus().kind).toBe('synced'))

    s.dropAll(CloseCode.SERVICE_RESTART)

    await waitFor(() => expect(seen.some((status) => status.kind === 'offline')).toBe(true))
    await waitFor(() => expect(connection.getStatus().kind).toBe('synced'))
    expect(s.connections).toBe(2)
  })

  it('keeps trying to get back onto a full board it was on, and turns a newcomer away from it', async () => {
    const s = await server()
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))
    const { connection, seen } = connect(s.url, boardId)
    await waitFor(() => expect(connection.getStatus().kind).toBe('synced'))

    // Its node went away, and its seat is still held when it comes back.
    s.refuseWith = { code: CloseCode.BOARD_FULL, reason: 'board full' }
    s.dropAll(CloseCode.SERVICE_RESTART)
    await waitFor(() => expect(s.connections).toBeGreaterThanOrEqual(3))
    expect(seen.some((status) => status.kind === 'refused')).toBe(false)
    expect(connection.getStatus().kind).toBe('offline')

    s.refuseWith = undefined
    await waitFor(() => expect(connection.getStatus().kind).toBe('synced'))

    s.refuseWith = { code: CloseCode.BOARD_FULL, reason: 'board full' }
    const newcomer = connect(s.url, boardId, { lang: 'en' })
    await waitFor(() => expect(newcomer.connection.getStatus()).toMatchObject({ kind: 'refused', code: CloseCode.BOARD_FULL, message: en.refusal.boardFull }))
    expect(newcomer.connection.provider.shouldConnect).toBe(false)
  })

  it('waits a jittered backoff before each reconnect, never longer than y-websocket would', async () => {
    const s = await server()
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))
    const { connection } = connect(s.url, boardId)
    await waitFor(() => expect(connection.getStatus().kind).toBe('synced'))
    // The wait y-websocket takes after a close is min(2^n × 100 ms, maxBackoffTime).
    const waits: number[] = []
    connection.provider.on('connection-close', () => waits.push(Math.min(2 ** (connection.provider.wsUnsuccessfulReconnects + 1) * 100, connection.provider.maxBackoffTime)))
    // The random draw of this close takes a quarter off the first wait of 200 ms.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5)
    try {
      s.dropAll(CloseCode.SERVICE_RESTART)
      await waitFor(() => expect(waits).toHaveLength(1))
    } finally {
      random.mockRestore()
    }
    expect(waits).toEqual([150])
    await waitFor(() => expect(connection.getStatus().kind).toBe('synced'))
  })

  it('reports unsaved local changes while offline and sends them when the server is back', async () => {
    const s = await server()
    const port = s.port
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))
    const { connection, doc } = connect(s.url, boardId)
    await waitFor(() => expect(connection.getStatus().kind).toBe('synced'))

    await s.close()
    await waitFor(() => expect(connection.getStatus()).toEqual({ kind: 'offline', unsavedChanges: false }))

    doc.transact(() => recordsArray(doc).push([{ key: 'shape:offline', val: { id: 'shape:offline' } }]), LOCAL_ORIGIN)
    expect(connection.getStatus()).toEqual({ kind: 'offline', unsavedChanges: true })

    const again = await server(port)
    await waitFor(() => expect(connection.getStatus()).toEqual({ kind: 'synced' }))
    await waitFor(() =>
      expect(
        recordsArray(again.doc(boardId))
          .toArray()
          .map((e) => e.key),
      ).toContain('shape:offline'),
    )
  })

  it('opens the cached copy when the server cannot be reached', async () => {
    const s = await server()
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))
    const first = connect(s.url, boardId, { cache: true })
    await expect(first.connection.loaded).resolves.toBe('server')
    // y-indexeddb writes the first sync state in full once its own load finished.
    await waitFor(async () => {
      const probe = new Y.Doc()
      const { IndexeddbPersistence } = await import('y-indexeddb')
      const idb = new IndexeddbPersistence(`whiteboard:${boardId}`, probe)
      await idb.whenSynced
      const keys = recordsArray(probe).toArray().map((e) => e.key)
      await idb.destroy()
      expect(keys).toContain('page:seeded')
    })
    first.connection.destroy()
    await s.close()

    const offline = connect(s.url, boardId, { cache: true })

    await expect(offline.connection.loaded).resolves.toBe('cache')
    expect(recordsArray(offline.doc).toArray().map((e) => e.key)).toEqual(['page:seeded'])
    await waitFor(() => expect(offline.connection.getStatus().kind).toBe('offline'))
  })

  it('drops the offline copy when the server refuses a change this client sent, so a reload opens the server copy', async () => {
    const s = await server()
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))
    const { connection, doc } = connect(s.url, boardId, { cache: true })
    await expect(connection.loaded).resolves.toBe('server')
    doc.transact(() => recordsArray(doc).push([{ key: 'shape:refused', val: { id: 'shape:refused', typeName: 'shape' } }]), LOCAL_ORIGIN)
    await waitFor(async () => expect(await cachedKeys(boardId)).toContain('shape:refused'))

    s.dropAll(CloseCode.INVALID_UPDATE)

    await waitFor(() => expect(connection.getStatus()).toMatchObject({ kind: 'refused', code: CloseCode.INVALID_UPDATE }))
    await waitFor(async () => expect(await cachedKeys(boardId)).toEqual([]))
  })

  it('keeps the offline copy when the refusal is about access, not about a change', async () => {
    const s = await server()
    const boardId = newBoardId()
    seedBoard(s.doc(boardId))
    const { connection } = connect(s.url, boardId, { cache: true })
    await expect(connection.loaded).resolves.toBe('server')
    await waitFor(async () => expect(await cachedKeys(boardId)).toContain('page:seeded'))

    s.dropAll(CloseCode.AUTH_DENIED)

    await waitFor(() => expect(connection.getStatus()).toMatchObject({ kind: 'refused', code: CloseCode.AUTH_DENIED }))
    connection.destroy()
    expect(await cachedKeys(boardId)).toContain('page:seeded')
  })
})

/** The record keys in a board's IndexedDB copy, read through a separate doc. */
async function cachedKeys(boardId: string): Promise<string[]> {
  const { IndexeddbPersistence } = await import('y-indexeddb')
  const probe = new Y.Doc()
  const idb = new IndexeddbPersistence(`whiteboard:${boardId}`, probe)
  await idb.whenSynced
  const keys = recordsArray(probe).toArray().map((e) => e.key)
  await idb.destroy()
  return keys
}
