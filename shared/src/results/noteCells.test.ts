import { createTLSchema, type TLPageId, type TLShape } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { BOARD_LANGS } from '../board/boardLang'
import { rectangleRecord } from '../test/rectangleRecord'
import { noteRecord } from '../test/noteRecord'
import { buildTemplate } from '../templates/build'
import { getTemplate, TEMPLATE_IDS } from '../templates/catalog'
import { JOURNEY_LANES, JOURNEY_STAGES } from '../templates/methods/serviceJourney'
import type { BoxItem, TemplateLang } from '../templates/types'
import { noteCells, type NoteCell } from './noteCells'

const PAGE = 'page:page' as TLPageId
const PAGE_RECORD = { id: PAGE, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} }
const LANGS: readonly TemplateLang[] = BOARD_LANGS
const ORIGIN = { x: 1000, y: 500 }

function counterIds(prefix: string): () => string {
  let n = 0
  return () => `${prefix}${++n}`
}

function template(id: string, lang: TemplateLang, origin = ORIGIN, prefix = 't', lockFrame = true): TLShape[] {
  return buildTemplate(id, lang, origin, { pageId: PAGE, createId: counterIds(prefix), lockFrame })
}

/** A note centred at (x, y) in the template's frame coordinates (the note itself is on the page, as tldraw puts notes dropped on a locked frame). */
function noteAt(id: string, x: number, y: number, origin = ORIGIN): TLShape {
  return noteRecord({ id: `shape:${id}`, cx: origin.x + x, cy: origin.y + y, text: id })
}

function cellOf(records: readonly unknown[], id: string): NoteCell {
  const cell = noteCells(records).notes.find((n) => n.id === `shape:${id}`)
  if (!cell) throw new Error(`no cell for ${id}`)
  return cell
}

function box(id: string, part: string): BoxItem {
  const item = getTemplate(id)!.items.find((i) => i.part === part)
  if (!item || item.kind !== 'box') throw new Error(`no box ${part} in ${id}`)
  return item
}

function centreOf(item: BoxItem): { x: number; y: number } {
  return { x: item.x + item.w / 2, y: item.y + item.h / 2 }
}

describe('noteRecord (the fixture)', () => {
  it('is a valid tldraw note', () => {
    expect(() => createTLSchema().types.shape.validate(noteRecord({ id: 'shape:n', cx: 0, cy: 0, text: 'x' }))).not.toThrow()
  })
})

describe('service journey: row is the lane, column the stage', () => {
  for (const lang of LANGS) {
    it(`names the lane and the stage in the board's language (${lang})`, () => {
      const stage2 = box('service-journey', 'stage:2')
      const pain = box('service-journey', 'lane:painPoints')
      const records = [PAGE_RECORD, ...template('service-journey', lang), noteAt('n', stage2.x + stage2.w / 2, pain.y + pain.h / 2)]
      const cell = cellOf(records, 'n')
      expect(cell).toMatchObject({
        frame: getTemplate('service-journey')!.name[lang],
        template: 'service-journey',
        row: { nb: 'Smertepunkter', nn: 'Smertepunkt', en: 'Pain points' }[lang],
        column: { nb: 'Under', nn: 'Under', en: 'During' }[lang],
        text: 'n',
        color: 'yellow',
        type: 'note',
        x: ORIGIN.x + stage2.x + stage2.w / 2,
        y: ORIGIN.y + pain.y + pain.h / 2,
      })
    })

    it(`gives every lane × stage its names (${lang})`, () => {
      const records: unknown[] = [PAGE_RECORD, ...template('service-journey', lang)]
      const expected: Record<string, [string, string]> = {}
      for (const lane of JOURNEY_LANES) {
        const laneBox = box('service-journey', lane.part)
        JOURNEY_STAGES.forEach((stage, i) => {
          const stageBox = box('service-journey', `stage:${i + 1}`)
          const id = `${lane.part.replace(':', '_')}_${i}`
          records.push(noteAt(id, stageBox.x + stageBox.w / 2, laneBox.y + laneBox.h / 2))
          expected[`shape:${id}`] = [lane.label[lang], stage[lang]]
        })
      }
      const notes = noteCells(records).notes.filter((n) => n.id in expected)
      expect(notes).toHaveLength(JOURNEY_LANES.length * JOURNEY_STAGES.length)
      for (const note of notes) expect([note.row, note.column]).toEqual(expected[note.id])
    })
  }

  it('lists the rows top to bottom and the stages left to right', () => {
    const { frames } = noteCells([PAGE_RECORD, ...template('service-journey', 'nb')])
    expect(frames).toHaveLength(1)
    expect(frames[0]).toMatchObject({
      title: 'Tjenestereise',
      template: 'service-journey',
      rows: [
        'Bruker og scenario',
        ...JOURNEY_LANES.map((l) => l.label.nb),
        'Bak scenen: arbeidsprosesser, roller og ansvar',
      ],
      columns: ['Før', 'Under', 'Etter'],
      grid: true,
    })
  })

  it('puts a centre on a lane border in the lane below, and on a stage border in the stage to the right', () => {
    const actions = box('service-journey', 'lane:actions')
    const stage2 = box('service-journey', 'stage:2')
    const records = [PAGE_RECORD, ...template('service-journey', 'nb'), noteAt('border', stage2.x, actions.y + actions.h)]
    expect(cellOf(records, 'border')).toMatchObject({ row: 'Kontaktpunkter og kanaler', column: 'Under' })
  })

  it('gives the stage column to notes backstage, and none to the user and scenario above the stages', () => {
    const backstage = box('service-journey', 'backstage')
    const scenario = box('service-journey', 'userScenario')
    const stage3 = box('service-journey', 'stage:3')
    const records = [
      PAGE_RECORD,
      ...template('service-journey', 'en'),
      noteAt('back', stage3.x + 100, backstage.y + backstage.h / 2),
      noteAt('top', stage3.x + 100, scenario.y + scenario.h / 2),
    ]
    expect(cellOf(records, 'back')).toMatchObject({ row: 'Backstage: processes, roles and responsibilities', column: 'After' })
    expect(cellOf(records, 'top')).toMatchObject({ row: 'User and scenario', column: '' })
  })

  it('treats a note on a lane header as in that lane but in no stage', () => {
    const feelings = box('service-journey', 'lane:feelings')
    const records = [PAGE_RECORD, ...template('service-journey', 'nb'), noteAt('h', 150, feelings.y + 150)]
    expect(cellOf(records, 'h')).toMatchObject({ row: 'Tanker og følelser', column: '' })
  })

  it('finds the same cell for a note that is a child of an unlocked frame', () => {
    const records = template('service-journey', 'nb', ORIGIN, 't', false)
    const frame = records.find((r) => r.type === 'frame')!
    const opp = box('service-journey', 'lane:opportunities')
    const stage1 = box('service-journey', 'stage:1')
    const child = noteRecord({ id: 'shape:child', cx: stage1.x + 50 + 100, cy: opp.y + 120, parentId: frame.id })
    expect(cellOf([PAGE_RECORD, ...records, child], 'child')).toMatchObject({ frame: 'Tjenestereise', row: 'Muligheter', column: 'Før', x: ORIGIN.x + stage1.x + 150, y: ORIGIN.y + opp.y + 120 })
  })

  it('uses the names on the board, so a facilitator’s edited heading is the cell name', () => {
    const records = template('service-journey', 'nb').map((r) => {
      const meta = r.meta as { part?: string }
      if (meta.part !== 'lane:painPoints:header') return r
      return { ...r, props: { ...r.props, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Det som gjør vondt' }] }] } } }
    })
    const pain = box('service-journey', 'lane:painPoints')
    expect(cellOf([PAGE_RECORD, ...records, noteAt('n', 1200, pain.y + 50)], 'n').row).toBe('Det som gjør vondt')
  })
})

describe('stakeholder map: row is the ring, column the sector', () => {
  const centre = { x: 850, y: 810 }
  for (const lang of LANGS) {
    it(`names the innermost ring the centre is in (${lang})`, () => {
      const records = [
        PAGE_RECORD,
        ...template('stakeholder-map', lang),
        noteAt('inner', centre.x, centre.y),
        noteAt('middle', centre.x + 300, centre.y - 10),
        noteAt('outer', centre.x - 10, centre.y + 550),
        noteAt('corner', 1600, 150),
      ]
      const rings = getTemplate('stakeholder-map')!.items
      const label = (part: string) => {
        const item = rings.find((i) => i.part === part)
        return item?.kind === 'box' ? item.label?.[lang] : undefined
      }
      expect(cellOf(records, 'inner').row).toBe(label('ring:centre'))
      expect(cellOf(records, 'middle').row).toBe(label('ring:middle:label'))
      expect(cellOf(records, 'outer').row).toBe(label('ring:outer:label'))
      expect(cellOf(records, 'corner')).toMatchObject({ row: '', column: label('sector:business') })
      expect(cellOf(records, 'middle').column).toBe(label('sector:business'))
      expect(cellOf(records, 'outer').column).toBe(label('sector:civil'))
    })
  }

  it('puts a centre on a ring’s line in the ring outside it', () => {
    // ring:centre is a circle of radius 190 around the map's centre.
    const records = [PAGE_RECORD, ...template('stakeholder-map', 'en'), noteAt('line', centre.x + 190, centre.y)]
    expect(cellOf(records, 'line').row).toBe('Direct contact (front line, service providers)')
  })
})

describe('quadrant matrices: the row is the quadrant', () => {
  const cases: [string, string, Record<TemplateLang, string>][] = [
    ['power-interest', 'quadrant:keyPlayers', { nb: 'Nøkkelaktører – må engasjeres', nn: 'Nøkkelaktørar – må engasjerast', en: 'Key players – engage closely' }],
    ['impact-effort', 'quadrant:quickWins', { nb: 'Raske gevinster', nn: 'Raske gevinstar', en: 'Quick wins' }],
    ['empathy-map', 'quadrant:feels', { nb: 'Føler', nn: 'Kjenner', en: 'Feels' }],
  ]
  for (const [id, part, names] of cases) {
    for (const lang of LANGS) {
      it(`${id} (${lang})`, () => {
        const q = box(id, part)
        const c = centreOf(q)
        const records = [PAGE_RECORD, ...template(id, lang), noteAt('q', c.x, c.y)]
        const cell = cellOf(records, 'q')
        expect(cell.row).toBe(q.label![lang])
        expect(cell.row).toBe(names[lang])
        expect(cell.column).toBe('')
        expect(cell.template).toBe(id)
      })
    }
  }

  it('puts a centre where four quadrants meet in the lower right one', () => {
    const q = box('power-interest', 'quadrant:keepInformed')
    const records = [PAGE_RECORD, ...template('power-interest', 'en'), noteAt('mid', q.x, q.y)]
    expect(cellOf(records, 'mid').row).toBe(q.label!.en)
  })

  it('lists the quadrants row by row', () => {
    const { frames } = noteCells([PAGE_RECORD, ...template('impact-effort', 'nb')])
    expect(frames[0]!.rows).toEqual(['Raske gevinster', 'Store satsinger', 'Småtteri', 'Tidstyver'])
    expect(frames[0]!.columns).toEqual([])
  })
})

describe('whether rows and columns form a table', () => {
  const gridOf = (id: string) => noteCells([PAGE_RECORD, ...template(id, 'nb')]).frames[0]!.grid
  it('is a table where they cross: journey, stakeholder map, KS Veikart', () => {
    expect([gridOf('service-journey'), gridOf('stakeholder-map'), gridOf('ks-veikart')]).toEqual([true, true, true])
  })
  it('is not where they lie side by side or one of them is missing: retrospective, theory of change, quadrants', () => {
    expect([gridOf('retrospective'), gridOf('theory-of-change'), gridOf('impact-effort'), gridOf('persona')]).toEqual([false, false, false, false])
  })
})

describe('column templates', () => {
  it('retrospective: a column per heading, the next steps a row', () => {
    const worked = box('retrospective', 'column:worked')
    const next = box('retrospective', 'nextSteps')
    const records = [PAGE_RECORD, ...template('retrospective', 'nb'), noteAt('w', worked.x + 200, worked.y + 400), noteAt('n', next.x + 900, next.y + 100)]
    expect(cellOf(records, 'w')).toMatchObject({ row: '', column: 'Hva fungerte?' })
    expect(cellOf(records, 'n')).toMatchObject({ row: 'Neste steg', column: '' })
  })

  it('KS Veikart: a step is the row, the phase the column (a two-line heading on one line)', () => {
    const step = box('ks-veikart', 'anchoring:step:2')
    const c = centreOf(step)
    const records = [PAGE_RECORD, ...template('ks-veikart', 'nb'), noteAt('s', c.x, c.y)]
    expect(cellOf(records, 's')).toMatchObject({ row: step.label!.nb, column: 'Fase 1 Forankring' })
  })

  it('theory of change: the links are columns', () => {
    const outputs = box('theory-of-change', 'link:outputs')
    const records = [PAGE_RECORD, ...template('theory-of-change', 'en'), noteAt('o', outputs.x + 190, outputs.y + 500)]
    expect(cellOf(records, 'o')).toMatchObject({ row: '', column: 'Outputs' })
  })

  it('test card: a step is named by its label', () => {
    const step = box('test-card', 'step:metric')
    const records = [PAGE_RECORD, ...template('test-card', 'nb'), noteAt('m', step.x + 900, step.y + 115)]
    expect(cellOf(records, 'm').row).toBe('Og måle …')
  })
})

describe('every template in both languages', () => {
  for (const id of TEMPLATE_IDS) {
    for (const lang of LANGS) {
      it(`${id} (${lang}): a note at the centre of each labelled lane, quadrant or ring is in it`, () => {
        const def = getTemplate(id)!
        const regions = def.items.filter((i): i is BoxItem => i.kind === 'box' && ['lane', 'quadrant', 'step'].includes(i.role) && i.label !== undefined)
        const records: unknown[] = [PAGE_RECORD, ...template(id, lang)]
        regions.forEach((r, i) => {
          const c = centreOf(r)
          records.push(noteAt(`r${i}`, c.x + 120, c.y))
        })
        const { notes, frames } = noteCells(records)
        regions.forEach((r, i) => expect(notes.find((n) => n.id === `shape:r${i}`)!.row).toBe(r.label![lang]))
        expect(frames).toEqual([expect.objectContaining({ title: def.name[lang], template: id })])
      })
    }
  }
})

describe('what counts as a note', () => {
  it('every sticky note, starter notes too, and text and geo shapes with text that are not scaffolding', () => {
    const text = {
      ...rectangleRecord({ id: 'shape:txt', x: 0, y: 0 }),
      type: 'text',
      props: { color: 'black', size: 'm', font: 'draw', textAlign: 'start', w: 200, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Fritekst' }] }] }, scale: 1, autoSize: true },
    }
    const records = [
      PAGE_RECORD,
      ...template('problem-tree', 'nb'),
      rectangleRecord({ id: 'shape:labelled', x: -500, y: 0, label: 'Idé' }),
      rectangleRecord({ id: 'shape:empty', x: -800, y: 0 }),
      text,
    ]
    const { notes } = noteCells(records)
    const starter = records.filter((r) => (r as TLShape).type === 'note').map((r) => (r as TLShape).id)
    expect(starter.length).toBeGreaterThan(0)
    expect(notes.map((n) => n.id).sort()).toEqual([...starter, 'shape:labelled', 'shape:txt'].sort())
    expect(notes.find((n) => n.id === 'shape:labelled')).toMatchObject({ type: 'geo', text: 'Idé', frame: '', frameId: null })
  })

  it('joins paragraphs and hard breaks with line breaks', () => {
    const note = noteRecord({ id: 'shape:multi', cx: 0, cy: 0 })
    const props = {
      ...note.props,
      richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'En' }, { type: 'hardBreak' }, { type: 'text', text: 'to' }] }, { type: 'paragraph', content: [{ type: 'text', text: 'tre' }] }] },
    }
    expect(noteCells([PAGE_RECORD, { ...note, props }]).notes[0]!.text).toBe('En\nto\ntre')
  })
})

describe('frames and notes outside them', () => {
  it('gives a note outside every frame empty cells, and lists it after the framed ones', () => {
    const records = [PAGE_RECORD, noteRecord({ id: 'shape:away', cx: -5000, cy: 0, text: 'borte' }), ...template('retrospective', 'nb'), noteAt('in', 300, 400)]
    const { notes } = noteCells(records)
    expect(notes.map((n) => n.id)).toEqual(['shape:in', 'shape:away'])
    expect(notes[1]).toEqual({ id: 'shape:away', pageId: PAGE, frameId: null, frame: '', template: '', row: '', column: '', text: 'borte', color: 'yellow', type: 'note', x: -5000, y: 0 })
  })

  it('counts a centre on the frame’s edge as inside, as dot voting does', () => {
    const records = [PAGE_RECORD, ...template('retrospective', 'nb'), noteAt('edge', 0, 500)]
    expect(cellOf(records, 'edge').frame).toBe('Refleksjon')
  })

  it('gives a plain frame its title and no template or cells', () => {
    const frame = { ...rectangleRecord({ id: 'shape:f' }), type: 'frame', x: 0, y: 0, props: { w: 600, h: 400, name: 'Idéer', color: 'black' } }
    const records = [PAGE_RECORD, frame, noteRecord({ id: 'shape:n', cx: 300, cy: 200 })]
    expect(cellOf(records, 'n')).toMatchObject({ frameId: 'shape:f', frame: 'Idéer', template: '', row: '', column: '' })
  })

  it('puts a note in the innermost of nested frames, and follows a rotated frame', () => {
    const outer = { ...rectangleRecord({ id: 'shape:outer' }), type: 'frame', x: 0, y: 0, props: { w: 2000, h: 2000, name: 'Ytre', color: 'black' } }
    const inner = { ...rectangleRecord({ id: 'shape:inner', parentId: 'shape:outer' }), type: 'frame', x: 100, y: 100, props: { w: 300, h: 300, name: 'Indre', color: 'black' } }
    // Rotated a quarter turn about its top-left corner: it covers x in [-400, 0], y in [0, 200].
    const turned = { ...rectangleRecord({ id: 'shape:turned' }), type: 'frame', x: 0, y: 3000, rotation: Math.PI / 2, props: { w: 200, h: 400, name: 'Snudd', color: 'black' } }
    const records = [
      PAGE_RECORD,
      outer,
      inner,
      turned,
      noteRecord({ id: 'shape:a', cx: 250, cy: 250 }),
      noteRecord({ id: 'shape:b', cx: 1000, cy: 1000 }),
      noteRecord({ id: 'shape:c', cx: -300, cy: 3100 }),
      noteRecord({ id: 'shape:d', cx: 300, cy: 3100 }),
    ]
    expect(cellOf(records, 'a').frame).toBe('Indre')
    expect(cellOf(records, 'b').frame).toBe('Ytre')
    expect(cellOf(records, 'c').frame).toBe('Snudd')
    expect(cellOf(records, 'd').frame).toBe('')
  })

  it('keeps frames of another page apart', () => {
    const page2 = { ...PAGE_RECORD, id: 'page:two', index: 'a2' }
    const frame = { ...rectangleRecord({ id: 'shape:f2', parentId: 'page:two' }), type: 'frame', x: 0, y: 0, props: { w: 600, h: 400, name: 'Side to', color: 'black' } }
    const records = [PAGE_RECORD, page2, frame, noteRecord({ id: 'shape:p1', cx: 100, cy: 100 }), noteRecord({ id: 'shape:p2', cx: 100, cy: 100, parentId: 'page:two' })]
    expect(cellOf(records, 'p1')).toMatchObject({ frame: '', pageId: PAGE })
    expect(cellOf(records, 'p2')).toMatchObject({ frame: 'Side to', pageId: 'page:two' })
  })

  it('orders notes frame by frame, by row and column, then by position', () => {
    const second = { x: ORIGIN.x + 3000, y: ORIGIN.y }
    const pain = box('service-journey', 'lane:painPoints')
    const actions = box('service-journey', 'lane:actions')
    const records = [
      PAGE_RECORD,
      ...template('retrospective', 'nb', second, 'r'),
      ...template('service-journey', 'nb'),
      noteAt('retro', 300, 400, second),
      noteAt('pain-before', 500, pain.y + 100),
      noteAt('actions-after', 1900, actions.y + 100),
      noteAt('actions-before-low', 500, actions.y + 150),
      noteAt('actions-before-high', 500, actions.y + 80),
    ]
    const ids = noteCells(records).notes.filter((n) => n.text !== '' && !n.text.startsWith('Hv')).map((n) => n.id.replace('shape:', ''))
    expect(ids).toEqual(['actions-before-high', 'actions-before-low', 'actions-after', 'pain-before', 'retro'])
  })

  it('survives broken records: a parent cycle, a missing parent, odd props', () => {
    const a = { ...noteRecord({ id: 'shape:a', cx: 0, cy: 0, parentId: 'shape:b' }) }
    const b = { ...noteRecord({ id: 'shape:b', cx: 0, cy: 0, parentId: 'shape:a' }) }
    const orphan = noteRecord({ id: 'shape:orphan', cx: 0, cy: 0, parentId: 'shape:gone' })
    const odd = { ...noteRecord({ id: 'shape:odd', cx: 0, cy: 0 }), props: { richText: { content: 'nope' }, scale: 'big' } }
    const { notes } = noteCells([PAGE_RECORD, a, b, orphan, odd, null, 42, 'x'])
    expect(notes.map((n) => n.id)).toEqual(['shape:odd'])
    expect(notes[0]).toMatchObject({ text: '', color: '' })
  })
})
