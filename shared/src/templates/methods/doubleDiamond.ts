import { box, hint, line, text } from '../templateItems'
import type { Label, TemplateDefinition, TemplateItem } from '../types'

/** Dobbel diamant / double diamond (Design Council): two rounds of opening up and narrowing down. */

export const DIAMOND_PHASES: readonly { part: string; label: Label; hint: Label }[] = [
  {
    part: 'phase:discover',
    label: { nb: 'Utforske', nn: 'Utforske', en: 'Discover' },
    hint: { nb: 'Forstå brukerne og problemet. Gå bredt ut.', nn: 'Forstå brukarane og problemet. Gå breitt ut.', en: 'Understand the users and the problem. Go wide.' },
  },
  {
    part: 'phase:define',
    label: { nb: 'Definere', nn: 'Definere', en: 'Define' },
    hint: { nb: 'Sorter innsikten og velg problemet dere skal løse.', nn: 'Sorter innsikta og vel problemet de skal løyse.', en: 'Make sense of the insight and choose the problem to solve.' },
  },
  {
    part: 'phase:develop',
    label: { nb: 'Utvikle', nn: 'Utvikle', en: 'Develop' },
    hint: { nb: 'Lag mange ideer og enkle prototyper.', nn: 'Lag mange idear og enkle prototypar.', en: 'Generate many ideas and simple prototypes.' },
  },
  {
    part: 'phase:deliver',
    label: { nb: 'Levere', nn: 'Levere', en: 'Deliver' },
    hint: { nb: 'Test, forbedre og velg det som virker.', nn: 'Test, forbetre og vel det som verkar.', en: 'Test, improve and choose what works.' },
  },
]

const MARGIN = 40
const LEFT = 80
const PHASE_W = 560
const W = LEFT + DIAMOND_PHASES.length * PHASE_W + LEFT
const DIAMOND_Y = 250
const DIAMOND_H = 640
const TIPS_Y = DIAMOND_Y + DIAMOND_H + 20
const H = TIPS_Y + 40 + MARGIN

function phases(): TemplateItem[] {
  return DIAMOND_PHASES.flatMap((p, i) => {
    const x = LEFT + i * PHASE_W
    return [
      text({ role: 'heading', part: p.part, x, y: 96, w: PHASE_W, size: 'l', textAlign: 'middle', text: p.label }),
      text({ role: 'hint', part: `${p.part}:hint`, x: x + 30, y: 160, w: PHASE_W - 60, textAlign: 'middle', text: p.hint }),
    ]
  })
}

function diamonds(): TemplateItem[] {
  const items: TemplateItem[] = []
  const colors = ['light-blue', 'light-green'] as const
  colors.forEach((color, i) => {
    const x = LEFT + i * 2 * PHASE_W
    items.push(box({ role: 'area', part: `diamond:${i + 1}`, geo: 'diamond', x, y: DIAMOND_Y, w: 2 * PHASE_W, h: DIAMOND_H, color, fill: 'solid', size: 'm' }))
  })
  // Dashed lines at the widest point of each diamond split diverging from converging.
  for (const i of [1, 3]) {
    items.push(
      line({
        role: 'divider',
        part: `divider:${i}`,
        x: LEFT + i * PHASE_W,
        y: DIAMOND_Y - 20,
        points: [{ x: 0, y: 0 }, { x: 0, y: DIAMOND_H + 40 }],
        dash: 'dashed',
      }),
    )
  }
  return items
}

function tips(): TemplateItem[] {
  const mid = LEFT + 2 * PHASE_W
  return [
    text({ role: 'heading', part: 'tip:challenge', x: MARGIN, y: TIPS_Y, w: 300, size: 'm', text: { nb: 'Utfordring', nn: 'Utfordring', en: 'Challenge' } }),
    text({ role: 'heading', part: 'tip:problem', x: mid - 200, y: TIPS_Y, w: 400, size: 'm', textAlign: 'middle', text: { nb: 'Problemdefinisjon', nn: 'Problemdefinisjon', en: 'Problem definition' } }),
    text({ role: 'heading', part: 'tip:solution', x: W - MARGIN - 300, y: TIPS_Y, w: 300, size: 'm', textAlign: 'end', text: { nb: 'Løsning', nn: 'Løysing', en: 'Solution' } }),
  ]
}

export const doubleDiamond: TemplateDefinition = {
  id: 'double-diamond',
  category: 'process',
  name: { nb: 'Dobbel diamant', nn: 'Dobbel diamant', en: 'Double diamond' },
  description: {
    nb: 'Utforske, definere, utvikle og levere: åpne opp og snevre inn to ganger – først om problemet, så om løsningen.', nn: 'Utforske, definere, utvikle og levere: opne opp og snevre inn to gonger – først om problemet, så om løysinga.',
    en: 'Discover, define, develop and deliver: open up and narrow down twice – first on the problem, then on the solution.',
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, W - 2 * MARGIN, {
      nb: 'Finn riktig problem før dere finner riktig løsning. Legg lappene i fasen der dere er nå.', nn: 'Finn rett problem før de finn rett løysing. Legg lappane i fasen der de er no.',
      en: 'Find the right problem before you find the right solution. Put notes in the phase you are in now.',
    }),
    ...phases(),
    ...diamonds(),
    ...tips(),
  ],
}
