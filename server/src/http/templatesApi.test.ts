import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEMPLATE_IDS } from '@whiteboard/shared/templates/catalog'
import type { TemplateListResponse } from '@whiteboard/shared/templates/types'
import { templatesRouter } from './templatesApi'

describe('GET /api/templates', () => {
  let server: Server
  let base: string

  beforeAll(async () => {
    const app = express()
    app.use('/api/templates', templatesRouter())
    server = app.listen(0, '127.0.0.1')
    await once(server, 'listening')
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    server.close()
    await once(server, 'close')
  })

  it('lists every template with id, names and descriptions in nb and en, and category', async () => {
    const res = await fetch(`${base}/api/templates`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = (await res.json()) as TemplateListResponse
    expect(body.templates.map((t) => t.id)).toEqual([...TEMPLATE_IDS])
    const journey = body.templates.find((t) => t.id === 'service-journey')!
    expect(journey.name).toEqual({ nb: 'Tjenestereise', en: 'Service journey map' })
    expect(journey.category).toBe('journey')
    for (const t of body.templates) {
      for (const label of [t.name, t.description]) {
        expect(label.nb.length).toBeGreaterThan(0)
        expect(label.en.length).toBeGreaterThan(0)
      }
      expect(t).not.toHaveProperty('items')
    }
  })
})
