import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { createTLStore, PageRecordType, TLDOCUMENT_ID, DocumentRecordType, type IndexKey, type TLInstancePresence, type TLRecord, type TLStore } from 'tldraw'
import { presenterLeader } from '../facilitation/presenter'
import { BoardPresence, presenceUserId, type AwarenessState, type Person, type PresenceUser } from './presence'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** Two awareness instances wired to each other, as the provider and server would. */
function pair() {
  const a = new Awareness(new Y.Doc())
  const b = new Awareness(new Y.Doc())
  const forward = (from: Awareness, to: Awareness) => (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === 'remote') return
    const clients = [...changes.added, ...changes.updated, ...changes.removed]
    applyAwarenessUpdate(to, encodeAwarenessUpdate(from, clients), 'remote')
  }
  a.on('update', forward(a, b))
  b.on('update', forward(b, a))
  cleanups.push(() => {
    a.destroy()
    b.destroy()
  })
  return { a, b }
}

/** A store holding a loaded board, as the binding leaves it. */
function loadedStore(): TLStore {
  const store = createTLStore()
  store.mergeRemoteChanges(() => {
    store.put([
      DocumentRecordType.create({ id: TLDOCUMENT_ID }),
      PageRecordType.create({ id: PageRecordType.createId('p'), name: 'Side 1', index: 'a1' as IndexKey }),
    ])
  })
  return store
}

const alice: PresenceUser = { id: 'alice-0000000001', name: 'Alice', color: '#e03131', role: 'facilitator' }
const bob: PresenceUser = { id: 'bob-000000000002', name: 'Bob', color: '#1971c2', role: 'viewer' }

function presences(store: TLStore): TLInstancePresence[] {
  return store.query.records('instance_presence').get()
}

function presence(user: PresenceUser, awareness: Awareness, store: TLStore | undefined) {
  const p = new BoardPresence({ awareness, user, scheduleFlush: () => () => {} })
  cleanups.push(() => p.dispose())
  if (store) p.attachStore(store)
  return p
}

const waitFor = (assertion: () => void) => vi.waitFor(assertion, { timeout: 5000, interval: 10 })

describe('BoardPresence', () => {
  it("publishes this tab's user and tldraw presence through awareness", async () => {
    const { a, b } = pair()
    const store = loadedStore()
    presence(alice, a, store)

    await waitFor(() => {
      const state = b.getStates().get(a.clientID) as AwarenessState | undefined
      expect(state?.user).toEqual(alice)
      expect(state?.presence).toMatchObject({ userName: 'Alice', color: '#e03131', currentPageId: 'page:p' })
    })
  })

  it("draws the others as named, coloured instance_presence records and removes them when they leave", async () => {
    const { a, b } = pair()
    const aliceStore = loadedStore()
    const bobStore = loadedStore()
    const alicePresence = presence(alice, a, aliceStore)
    presence(bob, b, bobStore)

    await waitFor(() => {
      alicePresence.flush()
      expect(presences(aliceStore).map((p) => [p.userId, p.userName, p.color])).toEqual([['user:viewer.' + bob.id, 'Bob', '#1971c2']])
    })
    expect(presences(aliceStore)[0]?.cursor).toMatchObject({ x: expect.any(Number), y: expect.any(Number) })

    removeAwarenessStates(b, [b.clientID], 'test')
    alicePresence.flush()
    expect(presences(aliceStore)).toEqual([])
  })

  it('ignores a peer state that does not validate, and keeps the identity from the checked user', () => {
    const { a, b } = pair()
    const store = loadedStore()
    const p = presence(alice, a, store)

    b.setLocalState({ user: { ...bob, name: '  Bob  the   Builder ' + 'x'.repeat(200) }, presence: { cursor: 'nowhere' } })
    p.flush()
    expect(presences(store)).toEqual([])
    expect(p.getPeople().map((person) => person.name)).toEqual(['Alice', `Bob the Builder ${'x'.repeat(44)}`])

    b.setLocalState({ user: { id: 42, name: 'Mallory' }, presence: null })
    p.flush()
    expect(p.getPeople().map((person) => person.name)).toEqual(['Alice'])
  })

  it('lists who is here, self first, with role and colour', async () => {
    const { a, b } = pair()
    const p = presence(alice, a, undefined)
    const seen: string[][] = []
    p.subscribe((people) => seen.push(people.map((person) => person.name)))

    presence(bob, b, undefined)

    await waitFor(() =>
      expect(p.getPeople()).toEqual([
        { ...alice, isSelf: true },
        { ...bob, isSelf: false },
      ]),
    )
    expect(seen.at(-1)).toEqual(['Alice', 'Bob'])
  })

  it("shows the role the server relayed: a participant with a facilitator's user id is listed as a participant beside them and cannot lead their presentation", async () => {
    // The server writes each connection's role into the states it relays; this is what a
    // participant's tab claiming to be Alice, the facilitator, arrives as.
    const observer = new Awareness(new Y.Doc())
    const kari = new Awareness(new Y.Doc())
    const mallory = new Awareness(new Y.Doc())
    cleanups.push(() => [observer, kari, mallory].forEach((x) => x.destroy()))
    for (const from of [kari, mallory]) {
      from.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        applyAwarenessUpdate(observer, encodeAwarenessUpdate(from, [...added, ...updated, ...removed]), 'remote')
      })
    }
    const store = loadedStore()
    const p = presence(bob, observer, store)
    presence(alice, kari, loadedStore())
    const impostor: PresenceUser = { ...alice, role: 'participant' }
    presence(impostor, mallory, loadedStore())

    await waitFor(() => {
      p.flush()
      expect(presences(store)).toHaveLength(2)
    })
    expect(p.getPeople()).toEqual<Person[]>([
      { ...bob, isSelf: true },
      { ...alice, isSelf: false },
      { ...impostor, isSelf: false },
    ])
    const byUserId = new Map(presences(store).map((record) => [record.userId, record.id]))
    expect(byUserId.get(presenceUserId(alice))).toBe(`instance_presence:client-${kari.clientID}`)
    expect(byUserId.get(presenceUserId(impostor))).toBe(`instance_presence:client-${mallory.clientID}`)
    // A presentation by Alice follows the facilitator's presence, never the impostor's.
    expect(presenterLeader(alice.id)).toBe(presenceUserId(alice))
    expect(presenterLeader(alice.id)).not.toBe(presenceUserId(impostor))
  })

  it('adds nothing but presence records to the store', async () => {
    const { a, b } = pair()
    const store = loadedStore()
    const before = store.allRecords().filter((r: TLRecord) => r.typeName !== 'instance_presence')
    const p = presence(alice, a, store)
    presence(bob, b, loadedStore())

    await waitFor(() => {
      p.flush()
      expect(presences(store)).toHaveLength(1)
    })
    expect(store.allRecords().filter((r: TLRecord) => r.typeName !== 'instance_presence')).toEqual(before)
  })
})
