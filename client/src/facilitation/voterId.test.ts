import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { votesMap } from '@whiteboard/shared'
import { claimVoterId, writeVoteEntry } from './voterId'

/** An in-memory Web Locks manager with `ifAvailable`, shared by the "tabs" of one browser. */
function fakeLocks() {
  const held = new Set<string>()
  return {
    held,
    async request(name: string, _opts: { ifAvailable: true }, callback: (lock: unknown) => Promise<void> | void) {
      if (held.has(name)) return callback(null)
      held.add(name)
      try {
        return await callback({ name })
      } finally {
        held.delete(name)
      }
    },
  }
}

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  }
}

function counter(start: number) {
  let n = start
  return () => n++
}

/** Keeps docs in step like a server would, update by update. */
function link(a: Y.Doc, b: Y.Doc) {
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== b && Y.applyUpdate(b, u, a))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== a && Y.applyUpdate(a, u, b))
}

describe('claimVoterId', () => {
  it('keeps the voter id across a reload of the tab', async () => {
    const locks = fakeLocks()
    const storage = memoryStorage()
    const first = await claimVoterId('board1', { locks, storage, randomId: counter(1000) })
    expect(first.voterId).toBe(1000)
    expect(locks.held.size).toBe(1)
    await first.release()
    expect(locks.held.size).toBe(0)
    const reloaded = await claimVoterId('board1', { locks, storage, randomId: counter(2000) })
    expect(reloaded.voterId).toBe(1000)
    await reloaded.release()
  })

  it('gives a duplicated tab (same sessionStorage copy, original still open) an id of its own', async () => {
    const locks = fakeLocks()
    const original = memoryStorage()
    const first = await claimVoterId('board1', { locks, storage: original, randomId: counter(1000) })
    const duplicate = memoryStorage(Object.fromEntries(original.data))
    const second = await claimVoterId('board1', { locks, storage: duplicate, randomId: counter(5000) })
    expect(second.voterId).toBe(5000)
    expect(duplicate.data.get('whiteboard.voter.board1')).toBe('5000')
    expect(original.data.get('whiteboard.voter.board1')).toBe('1000')
    await first.release()
    await second.release()
  })

  it('keeps ids per board and gets a new one on every load without the Web Locks API', async () => {
    const locks = fakeLocks()
    const storage = memoryStorage()
    const ids = counter(1)
    const a = await claimVoterId('board1', { locks, storage, randomId: ids })
    const b = await claimVoterId('board2', { locks, storage, randomId: ids })
    expect(a.voterId).not.toBe(b.voterId)
    const noLocks = memoryStorage({ 'whiteboard.voter.board1': '77' })
    expect((await claimVoterId('board1', { locks: undefined, storage: noLocks, randomId: counter(9) })).voterId).toBe(9)
  })

  it('ignores a stored value that is not a client id', async () => {
    const storage = memoryStorage({ 'whiteboard.voter.board1': '-3; drop' })
    const claim = await claimVoterId('board1', { locks: fakeLocks(), storage, randomId: counter(42) })
    expect(claim.voterId).toBe(42)
  })
})

describe('writeVoteEntry', () => {
  it("writes the entry under the voter's key as the voter's own Yjs client, and leaves the doc's client id alone", () => {
    const doc = new Y.Doc()
    const own = doc.clientID
    const before = Y.encodeStateVector(doc)
    writeVoteEntry(doc, 4242, { roundId: 'r1', noteIds: ['shape:a'] })
    expect(doc.clientID).toBe(own)
    const { structs } = Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before))
    // What the server will check: every item under `votes` is written by the client its key names.
    expect(structs.map((s) => s.id.client)).toEqual([4242])
    expect(votesMap(doc).get('4242')).toEqual({ roundId: 'r1', noteIds: ['shape:a'] })
  })

  it('lets a reloaded page replace the votes it made before the reload, and every peer agrees', () => {
    const server = new Y.Doc()
    const peer = new Y.Doc()
    link(server, peer)
    const beforeReload = new Y.Doc()
    link(server, beforeReload)
    writeVoteEntry(beforeReload, 7, { roundId: 'r1', noteIds: ['shape:a', 'shape:b'] })
    beforeReload.destroy()

    // The reloaded page: a new doc (new client id) that first receives the board, old votes included.
    const afterReload = new Y.Doc()
    const ownId = afterReload.clientID
    Y.applyUpdate(afterReload, Y.encodeStateAsUpdate(server), server)
    link(server, afterReload)
    expect(afterReload.clientID).toBe(ownId)
    writeVoteEntry(afterReload, 7, { roundId: 'r1', noteIds: ['shape:a'] })
    writeVoteEntry(afterReload, 7, { roundId: 'r1', noteIds: ['shape:a', 'shape:c'] })

    for (const doc of [server, peer, afterReload]) {
      expect(votesMap(doc).toJSON()).toEqual({ '7': { roundId: 'r1', noteIds: ['shape:a', 'shape:c'] } })
    }
    expect(afterReload.clientID).toBe(ownId)
  })

  it('(why not reuse the doc client id itself) Yjs drops a client id as soon as the doc receives its own old items', () => {
    const old = new Y.Doc()
    votesMap(old).set(String(old.clientID), { roundId: 'r1', noteIds: [] })
    const reloaded = new Y.Doc()
    reloaded.clientID = old.clientID
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(old), 'server')
    expect(reloaded.clientID).not.toBe(old.clientID)
  })
})
