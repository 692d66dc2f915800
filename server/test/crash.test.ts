import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnServer, type ChildServer } from './childServer'
import { rectangle } from './records'
import { connectClient, type SyncClient } from './syncClient'
import { createBoardVia } from './testServer'
import { waitFor } from './waitFor'

const children: ChildServer[] = []
const clients: SyncClient[] = []
const dirs: string[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const child of children.splice(0)) await child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('durability', () => {
  it('loses no update a peer had received when the server is killed with SIGKILL mid-stream', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-crash-'))
    dirs.push(dataDir)
    const first = await spawnServer({ DATA_DIR: dataDir })
    children.push(first)
    const board = await createBoardVia(first.origin, { title: 'Crash' })
    const writer = connectClient(first.syncUrl, board.id, board.tokens.participant)
    const observer = connectClient(first.syncUrl, board.id, board.tokens.viewer)
    clients.push(writer, observer)
    await waitFor(() => writer.provider.synced && observer.provider.synced, { what: 'sync' })

    let n = 0
    const stream = setInterval(() => {
      n += 1
      writer.records.set(`shape:rect${n}`, rectangle(n, `update ${n}`))
    }, 2)
    let seen: string[] = []
    try {
      await waitFor(() => observer.shapeIds().length >= 40, { what: 'the stream to flow' })
      // Whatever the observer holds when the process dies is what a peer had received.
      observer.provider.on('connection-close', () => {
        seen = observer.shapeIds()
      })
      await first.kill('SIGKILL')
      await waitFor(() => seen.length > 0, { what: 'the observer to notice the crash' })
    } finally {
      clearInterval(stream)
    }
    // Neither client may fill the restarted server from its own copy.
    writer.destroy()
    observer.destroy()

    const second = await spawnServer({ DATA_DIR: dataDir })
    children.push(second)
    const fresh = connectClient(second.syncUrl, board.id, board.tokens.viewer)
    clients.push(fresh)
    await waitFor(() => fresh.provider.synced, { what: 'sync after restart' })
    const recovered = new Set(fresh.shapeIds())
    const lost = seen.filter((id) => !recovered.has(id))
    expect(lost).toEqual([])
    expect(seen.length).toBeGreaterThanOrEqual(40)
    // And nothing doubled.
    const keys = fresh.doc
      .getArray<{ key: string }>('tldraw')
      .toArray()
      .map((e) => e.key)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('shuts down on SIGTERM: clients get 1012, queued updates are kept, exit code 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-term-'))
    dirs.push(dataDir)
    const first = await spawnServer({ DATA_DIR: dataDir })
    children.push(first)
    const board = await createBoardVia(first.origin)
    const a = connectClient(first.syncUrl, board.id, board.tokens.participant)
    const b = connectClient(first.syncUrl, board.id, board.tokens.participant)
    clients.push(a, b)
    await waitFor(() => a.provider.synced && b.provider.synced, { what: 'sync' })
    a.records.set('shape:rect1', rectangle(1))
    await waitFor(() => b.shapeIds().includes('shape:rect1'), { what: 'the write' })
    await first.kill('SIGTERM')
    expect(first.child.exitCode).toBe(0)
    await waitFor(() => a.closes.length > 0, { what: 'the close' })
    expect(a.closes[0]).toMatchObject({ code: 1012 })
    a.destroy()
    b.destroy()

    const second = await spawnServer({ DATA_DIR: dataDir })
    children.push(second)
    const c = connectClient(second.syncUrl, board.id, board.tokens.viewer)
    clients.push(c)
    await waitFor(() => c.provider.synced, { what: 'sync after restart' })
    expect(c.shapeIds()).toEqual(['shape:rect1'])
  })
})
