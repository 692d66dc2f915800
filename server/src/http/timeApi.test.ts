import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenOnFreePort, type ListeningApp } from '../../test/listenOnFreePort'
import { timeRouter, type TimeResponse } from './timeApi'

describe('GET /api/time', () => {
  let served: ListeningApp

  beforeAll(async () => {
    const app = express()
    app.use('/api/time', timeRouter())
    app.use('/api/fixed-time', timeRouter(() => 1_234_567))
    served = await listenOnFreePort(app)
  })

  afterAll(() => served.close())

  it("answers the server's clock, uncached", async () => {
    const before = Date.now()
    const res = await fetch(`${served.origin}/api/time`)
    const after = Date.now()
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as TimeResponse
    expect(body.now).toBeGreaterThanOrEqual(before)
    expect(body.now).toBeLessThanOrEqual(after)
  })

  it('reads the clock it is given', async () => {
    const body = (await (await fetch(`${served.origin}/api/fixed-time`)).json()) as TimeResponse
    expect(body).toEqual({ now: 1_234_567 })
  })
})
