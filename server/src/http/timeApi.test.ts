import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { timeRouter, type TimeResponse } from './timeApi'

describe('GET /api/time', () => {
  let server: Server
  let base: string

  beforeAll(async () => {
    const app = express()
    app.use('/api/time', timeRouter())
    app.use('/api/fixed-time', timeRouter(() => 1_234_567))
    server = app.listen(0, '127.0.0.1')
    await once(server, 'listening')
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    server.close()
    await once(server, 'close')
  })

  it("answers the server's clock, uncached", async () => {
    const before = Date.now()
    const res = await fetch(`${base}/api/time`)
    const after = Date.now()
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as TimeResponse
    expect(body.now).toBeGreaterThanOrEqual(before)
    expect(body.now).toBeLessThanOrEqual(after)
  })

  it('reads the clock it is given', async () => {
    const body = (await (await fetch(`${base}/api/fixed-time`)).json()) as TimeResponse
    expect(body).toEqual({ now: 1_234_567 })
  })
})
