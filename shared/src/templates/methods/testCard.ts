import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import { box, hint, text } from '../templateItems'
import type { Label, TemplateDefinition, TemplateItem } from '../types'

/** Eksperimentkort / test card, after Strategyzer's Test Card: hypothesis, test, metric, criteria. */

export const TEST_CARD_STEPS: readonly { part: string; step: Label; label: Label; hint: Label; color: TLDefaultColorStyle }[] = [
  {
    part: 'step:hypothesis',
    step: { nb: 'STEG 1 · HYPOTESE', nn: 'STEG 1 · HYPOTESE', en: 'STEP 1 · HYPOTHESIS' },
    label: { nb: 'Vi tror at …', nn: 'Vi trur at …', en: 'We believe that …' },
    hint: { nb: 'Hva antar vi om brukerne eller tjenesten?', nn: 'Kva går vi ut frå om brukarane eller tenesta?', en: 'What do we assume about the users or the service?' },
    color: 'light-blue',
  },
  {
    part: 'step:test',
    step: { nb: 'STEG 2 · TEST', nn: 'STEG 2 · TEST', en: 'STEP 2 · TEST' },
    label: { nb: 'For å verifisere det vil vi …', nn: 'For å verifisere det vil vi …', en: 'To verify that, we will …' },
    hint: { nb: 'Hva gjør vi, med hvem og hvor lenge?', nn: 'Kva gjer vi, med kven og kor lenge?', en: 'What will we do, with whom and for how long?' },
    color: 'light-violet',
  },
  {
    part: 'step:metric',
    step: { nb: 'STEG 3 · MÅLING', nn: 'STEG 3 · MÅLING', en: 'STEP 3 · METRIC' },
    label: { nb: 'Og måle …', nn: 'Og måle …', en: 'And measure …' },
    hint: { nb: 'Hvilke data eller observasjoner samler vi?', nn: 'Kva data eller observasjonar samlar vi?', en: 'Which data or observations will we collect?' },
    color: 'yellow',
  },
  {
    part: 'step:criteria',
    step: { nb: 'STEG 4 · KRITERIER', nn: 'STEG 4 · KRITERIUM', en: 'STEP 4 · CRITERIA' },
    label: { nb: 'Vi har rett hvis …', nn: 'Vi har rett dersom …', en: 'We are right if …' },
    hint: { nb: 'Hvilket resultat bekrefter hypotesen? Bestem det før dere tester.', nn: 'Kva resultat stadfestar hypotesen? Bestem det før de testar.', en: 'Which result confirms the hypothesis? Decide before you test.' },
    color: 'light-green',
  },
]

const MARGIN = 40
const W = 1500
const INNER_W = W - 2 * MARGIN
const FIELDS_Y = 80
const FIELDS_H = 110
const STEPS_Y = FIELDS_Y + FIELDS_H + 30
const STEP_H = 230
const STEP_GAP = 20
const HEADER_W = 440
const H = STEPS_Y + TEST_CARD_STEPS.length * (STEP_H + STEP_GAP) - STEP_GAP + MARGIN

function fields(): TemplateItem[] {
  const specs: [string, Label, number][] = [
    ['field:name', { nb: 'Navn på testen', nn: 'Namn på testen', en: 'Test name' }, 700],
    ['field:owner', { nb: 'Ansvarlig', nn: 'Ansvarleg', en: 'Assigned to' }, 340],
    ['field:deadline', { nb: 'Frist', nn: 'Frist', en: 'Deadline' }, 340],
  ]
  let x = MARGIN
  return specs.map(([part, label, w]) => {
    const item = box({ role: 'area', part, x, y: FIELDS_Y, w, h: FIELDS_H, size: 's', align: 'start', verticalAlign: 'start', label })
    x += w + 20
    return item
  })
}

function steps(): TemplateItem[] {
  return TEST_CARD_STEPS.flatMap((s, i) => {
    const y = STEPS_Y + i * (STEP_H + STEP_GAP)
    return [
      box({ role: 'step', part: s.part, x: MARGIN, y, w: INNER_W, h: STEP_H }),
      box({ role: 'laneHeader', part: `${s.part}:header`, x: MARGIN, y, w: HEADER_W, h: STEP_H, color: s.color, fill: 'solid' }),
      text({ role: 'heading', part: `${s.part}:number`, x: MARGIN + 20, y: y + 18, w: HEADER_W - 40, text: s.step, color: 'grey' }),
      text({ role: 'heading', part: `${s.part}:label`, x: MARGIN + 20, y: y + 52, w: HEADER_W - 40, size: 'm', text: s.label }),
      hint(MARGIN + 20, y + STEP_H - 80, HEADER_W - 40, s.hint, `${s.part}:hint`),
    ]
  })
}

export const testCard: TemplateDefinition = {
  id: 'test-card',
  category: 'experiment',
  name: { nb: 'Eksperimentkort', nn: 'Eksperimentkort', en: 'Test card' },
  description: {
    nb: 'Gjør en antakelse testbar: hypotese, test, måling og kriterier for når dere har rett.', nn: 'Gjer ei antaking testbar: hypotese, test, måling og kriterium for når de har rett.',
    en: 'Make an assumption testable: hypothesis, test, metric and the criteria for being right.',
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, INNER_W, {
      nb: 'Ett eksperiment per kort. Skriv kort og konkret, og bestem kriteriet før dere tester.', nn: 'Eitt eksperiment per kort. Skriv kort og konkret, og bestem kriteriet før de testar.',
      en: 'One experiment per card. Be short and concrete, and set the criteria before you test.',
    }),
    ...fields(),
    ...steps(),
  ],
}
