import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import { box, hint } from '../templateItems'
import type { Label, TemplateDefinition, TemplateItem } from '../types'

/** Refleksjon / retrospective: what worked, what we learned, what we will change; then next steps. */

export const RETRO_COLUMNS: readonly { part: string; label: Label; color: TLDefaultColorStyle }[] = [
  { part: 'column:worked', label: { nb: 'Hva fungerte?', nn: 'Kva fungerte?', en: 'What worked?' }, color: 'light-green' },
  { part: 'column:learned', label: { nb: 'Hva lærte vi?', nn: 'Kva lærte vi?', en: 'What did we learn?' }, color: 'yellow' },
  { part: 'column:change', label: { nb: 'Hva gjør vi annerledes?', nn: 'Kva gjer vi annleis?', en: 'What will we change?' }, color: 'light-violet' },
]

const MARGIN = 40
const COL_W = 560
const GAP = 40
const W = MARGIN + RETRO_COLUMNS.length * COL_W + (RETRO_COLUMNS.length - 1) * GAP + MARGIN
const COL_Y = 80
const COL_H = 760
const HEADER_H = 100
const NEXT_Y = COL_Y + COL_H + 40
const NEXT_H = 200
const H = NEXT_Y + NEXT_H + MARGIN

function columns(): TemplateItem[] {
  return RETRO_COLUMNS.flatMap((c, i) => {
    const x = MARGIN + i * (COL_W + GAP)
    return [
      box({ role: 'area', part: c.part, x, y: COL_Y, w: COL_W, h: COL_H }),
      box({ role: 'stage', part: `${c.part}:header`, x, y: COL_Y, w: COL_W, h: HEADER_H, color: c.color, fill: 'solid', size: 'l', label: c.label }),
    ]
  })
}

export const retrospective: TemplateDefinition = {
  id: 'retrospective',
  category: 'reflection',
  name: { nb: 'Refleksjon', nn: 'Refleksjon', en: 'Retrospective' },
  description: {
    nb: 'Se tilbake på samlingen eller perioden: hva fungerte, hva lærte vi, og hva gjør vi annerledes?', nn: 'Sjå tilbake på samlinga eller perioden: kva fungerte, kva lærte vi, og kva gjer vi annleis?',
    en: 'Look back on the gathering or period: what worked, what did we learn, and what will we change?',
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, W - 2 * MARGIN, {
      nb: 'Én tanke per lapp. Skriv hver for dere først, del så runden rundt og grupper lappene.', nn: 'Éin tanke per lapp. Skriv kvar for dykk først, del så runden rundt og grupper lappane.',
      en: 'One thought per note. Write on your own first, then share in turn and group the notes.',
    }),
    ...columns(),
    box({
      role: 'area',
      part: 'nextSteps',
      x: MARGIN,
      y: NEXT_Y,
      w: W - 2 * MARGIN,
      h: NEXT_H,
      color: 'light-blue',
      fill: 'solid',
      size: 'm',
      align: 'start',
      verticalAlign: 'start',
      label: { nb: 'Neste steg', nn: 'Neste steg', en: 'Next steps' },
    }),
    hint(MARGIN + 18, NEXT_Y + 56, 1000, { nb: 'Hvem gjør hva, og innen når?', nn: 'Kven gjer kva, og innan når?', en: 'Who does what, and by when?' }, 'nextSteps:hint'),
  ],
}
