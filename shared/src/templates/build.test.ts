import { createTLSchema, type TLPageId, type TLShape } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { BOARD_LANGS } from '../board/boardLang'
import { checkRecord } from '../board/recordGuard'
import { buildTemplate, templateSize, UnknownTemplateError } from './build'
import { TEMPLATE_IDS, TEMPLATES, getTemplate } from './catalog'
import { indexKeyAt } from './indexKeyAt'
import { isScaffolding, readTemplateMeta } from './templateMeta'
import type { Label, TemplateLang } from './types'

const PAGE = 'page:page' as TLPageId
const LANGS: readonly TemplateLang[] = BOARD_LANGS
const schema = createTLSchema()

function counterIds(prefix = 't'): () => string {
  let n = 0
  return () => `${prefix}${++n}`
}

function build(id: string, lang: TemplateLang, origin = { x: 120, y: -340 }): TLShape[] {
  return buildTemplate(id, lang, origin, { pageId: PAGE, createId: counterIds() })
}

describe('every template in both languages', () => {
  it('has at least nine templates, the three required ones among them', () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(9)
    expect(TEMPLATE_IDS).toEqual(expect.arrayContaining(['service-journey', 'stakeholder-map', 'power-interest']))
    expect(new Set(TEMPLATE_IDS).size).toBe(TEMPLATE_IDS.length)
  })

  for (const id of TEMPLATE_IDS) {
    for (const lang of LANGS) {
      describe(`${id} (${lang})`, () => {
        const records = build(id, lang)
        const def = getTemplate(id)!

        it('produces records that pass checkRecord and the tlschema validators', () => {
          for (const r of records) {
            const checked = checkRecord(r.id, r)
            expect(checked, JSON.stringify(r)).toEqual({ ok: true, record: r })
            expect(() => schema.types.shape.validate(r)).not.toThrow()
          }
        })

        it('survives a JSON round trip unchanged (it is stored as JSON in the doc)', () => {
          expect(JSON.parse(JSON.stringify(records))).toEqual(records)
        })

        it('has unique ids, exactly one frame at the origin, and every other shape in it', () => {
          expect(new Set(records.map((r) => r.id)).size).toBe(records.length)
          const frames = records.filter((r) => r.type === 'frame')
          expect(frames).toHaveLength(1)
          const frame = frames[0]!
          expect(frame.parentId).toBe(PAGE)
          expect({ x: frame.x, y: frame.y }).toEqual({ x: 120, y: -340 })
          if (frame.type !== 'frame') throw new Error('not a frame')
          expect(frame.props.name).toBe(def.name[lang])
          expect({ w: frame.props.w, h: frame.props.h }).toEqual(templateSize(id))
          for (const r of records) if (r !== frame) expect(r.parentId).toBe(frame.id)
          expect(records.length).toBeGreaterThan(5)
        })

        it('keeps every child inside the frame', () => {
          const { w, h } = def.size
          for (const r of records) {
            if (r.type === 'frame') continue
            expect(r.x, r.id).toBeGreaterThanOrEqual(0)
            expect(r.y, r.id).toBeGreaterThanOrEqual(0)
            if (r.type === 'geo' || r.type === 'text') expect(r.x + r.props.w, r.id).toBeLessThanOrEqual(w)
            if (r.type === 'geo') expect(r.y + r.props.h, r.id).toBeLessThanOrEqual(h)
            if (r.type === 'note') {
              expect(r.x + 200).toBeLessThanOrEqual(w)
              expect(r.y + 200).toBeLessThanOrEqual(h)
            }
            if (r.type === 'line') {
              for (const p of Object.values(r.props.points)) {
                expect(r.x + p.x).toBeLessThanOrEqual(w)
                expect(r.y + p.y).toBeLessThanOrEqual(h)
                expect(r.x + p.x).toBeGreaterThanOrEqual(0)
                expect(r.y + p.y).toBeGreaterThanOrEqual(0)
              }
            }
            if (r.type === 'arrow') {
              for (const p of [r.props.start, r.props.end]) {
                expect(r.x + p.x).toBeLessThanOrEqual(w)
                expect(r.y + p.y).toBeLessThanOrEqual(h)
                expect(r.x + p.x).toBeGreaterThanOrEqual(0)
                expect(r.y + p.y).toBeGreaterThanOrEqual(0)
              }
            }
          }
        })

        it('locks and marks scaffolding, and leaves starter content unlocked and unmarked', () => {
          for (const r of records) {
            const meta = readTemplateMeta(r.meta)
            expect(meta?.template, r.id).toBe(id)
            if (meta?.role === 'starter') {
              expect(r.isLocked, r.id).toBe(false)
              expect(isScaffolding(r)).toBe(false)
            } else {
              expect(r.isLocked, r.id).toBe(true)
              expect(isScaffolding(r)).toBe(true)
            }
          }
          expect(records.filter((r) => r.type === 'note').every((r) => !r.isLocked)).toBe(true)
          expect(records.some((r) => isScaffolding(r) && r.type !== 'frame')).toBe(true)
        })

        it('writes no text in the other languages', () => {
          const texts = new Set(records.flatMap((r) => textOf(r)))
          const all = def.items.flatMap((item) => labelsOf(item))
          for (const l of all) expect(texts.has(l[lang]), l[lang]).toBe(true)
          for (const other of LANGS.filter((o) => o !== lang)) {
            // A text another language writes alike ("Innsikt" in bokmål and nynorsk) says nothing.
            const onlyOther = all.map((l) => l[other]).filter((text) => !all.some((l) => l[lang] === text))
            for (const text of onlyOther) expect(texts.has(text), `${other}: ${text}`).toBe(false)
          }
        })
      })
    }
  }
})

describe('options and errors', () => {
  it('builds the same template twice with distinct ids (one per team)', () => {
    const a = buildTemplate('service-journey', 'nb', { x: 0, y: 0 }, { pageId: PAGE })
    const b = buildTemplate('service-journey', 'nb', { x: 5000, y: 0 }, { pageId: PAGE })
    const ids = new Set([...a, ...b].map((r) => r.id))
    expect(ids.size).toBe(a.length + b.length)
  })

  it('uses the given frame index and can leave the frame unlocked', () => {
    const records = buildTemplate('service-journey', 'en', { x: 0, y: 0 }, { pageId: PAGE, index: indexKeyAt(40), lockFrame: false })
    const frame = records.find((r) => r.type === 'frame')!
    expect(frame.index).toBe(indexKeyAt(40))
    expect(frame.isLocked).toBe(false)
    expect(isScaffolding(frame)).toBe(true)
  })

  it('refuses an unknown template id with UnknownTemplateError', () => {
    expect(() => buildTemplate('nope', 'nb', { x: 0, y: 0 }, { pageId: PAGE })).toThrow(UnknownTemplateError)
    expect(() => templateSize('nope')).toThrow(UnknownTemplateError)
    expect(getTemplate('__proto__')).toBeUndefined()
  })
})

describe('indexKeyAt', () => {
  it('gives strictly increasing keys that tldraw accepts, across the a/b boundary', () => {
    const keys = Array.from({ length: 300 }, (_, i) => indexKeyAt(i + 1))
    for (let i = 1; i < keys.length; i++) expect(keys[i - 1]! < keys[i]!).toBe(true)
    const [sample] = build('service-journey', 'nb')
    for (const n of [1, 9, 10, 61, 62, 63, 124, 300]) {
      expect(checkRecord(sample!.id, { ...sample!, index: indexKeyAt(n) }).ok, String(n)).toBe(true)
    }
  })

  it('refuses positions it cannot represent', () => {
    expect(() => indexKeyAt(0)).toThrow(RangeError)
    expect(() => indexKeyAt(62 + 62 * 62)).toThrow(RangeError)
  })
})

function textOf(r: TLShape): string[] {
  if (r.type === 'frame') return [r.props.name]
  if (r.type === 'geo' || r.type === 'text' || r.type === 'note' || r.type === 'arrow') return [plainText(r.props.richText)]
  return []
}

function plainText(rt: { content: unknown[] }): string {
  return rt.content
    .map((p) => ((p as { content?: { text?: string }[] }).content ?? []).map((t) => t.text ?? '').join(''))
    .join('\n')
}

function labelsOf(item: (typeof TEMPLATES)[number]['items'][number]): Label[] {
  switch (item.kind) {
    case 'box':
    case 'arrow':
      return item.label ? [item.label] : []
    case 'text':
    case 'note':
      return [item.text]
    case 'line':
      return []
  }
}
