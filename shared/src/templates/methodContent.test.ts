import type { TLGeoShape, TLPageId, TLShape } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { buildTemplate } from './build'
import { TEMPLATES } from './catalog'
import { readTemplateMeta } from './templateMeta'
import type { Label, TemplateItem, TemplateLang } from './types'

/** The labels these method checks are written in; nynorsk has its own test (templateNynorsk.test.ts). */
type NbEn = Pick<Label, 'nb' | 'en'>

/**
 * Checks the templates against what each method must contain: the lanes, rings, sectors and
 * quadrants of the method as innovation teams know it, with the labels written out here.
 */

const PAGE = 'page:page' as TLPageId

function build(id: string, lang: TemplateLang): TLShape[] {
  let n = 0
  return buildTemplate(id, lang, { x: 0, y: 0 }, { pageId: PAGE, createId: () => `m${++n}` })
}

function plain(shape: TLShape): string {
  if (shape.type === 'frame') return shape.props.name
  if (!('richText' in shape.props)) return ''
  return (shape.props.richText.content as { content?: { text?: string }[] }[]).map((p) => (p.content ?? []).map((t) => t.text ?? '').join('')).join('\n')
}

function withRole(records: TLShape[], role: string): TLShape[] {
  return records.filter((r) => readTemplateMeta(r.meta)?.role === role)
}

function part(records: TLShape[], name: string): TLShape | undefined {
  return records.find((r) => readTemplateMeta(r.meta)?.part === name)
}

function allText(records: TLShape[]): string[] {
  return records.map(plain)
}

const JOURNEY_LANES: NbEn[] = [
  { nb: 'Faser', en: 'Stages' },
  { nb: 'Handlinger (hva brukeren gjør)', en: 'Actions (what the user does)' },
  { nb: 'Kontaktpunkter og kanaler', en: 'Touchpoints and channels' },
  { nb: 'Tanker og følelser', en: 'Thoughts and feelings' },
  { nb: 'Smertepunkter', en: 'Pain points' },
  { nb: 'Muligheter', en: 'Opportunities' },
]

describe('Tjenestereise / service journey map', () => {
  for (const lang of ['nb', 'en'] as const) {
    const records = build('service-journey', lang)
    const geoBox = (r: TLShape) => r as TLGeoShape

    it(`has the six lanes of a service journey in order, without overlap (${lang})`, () => {
      const lanes = withRole(records, 'lane').map(geoBox)
      expect(lanes).toHaveLength(6)
      const sorted = [...lanes].sort((a, b) => a.y - b.y)
      for (let i = 1; i < sorted.length; i++) {
        const above = sorted[i - 1]!
        expect(above.y + above.props.h, `lane ${i} overlaps lane ${i + 1}`).toBeLessThanOrEqual(sorted[i]!.y)
      }
      for (const lane of sorted) {
        expect(lane.props.h).toBeGreaterThanOrEqual(100)
        if (readTemplateMeta(lane.meta)?.part !== 'lane:stages') expect(lane.props.h).toBeGreaterThanOrEqual(160)
      }
      // Each lane's heading lies within its lane's y range, in the method's order.
      const headings = sorted.map((lane) => {
        const header = part(records, `${readTemplateMeta(lane.meta)!.part}:header`) as TLGeoShape
        expect(header.y).toBeGreaterThanOrEqual(lane.y)
        expect(header.y + header.props.h).toBeLessThanOrEqual(lane.y + lane.props.h)
        return plain(header)
      })
      expect(headings).toEqual(JOURNEY_LANES.map((l) => l[lang]))
    })

    it(`has the stages Før/Under/Etter, left to right, in the stages lane (${lang})`, () => {
      const stages = withRole(records, 'stage').sort((a, b) => a.x - b.x)
      expect(stages.map(plain)).toEqual(lang === 'nb' ? ['Før', 'Under', 'Etter'] : ['Before', 'During', 'After'])
      const stagesLane = part(records, 'lane:stages')!
      for (const s of stages) expect(s.y).toBe(stagesLane.y)
    })

    it(`has a dashed line of visibility below the lanes, the backstage under it and the user on top (${lang})`, () => {
      const lanes = withRole(records, 'lane').map(geoBox)
      const lanesTop = Math.min(...lanes.map((l) => l.y))
      const lanesBottom = Math.max(...lanes.map((l) => l.y + l.props.h))
      const [visibility] = withRole(records, 'visibilityLine')
      expect(visibility?.type).toBe('line')
      if (visibility?.type !== 'line') return
      expect(visibility.props.dash).toBe('dashed')
      expect(visibility.y).toBeGreaterThan(lanesBottom)
      const backstage = part(records, 'backstage') as TLGeoShape
      expect(backstage.y).toBeGreaterThan(visibility.y)
      expect(plain(part(records, 'backstage:header')!)).toBe(
        lang === 'nb' ? 'Bak scenen: arbeidsprosesser, roller og ansvar' : 'Backstage: processes, roles and responsibilities',
      )
      const user = part(records, 'userScenario') as TLGeoShape
      expect(user.y + user.props.h).toBeLessThanOrEqual(lanesTop)
      expect(plain(part(records, 'userScenario:header')!)).toBe(lang === 'nb' ? 'Bruker og scenario' : 'User and scenario')
      expect(allText(records).some((t) => /synlighetslinje|line of visibility/i.test(t))).toBe(true)
    })

    it(`gives the feelings lane a scale from glad to negative (${lang})`, () => {
      const lane = part(records, 'lane:feelings') as TLGeoShape
      const positive = part(records, 'emotion:positive')!
      const negative = part(records, 'emotion:negative')!
      expect(positive.y).toBeLessThan(negative.y)
      for (const s of [positive, negative]) {
        expect(s.y).toBeGreaterThanOrEqual(lane.y)
        expect(s.y).toBeLessThan(lane.y + lane.props.h)
      }
    })
  }
})

describe('Interessentkart / stakeholder map', () => {
  const RINGS: NbEn[] = [
    { nb: 'Brukeren / innbyggeren', en: 'The user / citizen' },
    { nb: 'Direkte kontakt (førstelinje, tjenesteytere)', en: 'Direct contact (front line, service providers)' },
    { nb: 'Indirekte påvirkning (politikk, regelverk, IT, samarbeidspartnere)', en: 'Indirect influence (policy, regulation, IT, partners)' },
  ]
  for (const lang of ['nb', 'en'] as const) {
    const records = build('stakeholder-map', lang)

    it(`has three concentric rings, centre to outer, each labelled (${lang})`, () => {
      const rings = withRole(records, 'ring') as TLGeoShape[]
      expect(rings).toHaveLength(3)
      for (const r of rings) expect(r.props.geo).toBe('ellipse')
      const centres = rings.map((r) => `${r.x + r.props.w / 2},${r.y + r.props.h / 2}`)
      expect(new Set(centres).size).toBe(1)
      const bySize = [...rings].sort((a, b) => a.props.w - b.props.w)
      expect(bySize.map((r) => readTemplateMeta(r.meta)?.part)).toEqual(['ring:centre', 'ring:middle', 'ring:outer'])
      const texts = allText(records)
      for (const label of RINGS) expect(texts).toContain(label[lang])
      // Each ring's label plate lies between that ring and the next one in.
      for (const [outer, inner] of [
        [bySize[2]!, bySize[1]!],
        [bySize[1]!, bySize[0]!],
      ] as const) {
        const plate = part(records, `${readTemplateMeta(outer.meta)!.part}:label`) as TLGeoShape
        expect(plate.y).toBeGreaterThan(outer.y)
        expect(plate.y + plate.props.h).toBeLessThan(inner.y)
      }
    })

    it(`has four sector segments with the stakeholder map's sectors (${lang})`, () => {
      const sectors = withRole(records, 'sector')
      expect(sectors).toHaveLength(4)
      const expected = lang === 'nb' ? ['Offentlig', 'Privat næringsliv', 'Frivillighet og sivilsamfunn', 'Innbyggere'] : ['Public sector', 'Private business', 'Voluntary sector and civil society', 'Citizens']
      expect(sectors.map(plain).sort()).toEqual([...expected].sort())
    })
  }
})

describe('Makt–interesse-matrise / power–interest grid', () => {
  const QUADRANTS = {
    topRight: { nb: 'Nøkkelaktører – må engasjeres', en: 'Key players – engage closely' },
    topLeft: { nb: 'Må holdes tilfreds', en: 'Keep satisfied' },
    bottomRight: { nb: 'Holdes informert', en: 'Keep informed' },
    bottomLeft: { nb: 'Følges med på', en: 'Monitor' },
  }
  for (const lang of ['nb', 'en'] as const) {
    it(`has four quadrants with the power–interest labels, power up and interest right (${lang})`, () => {
      const records = build('power-interest', lang)
      const quadrants = withRole(records, 'quadrant')
      expect(quadrants).toHaveLength(4)
      const xs = [...new Set(quadrants.map((q) => q.x))].sort((a, b) => a - b)
      const ys = [...new Set(quadrants.map((q) => q.y))].sort((a, b) => a - b)
      const at = (x: number, y: number) => plain(quadrants.find((q) => q.x === x && q.y === y)!)
      expect(at(xs[1]!, ys[0]!)).toBe(QUADRANTS.topRight[lang])
      expect(at(xs[0]!, ys[0]!)).toBe(QUADRANTS.topLeft[lang])
      expect(at(xs[1]!, ys[1]!)).toBe(QUADRANTS.bottomRight[lang])
      expect(at(xs[0]!, ys[1]!)).toBe(QUADRANTS.bottomLeft[lang])
      const axes = withRole(records, 'axis').filter((r) => r.type === 'arrow').map(plain)
      expect(axes.sort()).toEqual(lang === 'nb' ? ['Interesse', 'Makt'] : ['Interest', 'Power'])
    })
  }
})

describe('the further methods carry their methods\' labels', () => {
  const cases: [string, NbEn[]][] = [
    ['empathy-map', [{ nb: 'Sier', en: 'Says' }, { nb: 'Tenker', en: 'Thinks' }, { nb: 'Gjør', en: 'Does' }, { nb: 'Føler', en: 'Feels' }, { nb: 'Smerter', en: 'Pains' }, { nb: 'Gevinster', en: 'Gains' }]],
    ['problem-tree', [{ nb: 'Årsaker', en: 'Causes' }, { nb: 'Kjerneproblem', en: 'Core problem' }, { nb: 'Konsekvenser', en: 'Effects' }]],
    ['how-might-we', [{ nb: 'Hvordan kan vi …?', en: 'How might we …?' }]],
    ['impact-effort', [{ nb: 'Raske gevinster', en: 'Quick wins' }, { nb: 'Store satsinger', en: 'Big bets' }, { nb: 'Småtteri', en: 'Fill-ins' }, { nb: 'Tidstyver', en: 'Money pits' }, { nb: 'Gevinst', en: 'Impact' }, { nb: 'Innsats', en: 'Effort' }]],
    ['test-card', [{ nb: 'Vi tror at …', en: 'We believe that …' }, { nb: 'For å verifisere det vil vi …', en: 'To verify that, we will …' }, { nb: 'Og måle …', en: 'And measure …' }, { nb: 'Vi har rett hvis …', en: 'We are right if …' }]],
    ['double-diamond', [{ nb: 'Utforske', en: 'Discover' }, { nb: 'Definere', en: 'Define' }, { nb: 'Utvikle', en: 'Develop' }, { nb: 'Levere', en: 'Deliver' }]],
    ['persona', [{ nb: 'Navn', en: 'Name' }, { nb: 'Alder', en: 'Age' }, { nb: 'Situasjon', en: 'Situation' }, { nb: 'Behov', en: 'Needs' }, { nb: 'Frustrasjoner', en: 'Frustrations' }, { nb: 'Sitat', en: 'Quote' }]],
    ['theory-of-change', [{ nb: 'Innsatsfaktorer', en: 'Inputs' }, { nb: 'Aktiviteter', en: 'Activities' }, { nb: 'Produkter og tjenester', en: 'Outputs' }, { nb: 'Brukereffekter', en: 'Outcomes' }, { nb: 'Samfunnseffekter', en: 'Impact' }]],
    ['retrospective', [{ nb: 'Hva fungerte?', en: 'What worked?' }, { nb: 'Hva lærte vi?', en: 'What did we learn?' }, { nb: 'Hva gjør vi annerledes?', en: 'What will we change?' }]],
  ]
  for (const [id, labels] of cases) {
    for (const lang of ['nb', 'en'] as const) {
      it(`${id} (${lang})`, () => {
        const texts = allText(build(id, lang))
        for (const label of labels) expect(texts, label[lang]).toContain(label[lang])
      })
    }
  }

  it('KS Veikart starts with Forankring and Innsikt and lists the five Forankring steps in order', () => {
    const records = build('ks-veikart', 'nb')
    const phases = withRole(records, 'stage').sort((a, b) => a.x - b.x).map(plain)
    expect(phases[0]).toContain('Forankring')
    expect(phases[1]).toContain('Innsikt')
    expect(phases).toHaveLength(6)
    const steps = withRole(records, 'step').sort((a, b) => a.y - b.y).map(plain)
    expect(steps).toEqual([
      '1. Definere problem og sette mål',
      '2. Utforske gevinster',
      '3. Bygg riktig team',
      '4. Kartlegg interessenter og planlegg forankring',
      '5. Kartlegg relevante prosjekter',
    ])
  })
})

describe('both languages are complete', () => {
  /** Labels that are the same word in both languages. */
  const SAME_IN_BOTH = new Set(['Persona', 'Test', 'A', 'B', 'C', 'D', 'E'])

  function labels(items: readonly TemplateItem[]): NbEn[] {
    return items.flatMap((item) => {
      if (item.kind === 'text' || item.kind === 'note') return [item.text]
      if (item.kind === 'box' || item.kind === 'arrow') return item.label ? [item.label] : []
      return []
    })
  }

  for (const t of TEMPLATES) {
    it(`${t.id}: every label has nb and en, and they differ`, () => {
      const all = [t.name, t.description, ...labels(t.items)]
      expect(all.length).toBeGreaterThan(3)
      for (const l of all) {
        expect(l.nb.trim(), JSON.stringify(l)).not.toBe('')
        expect(l.en.trim(), JSON.stringify(l)).not.toBe('')
        if (!SAME_IN_BOTH.has(l.nb)) expect(l.nb, JSON.stringify(l)).not.toBe(l.en)
      }
      expect(t.description.nb.length).toBeLessThanOrEqual(200)
      expect(t.description.en.length).toBeLessThanOrEqual(200)
    })
  }

  it('names every template differently in each language', () => {
    for (const lang of ['nb', 'en'] as const) {
      const names = TEMPLATES.map((t) => t.name[lang])
      expect(new Set(names).size).toBe(names.length)
    }
  })
})
