import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryStorage } from '../storage/MemoryStorage'
import { StorageHealth } from '../storage/StorageHealth'
import { listenOnFreePort } from '../../test/listenOnFreePort'
import { healthRoutes } from './health'

let close: (() => Promise<void>) | undefined

afterEach(async () => {
  await close?.()
  close = undefined
})

async function serve(opts: { stopping?: boolean; health?: StorageHealth; storage?: MemoryStorage }): Promise<string> {
  const app = express()
  const storage = opts.storage ?? new MemoryStorage()
  app.use(healthRoutes({ storage, health: opts.health ?? new StorageHealth(), isStopping: () => opts.stopping ?? false }))
  const served = await listenOnFreePort(app)
  close = served.close
  return served.origin
}

describe('health routes', () => {
  it('reports shutting down as not ready, while /healthz still says ok', async () => {
    const origin = await serve({ stopping: true })
    const ready = await fetch(`${origin}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ status: 'not ready', problems: ['the server is shutting down'] })
    expect((await fetch(`${origin}/healthz`)).status).toBe(200)
  })

  it('lists boards that cannot save until one save succeeds, and damaged boards without turning unready', async () => {
    const health = new StorageHealth()
    const origin = await serve({ health })
    health.saveFailed('boardA', 'disk full')
    health.damaged('boardB', 'the snapshot cannot be read')
    let body = (await (await fetch(`${origin}/readyz`)).json()) as { status: string; saveFailures: { count: number }; damagedBoards: { boards: { boardId: string }[] } }
    expect(body.status).toBe('not ready')
    expect(body.saveFailures.count).toBe(1)
    expect(body.damagedBoards.boards.map((b) => b.boardId)).toEqual(['boardB'])
    health.saved('boardA')
    const res = await fetch(`${origin}/readyz`)
    expect(res.status).toBe(200)
    body = (await res.json()) as typeof body
    expect(body.damagedBoards.boards.map((b) => b.boardId)).toEqual(['boardB'])
  })

  it('reports closed storage', async () => {
    const storage = new MemoryStorage()
    const origin = await serve({ storage })
    await storage.close()
    const res = await fetch(`${origin}/readyz`)
    expect(res.status).toBe(503)
    expect(((await res.json()) as { problems: string[] }).problems).toEqual(['storage: storage is closed'])
  })
})
