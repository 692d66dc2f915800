import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import { box, hint } from '../templateItems'
import type { Label, TemplateDefinition, TemplateItem } from '../types'

/** Empatikart / empathy map: a persona in the centre, four quadrants, pains and gains below. */

interface QuadrantSpec {
  part: string
  label: Label
  hint: Label
  color: TLDefaultColorStyle
  col: 0 | 1
  row: 0 | 1
}

const QUADRANTS: readonly QuadrantSpec[] = [
  {
    part: 'quadrant:says',
    label: { nb: 'Sier', nn: 'Seier', en: 'Says' },
    hint: { nb: 'Hva sier personen? Skriv sitater fra intervjuer.', nn: 'Kva seier personen? Skriv sitat frå intervju.', en: 'What does the person say? Write quotes from interviews.' },
    color: 'light-blue',
    col: 0,
    row: 0,
  },
  {
    part: 'quadrant:thinks',
    label: { nb: 'Tenker', nn: 'Tenkjer', en: 'Thinks' },
    hint: { nb: 'Hva tenker hen, men sier kanskje ikke høyt?', nn: 'Kva tenkjer hen, men seier kanskje ikkje høgt?', en: 'What do they think but perhaps not say out loud?' },
    color: 'light-violet',
    col: 1,
    row: 0,
  },
  {
    part: 'quadrant:does',
    label: { nb: 'Gjør', nn: 'Gjer', en: 'Does' },
    hint: { nb: 'Hva gjør hen? Handlinger og vaner dere har sett.', nn: 'Kva gjer hen? Handlingar og vanar de har sett.', en: 'What do they do? Actions and habits you have seen.' },
    color: 'light-green',
    col: 0,
    row: 1,
  },
  {
    part: 'quadrant:feels',
    label: { nb: 'Føler', nn: 'Kjenner', en: 'Feels' },
    hint: { nb: 'Hva føler hen? Bekymringer, håp og frustrasjoner.', nn: 'Kva kjenner hen? Uro, håp og frustrasjonar.', en: 'What do they feel? Worries, hopes and frustrations.' },
    color: 'yellow',
    col: 1,
    row: 1,
  },
]

const MARGIN = 40
const GRID_Y = 90
const CELL_W = 760
const CELL_H = 480
const W = MARGIN + 2 * CELL_W + MARGIN
const CX = MARGIN + CELL_W
const CY = GRID_Y + CELL_H
const PERSONA_R = 150
const BOTTOM_Y = GRID_Y + 2 * CELL_H + 30
const BOTTOM_H = 340
const BOTTOM_W = (W - 2 * MARGIN - 20) / 2
const H = BOTTOM_Y + BOTTOM_H + MARGIN
const HINT_W = 420

function quadrants(): TemplateItem[] {
  return QUADRANTS.flatMap((q) => {
    const x = MARGIN + q.col * CELL_W
    const y = GRID_Y + q.row * CELL_H
    // Headings go to the outer side; the inner corners are under the persona.
    const right = q.col === 1
    return [
      box({ role: 'quadrant', part: q.part, x, y, w: CELL_W, h: CELL_H, color: q.color, fill: 'solid', size: 'l', label: q.label, align: right ? 'end' : 'start', verticalAlign: 'start' }),
      { ...hint(right ? x + CELL_W - 18 - HINT_W : x + 18, y + 64, HINT_W, q.hint, `${q.part}:hint`), textAlign: right ? ('end' as const) : ('start' as const) },
    ]
  })
}

function painsAndGains(): TemplateItem[] {
  const parts: [string, Label, Label, TLDefaultColorStyle][] = [
    ['pains', { nb: 'Smerter', nn: 'Smerter', en: 'Pains' }, { nb: 'Frykt, hindringer og det som er tungt.', nn: 'Frykt, hindringar og det som er tungt.', en: 'Fears, obstacles and what is hard.' }, 'light-red'],
    ['gains', { nb: 'Gevinster', nn: 'Gevinstar', en: 'Gains' }, { nb: 'Ønsker, behov og hva som ville vært en suksess.', nn: 'Ønske, behov og kva som ville vore ein suksess.', en: 'Wishes, needs and what success would look like.' }, 'light-green'],
  ]
  return parts.flatMap(([part, label, hintText, color], i) => {
    const x = MARGIN + i * (BOTTOM_W + 20)
    return [
      box({ role: 'area', part, x, y: BOTTOM_Y, w: BOTTOM_W, h: BOTTOM_H, color, fill: 'solid', size: 'l', label, align: 'start', verticalAlign: 'start' }),
      hint(x + 18, BOTTOM_Y + 64, BOTTOM_W - 36, hintText, `${part}:hint`),
    ]
  })
}

export const empathyMap: TemplateDefinition = {
  id: 'empathy-map',
  category: 'insight',
  name: { nb: 'Empatikart', nn: 'Empatikart', en: 'Empathy map' },
  description: {
    nb: 'Hva en bruker sier, tenker, gjør og føler – med smerter og gevinster. Godt etter intervjuer og observasjon.', nn: 'Kva ein brukar seier, tenkjer, gjer og kjenner – med smerter og gevinstar. Godt etter intervju og observasjon.',
    en: 'What a user says, thinks, does and feels – with pains and gains. Good after interviews and observation.',
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, W - 2 * MARGIN, {
      nb: 'Ta utgangspunkt i én person dere har møtt. Fyll kvadrantene med det dere har hørt og sett, ikke det dere tror.', nn: 'Ta utgangspunkt i éin person de har møtt. Fyll kvadrantane med det de har høyrt og sett, ikkje det de trur.',
      en: 'Start from one person you have met. Fill the quadrants with what you heard and saw, not what you assume.',
    }),
    ...quadrants(),
    box({
      role: 'heading',
      part: 'persona',
      geo: 'ellipse',
      x: CX - PERSONA_R,
      y: CY - PERSONA_R,
      w: 2 * PERSONA_R,
      h: 2 * PERSONA_R,
      color: 'orange',
      fill: 'solid',
      size: 'm',
      label: { nb: 'Persona\nHvem er hen?', nn: 'Persona\nKven er hen?', en: 'Persona\nWho are they?' },
    }),
    ...painsAndGains(),
  ],
}
