import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rectangle } from '../records'
import { createBoardVia } from '../testServer'
import { waitFor } from '../waitFor'
import { runAdmin } from './runAdmin'
import { childServersPerTest } from '../childServersPerTest'

const { tempDir, spawn, client, timers } = childServersPerTest()

describe('npm run backup', () => {
  it('copies DATA_DIR while 30 clients write: a server on the copy has every update committed before the backup began, and the old links open it', async () => {
    const dataDir = tempDir('wb-backup-live-')
    const live = await spawn({ DATA_DIR: dataDir })
    const board = await createBoardVia(live.origin, { title: 'Sikkerhetskopi' })
    const writers = Array.from({ length: 30 }, () => client(live, board.id, board.tokens.participant))
    const observer = client(live, board.id, board.tokens.viewer)
    await waitFor(() => observer.provider.synced && writers.every((w) => w.provider.synced), { what: '31 clients to sync', timeoutMs: 20_000 })
    writers.forEach((w, i) => {
      let n = 0
      timers.push(
        setInterval(() => {
          n += 1
          const id = `shape:w${i}n${n}`
          w.records.set(id, { ...rectangle(n, `writer ${i}`), id })
        }, 150),
      )
    })
    await waitFor(() => observer.shapeIds().length >= 150, { what: 'the writes to flow', timeoutMs: 20_000 })

    // The server broadcasts an update only after committing it: what the observer holds now was committed.
    const committed = observer.shapeIds()
    const target = join(tempDir('wb-backup-target-'), 'copy')
    const run = await runAdmin(['backup', target], { DATA_DIR: dataDir })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/boards\.db, secret/)
    // The writers kept going while the backup ran.
    await waitFor(() => observer.shapeIds().length > committed.length + 30, { what: 'writes after the backup' })
    for (const t of timers.splice(0)) clearInterval(t)
    for (const c of [...writers, observer]) c.destroy()
    await live.kill('SIGKILL')

    expect(readdirSync(target).sort()).toEqual(['boards.db', 'secret'])
    expect(statSync(join(target, 'secret')).mode & 0o777).toBe(0o600)
    const restored = await spawn({ DATA_DIR: target })
    const reader = client(restored, board.id, board.tokens.viewer)
    await waitFor(() => reader.provider.synced, { what: 'the old viewer link to sync on the restored server' })
    const have = new Set(reader.shapeIds())
    expect(committed.filter((id) => !have.has(id))).toEqual([])
    expect(reader.closes).toEqual([])
    // The participant link works too: it still writes.
    const writer = client(restored, board.id, board.tokens.participant)
    await waitFor(() => writer.provider.synced, { what: 'the old participant link to sync' })
    writer.records.set('shape:after', { ...rectangle(1), id: 'shape:after' })
    await waitFor(() => reader.records.get('shape:after'), { what: 'a write on the restored server' })
  }, 180_000)

  it('refuses a folder that is not empty, and a DATA_DIR without a database, in plain words', async () => {
    const dataDir = tempDir('wb-backup-empty-')
    const target = tempDir('wb-backup-full-')
    writeFileSync(join(target, 'something'), 'here')
    const full = await runAdmin(['backup', target], { DATA_DIR: dataDir })
    expect(full.code).toBe(1)
    expect(full.stderr.trim()).toBe(`${target} is not empty; back up into a new or empty folder`)

    const nothing = await runAdmin(['backup', join(target, 'new')], { DATA_DIR: dataDir })
    expect(nothing.code).toBe(1)
    expect(nothing.stderr.trim()).toBe(`${dataDir} holds no boards.db: is DATA_DIR right?`)
    expect(existsSync(join(target, 'new', 'boards.db'))).toBe(false)
  })
})
