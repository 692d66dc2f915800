import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { CloseCode } from '@whiteboard/shared'
import type { GatheringResponse, GatheringStatusResponse } from '@whiteboard/shared/api/gatheringsApi'
import { MAX_PRESENCE_IDS_PER_CONNECTION } from '../src/sync/presenceLimits'
import type { PresenceLimits } from '../src/sync/presenceLimits'
import { MessageType } from '../src/sync/syncMessages'
import { rawSocket, type RawSocket } from './rawSocket'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { waitFor } from './waitFor'

let server: TestServer
let clients: SyncClient[] = []
let sockets: RawSocket[] = []

beforeEach(async () => {
  server = await startTestServer()
})
afterEach(async () => {
  for (const c of clients) c.destroy()
  for (const s of sockets) s.ws.terminate()
  clients = []
  sockets = []
  await server.dispose()
})

function client(boardId: string, token: string): SyncClient {
  const c = connectClient(server.syncUrl, boardId, token)
  clients.push(c)
  return c
}

function socket(boardId: string, token: string): RawSocket {
  const s = rawSocket(`${server.syncUrl}/${boardId}?token=${encodeURIComponent(token)}`)
  sockets.push(s)
  return s
}

interface Entry {
  clientId: number
  clock: number
  state: unknown
}

/** An awareness message as y-protocols encodes one, with whatever client ids, clocks and states the attacker picks. */
function awarenessMessage(entries: readonly Entry[]): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, JSON.stringify(state))
  }
  const message = encoding.createEncoder()
  encoding.writeVarUint(message, MessageType.AWARENESS)
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update))
  return encoding.toUint8Array(message)
}

function person(id: string, name: string, role = 'facilitator'): { user: { id: string; name: string; color: string; role: string }; presence: null } {
  return { user: { id, name, color: '#1971c2', role }, presence: null }
}

type PersonState = ReturnType<typeof person>

function stateOf(c: SyncClient, clientId: number): PersonState | undefined {
  return c.provider.awareness.getStates().get(clientId) as PersonState | undefined
}

async function metric(name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${server.origin}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `))
  return line ? Number(line.split(' ')[1]) : 0
}

describe('presence bound to the connection that announced it', () => {
  it("drops a viewer's entries under another connection's id: the facilitator is neither renamed nor removed; its own entries pass", async () => {
    const board = await server.createBoard()
    const kari = client(board.id, board.tokens.facilitator)
    const observer = client(board.id, board.tokens.participant)
    kari.provider.awareness.setLocalState(person('kari', 'Kari'))
    await waitFor(() => stateOf(observer, kari.doc.clientID)?.user.name === 'Kari', { what: "the facilitator's presence" })
    const kariClock = kari.provider.awareness.meta.get(kari.doc.clientID)!.clock

    const attacker = socket(board.id, board.tokens.viewer)
    await attacker.opened
    const own = 770001
    // Each message also carries an entry under the attacker's own id: once the observer has
    // that, it would have had the forged entry of the same message too.
    attacker.ws.send(
      awarenessMessage([
        { clientId: kari.doc.clientID, clock: kariClock + 10, state: person('kari', 'Kari Facilitator: vote for B!') },
        { clientId: own, clock: 1, state: person('fake', 'Kari (facilitator)') },
      ]),
    )
    await waitFor(() => stateOf(observer, own), { what: "the attacker's own entry" })
    expect(stateOf(observer, kari.doc.clientID)?.user.name).toBe('Kari')
    // The attacker's own state is shown with the role its token has, whatever it claimed.
    expect(stateOf(observer, own)?.user).toEqual({ id: 'fake', name: 'Kari (facilitator)', color: '#1971c2', role: 'viewer' })

    attacker.ws.send(
      awarenessMessage([
        { clientId: kari.doc.clientID, clock: kariClock + 11, state: null },
        { clientId: own, clock: 2, state: person('fake', 'still here') },
      ]),
    )
    await waitFor(() => stateOf(observer, own)?.user.name === 'still here', { what: "the attacker's second entry" })
    expect(stateOf(observer, kari.doc.clientID)?.user.name).toBe('Kari')
    expect(stateOf(kari, kari.doc.clientID)?.user.name).toBe('Kari')
    expect(await metric('whiteboard_presence_dropped_total', '{reason="not_owner"}')).toBe(2)
    expect([...kari.closes, ...observer.closes]).toEqual([])
  })

  it('writes the role the server knows into every relayed state: a participant claiming facilitator is shown as participant', async () => {
    const board = await server.createBoard()
    const kari = client(board.id, board.tokens.facilitator)
    const ola = client(board.id, board.tokens.participant)
    const vera = client(board.id, board.tokens.viewer)
    kari.provider.awareness.setLocalState(person('kari', 'Kari', 'facilitator'))
    ola.provider.awareness.setLocalState(person('ola', 'Ola', 'facilitator'))
    vera.provider.awareness.setLocalState(person('vera', 'Vera', 'facilitator'))
    await waitFor(() => stateOf(kari, ola.doc.clientID) && stateOf(kari, vera.doc.clientID) && stateOf(ola, kari.doc.clientID), { what: 'everyone' })
    expect(stateOf(kari, ola.doc.clientID)?.user.role).toBe('participant')
    expect(stateOf(kari, vera.doc.clientID)?.user.role).toBe('viewer')
    expect(stateOf(ola, kari.doc.clientID)?.user.role).toBe('facilitator')
    // Later changes are stamped too.
    ola.provider.awareness.setLocalStateField('user', { id: 'ola', name: 'Ola (fasilitator)', color: '#1971c2', role: 'facilitator' })
    await waitFor(() => stateOf(kari, ola.doc.clientID)?.user.name === 'Ola (fasilitator)', { what: "Ola's new name" })
    expect(stateOf(kari, ola.doc.clientID)?.user.role).toBe('participant')
    // Honest clients echo every state they receive: none of that is taken for a forgery.
    expect(await metric('whiteboard_presence_dropped_total', '{reason="not_owner"}')).toBe(0)
  })

  it('closes a connection that announces more ids than a few tabs need (4029), and the gathering overview counts one person per connection', async () => {
    const res = await fetch(`${server.origin}/api/gatherings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Samling', date: '2026-03-12', teams: [{ name: 'Asker' }] }),
    })
    expect(res.status).toBe(201)
    const g = (await res.json()) as GatheringResponse
    const board = g.boards[0]!
    const people = async () => {
      const status = (await (await fetch(`${server.origin}/api/gatherings/${g.id}/status`, { headers: { authorization: `Bearer ${g.facilitatorToken}` } })).json()) as GatheringStatusResponse
      const { people, looking } = status.boards[0]!
      return { people, looking }
    }
    const kari = client(board.id, board.tokens.participant)
    kari.provider.awareness.setLocalState(person('kari', 'Kari', 'participant'))
    await waitFor(async () => (await people()).people === 1, { what: 'Kari counted' })

    // Within the cap: one connection, however many people it claims, is one person (a viewer: one looking on).
    const attacker = socket(board.id, board.tokens.viewer)
    await attacker.opened
    const fakes = (n: number, from: number, clock: number): Entry[] =>
      Array.from({ length: n }, (_, i) => ({ clientId: from + i, clock, state: person(`fake${from + i}`, `Fake ${from + i}`, 'participant') }))
    attacker.ws.send(awarenessMessage(fakes(MAX_PRESENCE_IDS_PER_CONNECTION, 900000, 1)))
    const fakeIds = () => [...kari.provider.awareness.getStates().values()].filter((state) => (state as PersonState).user.id.startsWith('fake'))
    await waitFor(() => fakeIds().length === MAX_PRESENCE_IDS_PER_CONNECTION, { what: 'the fakes within the cap' })
    expect(await people()).toEqual({ people: 1, looking: 1 })

    // Past it: 200 fake people close the connection, and everything it announced goes.
    attacker.ws.send(awarenessMessage(fakes(200, 910000, 1)))
    expect(await attacker.closed).toEqual({ code: CloseCode.RATE_LIMITED, reason: `Too many presence ids from one connection (at most ${MAX_PRESENCE_IDS_PER_CONNECTION})` })
    await waitFor(() => fakeIds().length === 0, { what: 'the fakes to be removed' })
    expect(await people()).toEqual({ people: 1, looking: 0 })
    expect(kari.closes).toEqual([])
  })

  it("lets a reconnecting client take its id back once the old socket is gone (until then the new socket's entry is left out)", async () => {
    const board = await server.createBoard()
    const observer = client(board.id, board.tokens.participant)
    const id = 555555
    const old = socket(board.id, board.tokens.participant)
    await old.opened
    old.ws.send(awarenessMessage([{ clientId: id, clock: 1, state: person('kari', 'Kari', 'participant') }]))
    await waitFor(() => stateOf(observer, id)?.user.name === 'Kari', { what: 'the first socket' })

    const again = socket(board.id, board.tokens.participant)
    await again.opened
    again.ws.send(awarenessMessage([{ clientId: id, clock: 2, state: person('kari', 'Kari again', 'participant') }]))
    await waitFor(async () => (await metric('whiteboard_presence_dropped_total', '{reason="not_owner"}')) === 1, { what: 'the entry to be left out' })
    expect(stateOf(observer, id)?.user.name).toBe('Kari')

    old.ws.close()
    await waitFor(() => !observer.provider.awareness.getStates().has(id), { what: 'the old socket to be gone' })
    again.ws.send(awarenessMessage([{ clientId: id, clock: 3, state: person('kari', 'Kari again', 'participant') }]))
    await waitFor(() => stateOf(observer, id)?.user.name === 'Kari again', { what: 'the reconnected client' })
  })
  it('does not let a late echo of a state whose connection left bring it back; a connection that joins after the leave may take the id', async () => {
    const board = await server.createBoard()
    const observer = client(board.id, board.tokens.participant)
    const id = 666666
    const leaver = socket(board.id, board.tokens.participant)
    const echoer = socket(board.id, board.tokens.participant)
    await Promise.all([leaver.opened, echoer.opened])
    leaver.ws.send(awarenessMessage([{ clientId: id, clock: 1, state: person('kari', 'Kari', 'participant') }]))
    await waitFor(() => stateOf(observer, id), { what: "the leaver's state" })
    leaver.ws.close()
    await waitFor(() => !observer.provider.awareness.getStates().has(id), { what: 'the leaver to be gone' })

    // A stock client sends back what it received; this one arrives after the leave.
    const own = 666667
    echoer.ws.send(
      awarenessMessage([
        { clientId: id, clock: 1, state: person('kari', 'Kari', 'participant') },
        { clientId: own, clock: 1, state: person('ola', 'Ola', 'participant') },
      ]),
    )
    await waitFor(() => stateOf(observer, own), { what: "the echoer's own state" })
    const room = server.server.rooms.peek(board.id)!
    expect(room.awareness.getStates().has(id)).toBe(false)

    const reconnected = socket(board.id, board.tokens.participant)
    await reconnected.opened
    reconnected.ws.send(awarenessMessage([{ clientId: id, clock: 1, state: person('kari', 'Kari', 'participant') }]))
    await waitFor(() => room.awareness.getStates().has(id), { what: 'the reconnected client to take its id' })
  })
})

describe('presence memory', () => {
  it('keeps a presence flood from many viewer connections on two boards within the per-board and per-server byte caps; honest people stay', async () => {
    await server.dispose()
    const limits: PresenceLimits = { idsPerConnection: MAX_PRESENCE_IDS_PER_CONNECTION, shareBytes: 16 * 1024, bytesPerRoom: 256 * 1024, bytesPerProcess: 384 * 1024 }
    server = await startTestServer({ options: { presenceLimits: limits } })
    const boards = [await server.createBoard(), await server.createBoard()]
    const honest = boards.map((b) => client(b.id, b.tokens.participant))
    await waitFor(() => honest.every((c) => c.provider.synced), { what: 'sync' })
    honest.forEach((c, i) => c.provider.awareness.setLocalState(person(`honest${i}`, `Honest ${i}`, 'participant')))

    const filler = 'x'.repeat(20 * 1024)
    const outcomes: Promise<{ code: number; reason: string } | 'kept'>[] = []
    let peakServer = 0
    let peakBoard = 0
    const sample = async () => {
      peakServer = Math.max(peakServer, await metric('whiteboard_presence_bytes'))
      peakBoard = Math.max(peakBoard, await metric('whiteboard_presence_bytes_largest_board'))
    }
    for (let wave = 0; wave < 3; wave++) {
      for (const [b, board] of boards.entries()) {
        for (let n = 0; n < 6; n++) {
          const s = socket(board.id, board.tokens.viewer)
          const first = 1_000_000 + wave * 100_000 + b * 10_000 + n * 100
          const ids = Array.from({ length: MAX_PRESENCE_IDS_PER_CONNECTION }, (_, i) => first + i)
          s.opened.then(
            () => s.ws.send(awarenessMessage(ids.map((clientId) => ({ clientId, clock: 1, state: { user: { id: `f${clientId}`, name: 'Flood', color: '#000000' }, filler } })))),
            () => {},
          )
          // Each attacker either gets all its states in or is closed.
          let closed = false
          void s.closed.then(() => (closed = true))
          outcomes.push(
            waitFor(() => closed || ids.every((id) => honest[b]!.provider.awareness.getStates().has(id)), { what: 'each attacker kept or closed', timeoutMs: 20_000 }).then(async () =>
              closed ? await s.closed : ('kept' as const),
            ),
          )
        }
      }
      await sample()
    }
    const settled = await Promise.all(outcomes)
    await sample()
    const closes = settled.filter((o) => o !== 'kept')
    // Those closed held more than their share of a full board or server.
    expect(closes.length).toBeGreaterThan(0)
    expect(closes.every((c) => c.code === CloseCode.RATE_LIMITED && /^Presence on (this board|the server) is full/.test(c.reason))).toBe(true)
    expect(closes.some((c) => c.reason.startsWith('Presence on the server is full'))).toBe(true)
    expect(peakBoard).toBeGreaterThan(0)
    expect(peakBoard).toBeLessThanOrEqual(limits.bytesPerRoom)
    expect(peakServer).toBeLessThanOrEqual(limits.bytesPerProcess)
    expect(honest.flatMap((c) => c.closes)).toEqual([])
  })
})
