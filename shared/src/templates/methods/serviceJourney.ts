import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import { box, hint, line, note, text } from '../templateItems'
import type { Label, TemplateDefinition, TemplateItem } from '../types'

/**
 * Tjenestereise / service journey map, after KS's "Dagens tjenestereise" and "Ny
 * tjenestereise": stages left to right, six lanes top to bottom, a dashed line of visibility
 * and the backstage processes under it (what "Ny tjenestereise" adds), with the user and
 * scenario on top.
 */

export const SERVICE_JOURNEY_ID = 'service-journey'

export const JOURNEY_STAGES: readonly Label[] = [
  { nb: 'Før', nn: 'Før', en: 'Before' },
  { nb: 'Under', nn: 'Under', en: 'During' },
  { nb: 'Etter', nn: 'Etter', en: 'After' },
]

interface LaneSpec {
  part: string
  label: Label
  color: TLDefaultColorStyle
  h: number
}

/** The six lanes of a service journey map, in order; `lane:stages` holds the stage headings. */
export const JOURNEY_LANES: readonly LaneSpec[] = [
  { part: 'lane:stages', label: { nb: 'Faser', nn: 'Fasar', en: 'Stages' }, color: 'blue', h: 100 },
  { part: 'lane:actions', label: { nb: 'Handlinger (hva brukeren gjør)', nn: 'Handlingar (kva brukaren gjer)', en: 'Actions (what the user does)' }, color: 'light-blue', h: 220 },
  { part: 'lane:touchpoints', label: { nb: 'Kontaktpunkter og kanaler', nn: 'Kontaktpunkt og kanalar', en: 'Touchpoints and channels' }, color: 'light-violet', h: 220 },
  // Taller, so notes can sit high (glad) or low (frustrated) and draw the emotional curve.
  { part: 'lane:feelings', label: { nb: 'Tanker og følelser', nn: 'Tankar og kjensler', en: 'Thoughts and feelings' }, color: 'yellow', h: 300 },
  { part: 'lane:painPoints', label: { nb: 'Smertepunkter', nn: 'Smertepunkt', en: 'Pain points' }, color: 'light-red', h: 220 },
  { part: 'lane:opportunities', label: { nb: 'Muligheter', nn: 'Moglegheiter', en: 'Opportunities' }, color: 'light-green', h: 220 },
]

const MARGIN = 40
const HEADER_W = 300
const STAGE_W = 680
const BODY_X = MARGIN + HEADER_W
const BODY_W = STAGE_W * JOURNEY_STAGES.length
const W = BODY_X + BODY_W + MARGIN
const FULL_W = W - 2 * MARGIN

const USER_Y = 90
const USER_H = 240
const LANES_Y = USER_Y + USER_H + 24
const LANES_END = LANES_Y + JOURNEY_LANES.reduce((sum, lane) => sum + lane.h, 0)
const VISIBILITY_TEXT_Y = LANES_END + 16
const VISIBILITY_Y = LANES_END + 60
const BACKSTAGE_Y = VISIBILITY_Y + 26
const BACKSTAGE_H = 260
const H = BACKSTAGE_Y + BACKSTAGE_H + MARGIN

function lanes(): TemplateItem[] {
  const backgrounds: TemplateItem[] = []
  const foreground: TemplateItem[] = []
  let y = LANES_Y
  for (const lane of JOURNEY_LANES) {
    backgrounds.push(box({ role: 'lane', part: lane.part, x: MARGIN, y, w: FULL_W, h: lane.h }))
    const isFeelings = lane.part === 'lane:feelings'
    foreground.push(
      box({
        role: 'laneHeader',
        part: `${lane.part}:header`,
        x: MARGIN,
        y,
        w: HEADER_W,
        h: lane.h,
        color: lane.color,
        fill: 'solid',
        label: lane.label,
        size: 'm',
        align: 'start',
        verticalAlign: isFeelings ? 'start' : 'middle',
      }),
    )
    if (lane.part === 'lane:stages') {
      JOURNEY_STAGES.forEach((stage, i) => {
        foreground.push(
          box({
            role: 'stage',
            part: `stage:${i + 1}`,
            x: BODY_X + i * STAGE_W,
            y,
            w: STAGE_W,
            h: lane.h,
            color: 'blue',
            fill: 'solid',
            size: 'l',
            label: stage,
          }),
        )
      })
    }
    if (isFeelings) foreground.push(...emotionScale(y, lane.h))
    y += lane.h
  }
  return [...backgrounds, ...foreground]
}

/** A simple scale for the feelings lane: glad at the top, frustrated at the bottom, a neutral line between. */
function emotionScale(y: number, h: number): TemplateItem[] {
  return [
    line({ role: 'axis', part: 'emotion:neutral', x: BODY_X, y: y + h / 2, points: [{ x: 0, y: 0 }, { x: BODY_W, y: 0 }], dash: 'dotted' }),
    text({ role: 'axis', part: 'emotion:positive', x: BODY_X + 12, y: y + 10, w: 220, size: 'm', color: 'green', text: { nb: '+ Glad', nn: '+ Glad', en: '+ Happy' } }),
    text({ role: 'axis', part: 'emotion:negative', x: BODY_X + 12, y: y + h - 46, w: 220, size: 'm', color: 'red', text: { nb: '− Frustrert', nn: '− Frustrert', en: '− Frustrated' } }),
    hint(MARGIN + 16, y + h - 110, HEADER_W - 32, {
      nb: 'Plasser lappene høyt når brukeren er glad, lavt når det er tungt.', nn: 'Plasser lappane høgt når brukaren er glad, lågt når det er tungt.',
      en: 'Place notes high when the user is happy, low when it is hard.',
    }),
  ]
}

function stageDividers(): TemplateItem[] {
  const items: TemplateItem[] = []
  for (let i = 1; i < JOURNEY_STAGES.length; i++) {
    items.push(
      line({
        role: 'divider',
        part: `stageDivider:${i}`,
        x: BODY_X + i * STAGE_W,
        y: LANES_Y,
        points: [{ x: 0, y: 0 }, { x: 0, y: BACKSTAGE_Y + BACKSTAGE_H - LANES_Y }],
        dash: 'dashed',
      }),
    )
  }
  return items
}

const items: TemplateItem[] = [
  hint(MARGIN, 24, FULL_W, {
    nb: 'Følg én bruker gjennom tjenesten fra venstre mot høyre, og fyll radene fase for fase. Trenger dere flere faser? Skriv dem på lapper i Faser-raden.', nn: 'Følg éin brukar gjennom tenesta frå venstre mot høgre, og fyll radene fase for fase. Treng de fleire fasar? Skriv dei på lappar i Fasar-rada.',
    en: 'Follow one user through the service from left to right and fill the rows stage by stage. Need more stages? Write them on notes in the Stages row.',
  }),
  // User and scenario, on top.
  box({ role: 'area', part: 'userScenario', x: MARGIN, y: USER_Y, w: FULL_W, h: USER_H }),
  box({
    role: 'laneHeader',
    part: 'userScenario:header',
    x: MARGIN,
    y: USER_Y,
    w: HEADER_W,
    h: USER_H,
    color: 'orange',
    fill: 'solid',
    size: 'm',
    align: 'start',
    label: { nb: 'Bruker og scenario', nn: 'Brukar og scenario', en: 'User and scenario' },
  }),
  hint(BODY_X + 24, USER_Y + 24, 560, {
    nb: 'Hvem følger vi, og i hvilken situasjon? Beskriv behov, mål og utgangspunkt.', nn: 'Kven følgjer vi, og i kva situasjon? Beskriv behov, mål og utgangspunkt.',
    en: 'Whom do we follow, and in what situation? Describe needs, goals and starting point.',
  }),
  ...lanes(),
  ...stageDividers(),
  // The line of visibility: what the user sees is above it, the backstage below.
  text({
    role: 'heading',
    part: 'visibility:label',
    x: MARGIN,
    y: VISIBILITY_TEXT_Y,
    w: 900,
    color: 'blue',
    text: {
      nb: 'Synlighetslinje: over linjen ser brukeren, under skjer det bak scenen', nn: 'Synlegheitslinje: over linja ser brukaren, under skjer det bak scena',
      en: 'Line of visibility: the user sees what is above it; below it is backstage',
    },
  }),
  line({
    role: 'visibilityLine',
    part: 'visibility',
    x: MARGIN,
    y: VISIBILITY_Y,
    points: [{ x: 0, y: 0 }, { x: FULL_W, y: 0 }],
    color: 'blue',
    dash: 'dashed',
    size: 'm',
  }),
  box({ role: 'backstage', part: 'backstage', x: MARGIN, y: BACKSTAGE_Y, w: FULL_W, h: BACKSTAGE_H }),
  box({
    role: 'laneHeader',
    part: 'backstage:header',
    x: MARGIN,
    y: BACKSTAGE_Y,
    w: HEADER_W,
    h: BACKSTAGE_H,
    color: 'grey',
    fill: 'solid',
    size: 'm',
    align: 'start',
    label: { nb: 'Bak scenen: arbeidsprosesser, roller og ansvar', nn: 'Bak scena: arbeidsprosessar, roller og ansvar', en: 'Backstage: processes, roles and responsibilities' },
  }),
  hint(BODY_X + 24, BACKSTAGE_Y + 16, 900, {
    nb: 'Hvem gjør hva internt? Rutiner, systemer og overleveringer mellom enheter og etater.', nn: 'Kven gjer kva internt? Rutinar, system og overleveringar mellom einingar og etatar.',
    en: 'Who does what behind the scenes? Routines, systems and hand-overs between units and agencies.',
  }),
  note({ x: BODY_X + 640, y: USER_Y + 20, color: 'orange', text: { nb: 'Hvem er brukeren?', nn: 'Kven er brukaren?', en: 'Who is the user?' } }),
  note({ x: BODY_X + 870, y: USER_Y + 20, color: 'orange', text: { nb: 'Hva prøver hen å få til?', nn: 'Kva prøver hen å få til?', en: 'What are they trying to do?' } }),
]

export const serviceJourney: TemplateDefinition = {
  id: SERVICE_JOURNEY_ID,
  category: 'journey',
  name: { nb: 'Tjenestereise', nn: 'Tenestereise', en: 'Service journey map' },
  description: {
    nb: 'Brukerens vei gjennom tjenesten før, under og etter: handlinger, kontaktpunkter, følelser, smertepunkter og muligheter, med det som skjer bak scenen.', nn: 'Vegen til brukaren gjennom tenesta før, under og etter: handlingar, kontaktpunkt, kjensler, smertepunkt og moglegheiter, med det som skjer bak scena.',
    en: "The user's path through the service before, during and after: actions, touchpoints, feelings, pain points and opportunities, with what happens backstage.",
  },
  size: { w: W, h: H },
  items,
}
