import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEMPLATE_IDS } from '@whiteboard/shared/templates/catalog'
import type { TemplateListResponse } from '@whiteboard/shared/templates/types'
import { listenOnFreePort, type ListeningApp } from '../../test/listenOnFreePort'
import { templatesRouter } from './templatesApi'

describe('GET /api/templates', () => {
  let served: ListeningApp

  beforeAll(async () => {
    const app = express()
    app.use('/api/templates', templatesRouter())
    served = await listenOnFreePort(app)
  })

  afterAll(() => served.close())

  it('lists every template with id, names and descriptions in nb, en and nn, and category', async () => {
    const res = await fetch(`${served.origin}/api/templates`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = (await res.json()) as TemplateListResponse
    expect(body.templates.map((t) => t.id)).toEqual([...TEMPLATE_IDS])
    const journey = body.templates.find((t) => t.id === 'service-journey')!
    expect(journey.name).toEqual({ nb: 'Tjenestereise', en: 'Service journey map', nn: 'Tenestereise' })
    expect(journey.category).toBe('journey')
    for (const t of body.templates) {
      for (const label of [t.name, t.description]) {
        expect(label.nb.length).toBeGreaterThan(0)
        expect(label.en.length).toBeGreaterThan(0)
        expect(label.nn.length).toBeGreaterThan(0)
      }
      expect(t).not.toHaveProperty('items')
    }
  })
})
