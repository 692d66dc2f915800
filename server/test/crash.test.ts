import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray } from '@whiteboard/shared'
import { rectangle } from './records'
import { createBoardVia } from './testServer'
import { waitFor } from './waitFor'
import { childServersPerTest } from './childServersPerTest'

const { tempDir, spawn, client, timers } = childServersPerTest()

/** Record keys in the array, duplicates included: a doubled entry shows as a repeated key. */
function rawKeys(doc: Y.Doc): string[] {
  return recordsArray(doc)
    .toArray()
    .map((e) => e.key)
    .sort()
}

describe('durability', () => {
  it('loses nothing any peer had received when killed with SIGKILL under load from 30 writers; clients reconnect and converge', async () => {
    const dataDir = tempDir('wb-crash-')
    const first = await spawn({ DATA_DIR: dataDir })
    const board = await createBoardVia(first.origin, { title: 'Crash' })
    const writers = Array.from({ length: 30 }, () => client(first, board.id, board.tokens.participant))
    await waitFor(() => writers.every((w) => w.provider.synced), { what: '30 clients to sync', timeoutMs: 20_000 })

    // Each writer adds its own notes, about seven a second each: 200 updates a second into one board.
    const written = writers.map(() => new Set<string>())
    writers.forEach((w, i) => {
      let n = 0
      timers.push(
        setInterval(() => {
          n += 1
          const id = `shape:w${i}n${n}`
          w.records.set(id, { ...rectangle(n, `writer ${i}`), id })
          written[i]!.add(id)
        }, 150),
      )
    })
    // What each client had received from the others when the process died.
    const seen = writers.map(() => [] as string[])
    writers.forEach((w, i) =>
      w.provider.on('connection-close', () => {
        if (seen[i]!.length === 0) seen[i] = w.shapeIds().filter((id) => !written[i]!.has(id))
      }),
    )
    await waitFor(() => writers.every((w, i) => w.shapeIds().some((id) => !written[i]!.has(id))) && writers[0]!.shapeIds().length >= 150, {
      what: 'the stream to flow to everyone',
      timeoutMs: 20_000,
    })
    await first.kill('SIGKILL')
    for (const t of timers.splice(0)) clearInterval(t)
    await waitFor(() => writers.every((w) => !w.provider.wsconnected), { what: 'every client to notice the crash' })
    // Hold the clients back, so the restarted server is checked before anyone could refill it.
    for (const w of writers) w.provider.disconnect()
    const peerSeen = new Set(seen.flat())
    expect(peerSeen.size).toBeGreaterThanOrEqual(120)

    const second = await spawn({ DATA_DIR: dataDir, PORT: String(first.port) })
    const check = client(second, board.id, board.tokens.viewer)
    await waitFor(() => check.provider.synced, { what: 'sync after restart' })
    const recovered = new Set(check.shapeIds())
    expect([...peerSeen].filter((id) => !recovered.has(id))).toEqual([])
    expect(new Set(rawKeys(check.doc)).size).toBe(rawKeys(check.doc).length)

    // The writers come back and send what never reached storage; everyone converges on all of it.
    for (const w of writers) w.provider.connect()
    const everything = [...written.flatMap((s) => [...s])].sort()
    await waitFor(() => writers.every((w) => w.provider.synced && w.shapeIds().length === everything.length) && check.shapeIds().length === everything.length, {
      what: 'everyone to converge',
      timeoutMs: 30_000,
    })
    expect(check.shapeIds()).toEqual(everything)
    for (const w of writers) expect(w.shapeIds()).toEqual(everything)
    expect(rawKeys(check.doc)).toEqual(['document:document', 'page:page', ...everything].sort())
    expect(writers.flatMap((w) => w.closes.filter((c) => c.code >= 4000))).toEqual([])
  }, 90_000)

  it('restarts during editing: reconnecting clients see the whole board or nothing, and nothing doubles', async () => {
    const dataDir = tempDir('wb-restart-')
    const first = await spawn({ DATA_DIR: dataDir })
    const board = await createBoardVia(first.origin, { title: 'Restart' })
    // A board big enough that loading it takes a while.
    const seeder = client(first, board.id, board.tokens.facilitator)
    await waitFor(() => seeder.provider.synced, { what: 'sync' })
    const seeded = 3000
    seeder.doc.transact(() => {
      for (let i = 0; i < seeded; i++) seeder.records.set(`shape:seed${i}`, { ...rectangle(i, `seed ${i}`), id: `shape:seed${i}` })
    })
    const editors = Array.from({ length: 4 }, () => client(first, board.id, board.tokens.participant))
    await waitFor(() => editors.every((e) => e.provider.synced && e.shapeIds().length >= seeded), { what: 'editors to have the seeded board', timeoutMs: 20_000 })
    seeder.destroy()

    // Each editor keeps moving its own notes and adding new ones, through the restart.
    const mine = editors.map(() => new Set<string>())
    editors.forEach((e, i) => {
      let n = 0
      timers.push(
        setInterval(() => {
          n += 1
          const id = `shape:e${i}n${n % 5}`
          e.records.set(id, { ...rectangle(n, `editor ${i} step ${n}`), id })
          mine[i]!.add(id)
        }, 40),
      )
    })
    // Whenever an editor (re)syncs, it must hold the whole seeded board at that moment.
    const partialSyncs: number[] = []
    for (const e of editors) {
      e.provider.on('sync', (synced: boolean) => {
        const seeds = e.shapeIds().filter((id) => id.startsWith('shape:seed')).length
        if (synced && seeds < seeded) partialSyncs.push(seeds)
      })
    }
    await waitFor(() => editors.every((e) => e.shapeIds().length > seeded), { what: 'editing to flow' })
    await first.kill('SIGTERM')
    const second = await spawn({ DATA_DIR: dataDir, PORT: String(first.port) })
    // A newcomer joining while the board loads gets nothing or everything, never a part.
    const newcomer = client(second, board.id, board.tokens.viewer)
    let newcomerFirstSync = -1
    newcomer.provider.on('sync', (synced: boolean) => {
      if (synced && newcomerFirstSync < 0) newcomerFirstSync = newcomer.shapeIds().filter((id) => id.startsWith('shape:seed')).length
    })
    await waitFor(() => editors.every((e) => e.provider.synced) && newcomer.provider.synced, { what: 'everyone back', timeoutMs: 20_000 })
    await waitFor(() => editors.every((e) => e.closes.some((c) => c.code === 1012)), { what: 'every editor to have got 1012' })
    for (const t of timers.splice(0)) clearInterval(t)

    const expected = [...new Set(mine.flatMap((s) => [...s]))].sort()
    await waitFor(() => [newcomer, ...editors].every((c) => expected.every((id) => c.shapeIds().includes(id))), { what: 'the last edits to arrive' })
    await waitFor(
      () => {
        const target = Y.snapshot(newcomer.doc)
        return editors.every((e) => Y.equalSnapshots(Y.snapshot(e.doc), target))
      },
      { what: 'convergence', timeoutMs: 20_000 },
    )
    expect(newcomerFirstSync).toBe(seeded)
    expect(partialSyncs).toEqual([])
    const keys = rawKeys(newcomer.doc)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.length).toBe(2 + seeded + expected.length)
    for (const e of editors) expect(new YKeyValue(recordsArray(e.doc)).map.size).toBe(2 + seeded + expected.length)
  }, 90_000)

  it('shuts down on SIGTERM: clients get 1012, queued updates are kept, exit code 0, and clients reconnect to the next process', async () => {
    const dataDir = tempDir('wb-term-')
    const first = await spawn({ DATA_DIR: dataDir })
    const board = await createBoardVia(first.origin)
    const a = client(first, board.id, board.tokens.participant)
    const b = client(first, board.id, board.tokens.participant)
    await waitFor(() => a.provider.synced && b.provider.synced, { what: 'sync' })
    a.records.set('shape:rect1', rectangle(1))
    await waitFor(() => b.shapeIds().includes('shape:rect1'), { what: 'the write' })
    // Written right before the signal: still in the room's queue when shutdown begins.
    a.records.set('shape:rect2', rectangle(2))
    await first.kill('SIGTERM')
    expect(first.child.exitCode).toBe(0)
    await waitFor(() => a.closes.length > 0 && b.closes.length > 0, { what: 'the close' })
    expect(a.closes[0]).toEqual({ code: 1012, reason: 'The server is restarting' })

    const second = await spawn({ DATA_DIR: dataDir, PORT: String(first.port) })
    const c = client(second, board.id, board.tokens.viewer)
    await waitFor(() => c.provider.synced, { what: 'sync after restart' })
    expect(c.shapeIds()).toEqual(['shape:rect1', 'shape:rect2'])
    // The old clients came back on their own and keep working.
    await waitFor(() => a.provider.synced && b.provider.synced, { what: 'the clients to reconnect' })
    b.records.set('shape:rect3', rectangle(3))
    await waitFor(() => a.shapeIds().includes('shape:rect3') && c.shapeIds().includes('shape:rect3'), { what: 'a write after the reconnect' })
  }, 60_000)
})
