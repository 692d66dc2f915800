import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import { box, hint } from '../templateItems'
import type { Label, TemplateDefinition, TemplateItem } from '../types'

/** Persona: name, age, situation, needs, frustrations and a quote. */

const MARGIN = 40
const LEFT_W = 480
const RIGHT_X = MARGIN + LEFT_W + 40
const W = 1500
const RIGHT_W = W - MARGIN - RIGHT_X
const TOP = 80
const H = 1080

interface FieldSpec {
  part: string
  label: Label
  hint?: Label
  x: number
  y: number
  w: number
  h: number
  color?: TLDefaultColorStyle
}

const FIELDS: readonly FieldSpec[] = [
  { part: 'field:name', label: { nb: 'Navn', nn: 'Namn', en: 'Name' }, x: MARGIN, y: TOP + 340, w: LEFT_W, h: 100 },
  { part: 'field:age', label: { nb: 'Alder', nn: 'Alder', en: 'Age' }, x: MARGIN, y: TOP + 460, w: LEFT_W, h: 100 },
  {
    part: 'field:situation',
    label: { nb: 'Situasjon', nn: 'Situasjon', en: 'Situation' },
    hint: { nb: 'Bosted, familie, arbeid, helse – det som betyr noe for tjenesten.', nn: 'Bustad, familie, arbeid, helse – det som betyr noko for tenesta.', en: 'Home, family, work, health – what matters for the service.' },
    x: MARGIN,
    y: TOP + 580,
    w: LEFT_W,
    h: H - MARGIN - (TOP + 580),
  },
  {
    part: 'field:needs',
    label: { nb: 'Behov', nn: 'Behov', en: 'Needs' },
    hint: { nb: 'Hva trenger hen for å lykkes?', nn: 'Kva treng hen for å lukkast?', en: 'What do they need to succeed?' },
    x: RIGHT_X,
    y: TOP,
    w: RIGHT_W,
    h: 300,
    color: 'light-green',
  },
  {
    part: 'field:frustrations',
    label: { nb: 'Frustrasjoner', nn: 'Frustrasjonar', en: 'Frustrations' },
    hint: { nb: 'Hva står i veien? Hva irriterer?', nn: 'Kva står i vegen? Kva irriterer?', en: 'What stands in the way? What annoys them?' },
    x: RIGHT_X,
    y: TOP + 320,
    w: RIGHT_W,
    h: 300,
    color: 'light-red',
  },
  {
    part: 'field:quote',
    label: { nb: 'Sitat', nn: 'Sitat', en: 'Quote' },
    hint: { nb: 'Noe hen kunne ha sagt, med egne ord: «…»', nn: 'Noko hen kunne ha sagt, med eigne ord: «…»', en: 'Something they might say, in their own words: "…"' },
    x: RIGHT_X,
    y: TOP + 640,
    w: RIGHT_W,
    h: H - MARGIN - (TOP + 640),
    color: 'yellow',
  },
]

function fields(): TemplateItem[] {
  return FIELDS.flatMap((f) => {
    const items: TemplateItem[] = [
      box({
        role: 'area',
        part: f.part,
        x: f.x,
        y: f.y,
        w: f.w,
        h: f.h,
        size: 'm',
        align: 'start',
        verticalAlign: 'start',
        label: f.label,
        ...(f.color ? { color: f.color, fill: 'solid' as const } : {}),
      }),
    ]
    if (f.hint) items.push(hint(f.x + 18, f.y + 56, f.w - 36, f.hint, `${f.part}:hint`))
    return items
  })
}

export const persona: TemplateDefinition = {
  id: 'persona',
  category: 'insight',
  name: { nb: 'Persona', nn: 'Persona', en: 'Persona' },
  description: {
    nb: 'En tenkt bruker bygd på innsikt: navn, alder, situasjon, behov, frustrasjoner og et sitat.', nn: 'Ein tenkt brukar bygd på innsikt: namn, alder, situasjon, behov, frustrasjonar og eit sitat.',
    en: 'An imagined user built on insight: name, age, situation, needs, frustrations and a quote.',
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, W - 2 * MARGIN, {
      nb: 'Bygg personaen på det dere har sett og hørt, ikke på antakelser. Gi hen et navn og et ansikt.', nn: 'Bygg personaen på det de har sett og høyrt, ikkje på antakingar. Gi hen eit namn og eit andlet.',
      en: 'Build the persona on what you have seen and heard, not on assumptions. Give them a name and a face.',
    }),
    box({
      role: 'area',
      part: 'portrait',
      geo: 'ellipse',
      x: MARGIN + (LEFT_W - 300) / 2,
      y: TOP,
      w: 300,
      h: 300,
      color: 'light-violet',
      fill: 'solid',
      label: { nb: 'Tegn eller lim inn et bilde', nn: 'Teikn eller lim inn eit bilete', en: 'Draw or paste a picture' },
    }),
    ...fields(),
  ],
}
