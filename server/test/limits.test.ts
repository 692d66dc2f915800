import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode, MAX_CONNECTIONS_PER_BOARD } from '@whiteboard/shared'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { MAX_PRESENCE_DEPTH, MAX_PRESENCE_NODES } from '../src/sync/presenceStateShape'
import { MAX_PRESENCE_STATE_BYTES, MESSAGE_BURST, PRESENCE_QUERY_BURST, SYNC_REQUEST_BURST, SYNC_REQUESTS_PER_MINUTE } from '../src/sync/syncLimits'
import { rawSocket, type RawSocket } from './rawSocket'
import { rectangle } from './records'
import { entryKeys, storedDoc } from './storedDoc'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'
import { wordyText } from '@whiteboard/shared/test/wordyText'

let server: TestServer | undefined
let clients: SyncClient[] = []
let sockets: RawSocket[] = []

afterEach(async () => {
  for (const c of clients) c.destroy()
  for (const s of sockets) s.ws.terminate()
  clients = []
  sockets = []
  await server?.dispose()
  server = undefined
})

function client(boardId: string, token: string): SyncClient {
  const c = connectClient(server!.syncUrl, boardId, token)
  clients.push(c)
  return c
}

function socket(boardId: string, token: string, headers?: Record<string, string>): RawSocket {
  const s = rawSocket(`${server!.syncUrl}/${boardId}?token=${encodeURIComponent(token)}`, headers ? { headers } : {})
  sockets.push(s)
  return s
}

/** A query-awareness message: harmless, answered with presence, and padded to any size (the rest of the frame is not read). */
function queryAwareness(bytes = 1): Buffer {
  const frame = Buffer.alloc(bytes)
  frame[0] = 3
  return frame
}

/** A note whose text makes each update about `chars` bytes. */
function bulkyNote(n: number, chars: number) {
  return { ...rectangle(n, wordyText(chars)), id: `shape:bulk${n}` }
}

/** An awareness message carrying one state (`json`) for `clientId`, as a stock client writes it. */
function presenceFrame(clientId: number, json: string): Uint8Array {
  const p = encoding.createEncoder()
  encoding.writeVarUint(p, 1)
  encoding.writeVarUint(p, clientId)
  encoding.writeVarUint(p, 1)
  encoding.writeVarString(p, json)
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(p))
  return encoding.toUint8Array(e)
}

/** A fresh server and board with two participants in sync. */
async function twoParticipants() {
  server = await startTestServer()
  const board = await server.createBoard()
  const a = client(board.id, board.tokens.participant)
  const b = client(board.id, board.tokens.participant)
  await waitFor(() => a.provider.synced && b.provider.synced, { what: 'sync' })
  return { board, a, b }
}

describe('limits', () => {
  it('refuses a connection that sends more messages than its token bucket holds, and one that sends too many bytes', async () => {
    server = await startTestServer({ options: { syncLimits: { bytesPerSecond: 64 * 1024, byteBurst: 256 * 1024 } } })
    const board = await server.createBoard()
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.participant)
    await waitFor(() => a.provider.synced && b.provider.synced, { what: 'sync' })

    const flood = socket(board.id, board.tokens.participant)
    await flood.opened
    for (let i = 0; i < MESSAGE_BURST + 50; i++) flood.ws.send(queryAwareness())
    const closed = await flood.closed
    expect(closed.code).toBe(CloseCode.RATE_LIMITED)
    expect(closed.reason).toBe('Too many messages from this connection (at most 200 messages and 64 KiB per second)')

    const heavy = socket(board.id, board.tokens.participant)
    await heavy.opened
    for (let i = 0; i < 6; i++) heavy.ws.send(queryAwareness(64 * 1024))
    expect((await heavy.closed).code).toBe(CloseCode.RATE_LIMITED)

    // Honest clients in the room never noticed.
    a.records.set('shape:rect1', rectangle(1))
    await waitFor(() => b.shapeIds().includes('shape:rect1'), { what: 'the room to keep working' })
    expect([...a.closes, ...b.closes]).toEqual([])
  })

  it('answers a few sync requests from a connection at once, then refuses the next: each could cost an encoding of the whole board', async () => {
    server = await startTestServer()
    const board = await server.createBoard()
    const honest = client(board.id, board.tokens.participant)
    await waitFor(() => honest.provider.synced, { what: 'sync' })
    const asker = socket(board.id, board.tokens.participant)
    await asker.opened
    await waitFor(() => asker.received.frames >= 1, { what: "the server's own sync step 1" })
    const before = asker.received.frames
    // Sync step 1 naming a client the board has never seen, which once bypassed the newcomers' answer.
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint8Array(e, Y.encodeStateVector(new Map([[123_456, 1]])))
    const ask = encoding.toUint8Array(e)
    for (let i = 0; i < SYNC_REQUEST_BURST; i++) asker.ws.send(ask)
    await waitFor(() => asker.received.frames >= before + SYNC_REQUEST_BURST, { what: 'every request within the burst answered' })
    asker.ws.send(ask)
    expect(await asker.closed).toEqual({ code: CloseCode.RATE_LIMITED, reason: `Too many sync requests from this connection (at most ${SYNC_REQUESTS_PER_MINUTE} a minute)` })
    expect(honest.closes).toEqual([])
  })

  it(`refuses connection ${MAX_CONNECTIONS_PER_BOARD + 1} to one board with BOARD_FULL; other boards still take people`, async () => {
    server = await startTestServer()
    const board = await server.createBoard()
    const other = await server.createBoard()
    const joined = Array.from({ length: MAX_CONNECTIONS_PER_BOARD }, () => socket(board.id, board.tokens.participant))
    await waitFor(() => joined.every((s) => s.received.frames > 0), { what: `${MAX_CONNECTIONS_PER_BOARD} connections to join`, timeoutMs: 20_000 })
    const extra = socket(board.id, board.tokens.viewer)
    expect(await extra.closed).toEqual({ code: CloseCode.BOARD_FULL, reason: `The board is full: at most ${MAX_CONNECTIONS_PER_BOARD} connections at once` })
    expect(extra.denials).toEqual([`The board is full: at most ${MAX_CONNECTIONS_PER_BOARD} connections at once`])

    const elsewhere = client(other.id, other.tokens.participant)
    await waitFor(() => elsewhere.provider.synced, { what: 'another board to take a connection' })
    // A place frees up when someone leaves.
    joined[0]!.ws.close()
    await joined[0]!.closed
    const next = client(board.id, board.tokens.viewer)
    await waitFor(() => next.provider.synced, { what: 'a connection after someone left' })
  })

  it('limits connections per client address behind a trusted proxy, and not loopback ones without it', async () => {
    server = await startTestServer({ env: { TRUST_PROXY: 'true', MAX_CONNECTIONS_PER_IP: '3' } })
    const board = await server.createBoard()
    const from = (ip: string) => socket(board.id, board.tokens.participant, { 'X-Forwarded-For': `10.9.9.9, ${ip}` })
    const three = [from('203.0.113.7'), from('203.0.113.7'), from('203.0.113.7')]
    await waitFor(() => three.every((s) => s.received.frames > 0), { what: 'three connections' })
    const fourth = from('203.0.113.7')
    expect(await fourth.closed).toEqual({ code: CloseCode.TOO_MANY_CONNECTIONS, reason: 'Too many connections from your address (at most 3)' })
    const neighbour = from('203.0.113.8')
    await waitFor(() => neighbour.received.frames > 0, { what: 'another address' })
    three[0]!.ws.close()
    await three[0]!.closed
    const again = from('203.0.113.7')
    await waitFor(() => again.received.frames > 0, { what: 'a connection after one closed' })

    // Straight from loopback (a local proxy without TRUST_PROXY, a local tool): not limited.
    await server.dispose()
    server = await startTestServer({ env: { MAX_CONNECTIONS_PER_IP: '3' } })
    const local = await server.createBoard()
    const many = Array.from({ length: 6 }, () => socket(local.id, local.tokens.participant))
    await waitFor(() => many.every((s) => s.received.frames > 0), { what: 'six loopback connections' })
  })

  it('counts a loopback address that came in X-Forwarded-For behind a trusted proxy: only our own socket peer is exempt', async () => {
    server = await startTestServer({ env: { TRUST_PROXY: 'true', MAX_CONNECTIONS_PER_IP: '3' } })
    const board = await server.createBoard()
    const spoofed = () => socket(board.id, board.tokens.participant, { 'X-Forwarded-For': '127.0.0.1' })
    const three = [spoofed(), spoofed(), spoofed()]
    await waitFor(() => three.every((s) => s.received.frames > 0), { what: 'three connections' })
    expect((await spoofed().closed).code).toBe(CloseCode.TOO_MANY_CONNECTIONS)
    // Straight from loopback with no forwarded address (a local tool): still not limited.
    const local = Array.from({ length: 4 }, () => socket(board.id, board.tokens.participant))
    await waitFor(() => local.every((s) => s.received.frames > 0), { what: 'four direct loopback connections' })
  })

  it('refuses pages from other origins; the app origin, listed origins and non-browser clients pass', async () => {
    server = await startTestServer({ env: { ALLOWED_ORIGINS: 'https://intranett.kommune.no' } })
    const board = await server.createBoard()
    const evil = socket(board.id, board.tokens.participant, { Origin: 'https://evil.example' })
    expect(await evil.closed).toEqual({ code: CloseCode.ORIGIN_NOT_ALLOWED, reason: 'This page is not allowed to connect to the board server' })
    const sandboxed = socket(board.id, board.tokens.participant, { Origin: 'null' })
    expect((await sandboxed.closed).code).toBe(CloseCode.ORIGIN_NOT_ALLOWED)

    const allowed = [
      socket(board.id, board.tokens.participant, { Origin: server.origin }),
      socket(board.id, board.tokens.participant, { Origin: 'https://intranett.kommune.no' }),
      socket(board.id, board.tokens.participant),
    ]
    await waitFor(() => allowed.every((s) => s.received.frames > 0), { what: 'allowed origins to join' })
  })

  it('refuses writes that would grow a board past its size limit, with a message; deletions still pass', async () => {
    const maxBytes = 64 * 1024
    server = await startTestServer({ env: { MAX_BOARD_BYTES: String(maxBytes) } })
    const board = await server.createBoard()
    const writer = client(board.id, board.tokens.participant)
    const facilitator = client(board.id, board.tokens.facilitator)
    await waitFor(() => writer.provider.synced && facilitator.provider.synced, { what: 'sync' })
    let n = 0
    while (writer.closes.length === 0 && n < 40) {
      n++
      writer.records.set(`shape:bulk${n}`, bulkyNote(n, 4000))
      const sent = n
      await waitFor(() => writer.closes.length > 0 || facilitator.shapeIds().includes(`shape:bulk${sent}`), { what: `write ${n}` })
    }
    expect(writer.closes[0]).toEqual({ code: CloseCode.BOARD_TOO_LARGE, reason: 'The board has reached its maximum size (64 KiB); nothing more can be added' })
    expect(n).toBeGreaterThan(5)
    const stored = entryKeys(await storedDoc(server.server.storage, board.id))
    expect(stored).not.toContain(`shape:bulk${n}`)
    expect(server.server.rooms.peek(board.id)!.boardBytes).toBeLessThanOrEqual(maxBytes)

    facilitator.records.delete('shape:bulk1')
    await waitFor(async () => !entryKeys(await storedDoc(server!.server.storage, board.id)).includes('shape:bulk1'), { what: 'a deletion past the limit' })
    expect(facilitator.closes).toEqual([])
  })

  it('drops a client that stops reading once its send buffer passes the bound; the others keep up', async () => {
    server = await startTestServer({ options: { syncLimits: { maxBufferedBytes: 256 * 1024 } } })
    const board = await server.createBoard()
    const writer = client(board.id, board.tokens.participant)
    const reader = client(board.id, board.tokens.viewer)
    await waitFor(() => writer.provider.synced && reader.provider.synced, { what: 'sync' })
    const slow = socket(board.id, board.tokens.viewer)
    await waitFor(() => slow.received.frames > 0, { what: 'the slow client to join' })
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    const tcp = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
    tcp.pause()

    // How much the kernel's socket buffers take before the server's own buffer grows depends
    // on their autotuning, so the writer goes on until the server drops the slow client.
    const dropped = async () => /whiteboard_refusals_total\{reason="slow_consumer"\} 1/.test(await (await fetch(`${server!.origin}/metrics`)).text())
    let written = 0
    while (!(await dropped())) {
      expect(written, 'written before the slow client was dropped').toBeLessThan(400)
      for (let n = 0; n < 10; n++) writer.records.set(`shape:bulk${++written}`, bulkyNote(written, 50_000))
      await waitFor(() => reader.shapeIds().includes(`shape:bulk${written}`), { what: `write ${written} to reach the reader` })
    }
    tcp.resume()
    expect(await slow.closed).toEqual({ code: CloseCode.SLOW_CONSUMER, reason: 'The connection is too slow to keep up with the board' })
    expect(reader.shapeIds()).toHaveLength(written)
    expect([...writer.closes, ...reader.closes]).toEqual([])
    expect(slow.ws.readyState).toBe(WebSocket.CLOSED)
  })

  it('refuses a presence state larger than MAX_PRESENCE_STATE_BYTES; ordinary presence passes', async () => {
    const { board, a, b } = await twoParticipants()
    a.provider.awareness.setLocalStateField('user', { name: 'Kari' })
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), { what: 'ordinary presence' })

    const huge = JSON.stringify({ user: { name: 'x'.repeat(MAX_PRESENCE_STATE_BYTES) } })
    const spammer = socket(board.id, board.tokens.viewer)
    await spammer.opened
    spammer.ws.send(presenceFrame(424242, huge))
    expect(await spammer.closed).toEqual({ code: CloseCode.INVALID_UPDATE, reason: 'Refused presence data larger than 256 KiB' })
    expect(b.provider.awareness.getStates().has(424242)).toBe(false)
  })

  it('refuses a presence state nested too deeply or made of too many objects, which once took the process down; the room goes on', async () => {
    const { board, a, b } = await twoParticipants()
    const cases = [
      // 10 kB: JSON.parse takes it; encoding it for the peers overflowed the stack outside any handler.
      { json: `{"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`, reason: `Presence nested deeper than ${MAX_PRESENCE_DEPTH} levels` },
      { json: JSON.stringify({ points: Array.from({ length: MAX_PRESENCE_NODES }, () => ({})) }), reason: `Presence of more than ${MAX_PRESENCE_NODES} objects and lists` },
    ]
    for (const [i, c] of cases.entries()) {
      const viewer = socket(board.id, board.tokens.viewer)
      await viewer.opened
      viewer.ws.send(presenceFrame(424_242 + i, c.json))
      expect(await viewer.closed).toEqual({ code: CloseCode.INVALID_UPDATE, reason: c.reason })
    }
    a.provider.awareness.setLocalStateField('user', { name: 'Kari', trail: Array.from({ length: 200 }, (_, x) => ({ x, y: x })) })
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user !== undefined, { what: 'ordinary presence' })
    expect(b.provider.awareness.getStates().has(424_242)).toBe(false)
    expect([...a.closes, ...b.closes]).toEqual([])
  })

  it('answers a few queries for the whole presence at once and lets the rest go unanswered: each answer may be megabytes', async () => {
    server = await startTestServer()
    const board = await server.createBoard()
    const a = client(board.id, board.tokens.participant)
    a.provider.awareness.setLocalStateField('user', { name: 'Kari' })
    const asker = socket(board.id, board.tokens.viewer)
    // What the asker receives, in order: 'presence', 'sync answer' (a sync step 2), or 'other'.
    const received: string[] = []
    asker.ws.on('message', (data: Buffer) => received.push(data[0] === 1 ? 'presence' : data[0] === 0 && data[1] === 1 ? 'sync answer' : 'other'))
    await asker.opened
    await waitFor(() => received.includes('presence'), { what: "Kari's presence on joining" })
    const from = received.length
    for (let i = 0; i < 20; i++) asker.ws.send(queryAwareness())
    // A sync step 1 after them: the connection handles its frames in order, so every answer to
    // a query comes before the answer to this.
    const step1 = encoding.createEncoder()
    encoding.writeVarUint(step1, 0)
    encoding.writeVarUint(step1, 0)
    encoding.writeVarUint8Array(step1, new Uint8Array([0]))
    asker.ws.send(encoding.toUint8Array(step1))
    await waitFor(() => received.indexOf('sync answer', from) >= 0, { what: 'the sync answer' })
    const answered = received.slice(from, received.indexOf('sync answer', from)).filter((kind) => kind === 'presence').length
    // The bucket refills one a second: a stalled machine may let one more through, never all 20.
    expect(answered).toBeGreaterThanOrEqual(PRESENCE_QUERY_BURST)
    expect(answered).toBeLessThan(PRESENCE_QUERY_BURST + 3)
    expect(asker.ws.readyState).toBe(WebSocket.OPEN)
  })

  it('never rate-limits honest clients in a busy room, where y-websocket echoes every presence update it receives', async () => {
    server = await startTestServer()
    const board = await server.createBoard()
    const people = Array.from({ length: 40 }, () => client(board.id, board.tokens.participant))
    await waitFor(() => people.every((p) => p.provider.synced), { what: 'sync', timeoutMs: 20_000 })
    // Everyone moves their cursor ten times a second for two seconds, and one person writes.
    let tick = 0
    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        tick++
        for (const p of people) p.provider.awareness.setLocalStateField('cursor', { x: tick, y: tick })
        people[0]!.records.set(`shape:t${tick}`, { ...rectangle(tick), id: `shape:t${tick}` })
        if (tick === 20) {
          clearInterval(timer)
          done()
        }
      }, 100)
    })
    await waitFor(() => people.every((p) => p.shapeIds().length === 20), { what: 'the writes to arrive', timeoutMs: 20_000 })
    expect(people.flatMap((p) => p.closes)).toEqual([])
  })
})
