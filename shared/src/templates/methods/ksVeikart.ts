import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import { box, hint, note } from '../templateItems'
import type { Label, TemplateDefinition, TemplateItem } from '../types'

/**
 * KS Veikart for tjenesteinnovasjon: the six phases, with the steps of Forankring (the
 * phase teams start in) spelled out. Phases and steps as on ks.no/veikart.
 */

export const KS_PHASES: readonly { part: string; label: Label; hint: Label; color: TLDefaultColorStyle }[] = [
  {
    part: 'phase:anchoring',
    label: { nb: 'Forankring', nn: 'Forankring', en: 'Anchoring' },
    hint: { nb: 'Definer utfordringen, sett mål og sikre felles forståelse og støtte.', nn: 'Definer utfordringa, set mål og sikre felles forståing og støtte.', en: 'Define the challenge, set goals and secure shared understanding and support.' },
    color: 'light-blue',
  },
  {
    part: 'phase:insight',
    label: { nb: 'Innsikt', nn: 'Innsikt', en: 'Insight' },
    hint: { nb: 'Avdekk reelle behov og årsaker før dere velger løsning.', nn: 'Avdekk reelle behov og årsaker før de vel løysing.', en: 'Uncover real needs and root causes before choosing a solution.' },
    color: 'light-green',
  },
  {
    part: 'phase:development',
    label: { nb: 'Tjenesteutvikling', nn: 'Tenesteutvikling', en: 'Service development' },
    hint: { nb: 'Gjør innsikten om til ideer og et tjenestetilbud klart for pilotering.', nn: 'Gjer innsikta om til idear og eit tenestetilbod klart for pilotering.', en: 'Turn the insight into ideas and a service ready to pilot.' },
    color: 'yellow',
  },
  {
    part: 'phase:piloting',
    label: { nb: 'Pilotering', nn: 'Pilotering', en: 'Piloting' },
    hint: { nb: 'Prøv ut tjenesten i liten skala over tid, og lær av feil og mangler.', nn: 'Prøv ut tenesta i liten skala over tid, og lær av feil og manglar.', en: 'Try the service at a small scale over time and learn from what fails.' },
    color: 'orange',
  },
  {
    part: 'phase:transition',
    label: { nb: 'Overgang til drift', nn: 'Overgang til drift', en: 'Transition to operation' },
    hint: { nb: 'Planlegg og gjennomfør implementering og eventuelle anskaffelser.', nn: 'Planlegg og gjennomfør implementering og eventuelle innkjøp.', en: 'Plan and carry out implementation and any procurement.' },
    color: 'light-violet',
  },
  {
    part: 'phase:newPractice',
    label: { nb: 'Ny praksis', nn: 'Ny praksis', en: 'New practice' },
    hint: { nb: 'Følg opp gevinstene for brukere, pårørende og kommunen.', nn: 'Følg opp gevinstane for brukarar, pårørande og kommunen.', en: 'Follow up the benefits for users, families and the municipality.' },
    color: 'light-red',
  },
]

export const KS_ANCHORING_STEPS: readonly Label[] = [
  { nb: 'Definere problem og sette mål', nn: 'Definere problem og setje mål', en: 'Define the problem and set goals' },
  { nb: 'Utforske gevinster', nn: 'Utforske gevinstar', en: 'Explore benefits' },
  { nb: 'Bygg riktig team', nn: 'Bygg rett team', en: 'Build the right team' },
  { nb: 'Kartlegg interessenter og planlegg forankring', nn: 'Kartlegg interessentar og planlegg forankring', en: 'Map stakeholders and plan anchoring' },
  { nb: 'Kartlegg relevante prosjekter', nn: 'Kartlegg relevante prosjekt', en: 'Map relevant projects' },
]

const MARGIN = 40
const COL_W = 420
const GAP = 20
const W = MARGIN + KS_PHASES.length * COL_W + (KS_PHASES.length - 1) * GAP + MARGIN
const COL_Y = 80
const COL_H = 1200
const HEADER_H = 110
const STEPS_Y = COL_Y + HEADER_H + 140
const STEP_H = 84
const H = COL_Y + COL_H + MARGIN

function columns(): TemplateItem[] {
  return KS_PHASES.flatMap((p, i) => {
    const x = MARGIN + i * (COL_W + GAP)
    return [
      box({ role: 'area', part: p.part, x, y: COL_Y, w: COL_W, h: COL_H }),
      box({
        role: 'stage',
        part: `${p.part}:header`,
        x,
        y: COL_Y,
        w: COL_W,
        h: HEADER_H,
        color: p.color,
        fill: 'solid',
        size: 'm',
        label: { nb: `Fase ${i + 1}\n${p.label.nb}`, nn: `Fase ${i + 1}\n${p.label.nn ?? p.label.nb}`, en: `Phase ${i + 1}\n${p.label.en}` },
      }),
      hint(x + 20, COL_Y + HEADER_H + 20, COL_W - 40, p.hint, `${p.part}:hint`),
    ]
  })
}

function anchoringSteps(): TemplateItem[] {
  return KS_ANCHORING_STEPS.map((step, i) =>
    box({
      role: 'step',
      part: `anchoring:step:${i + 1}`,
      x: MARGIN + 20,
      y: STEPS_Y + i * (STEP_H + 16),
      w: COL_W - 40,
      h: STEP_H,
      color: 'light-blue',
      fill: 'semi',
      align: 'start',
      label: { nb: `${i + 1}. ${step.nb}`, nn: `${i + 1}. ${step.nn ?? step.nb}`, en: `${i + 1}. ${step.en}` },
    }),
  )
}

export const ksVeikart: TemplateDefinition = {
  id: 'ks-veikart',
  category: 'process',
  name: { nb: 'Veikart for tjenesteinnovasjon', nn: 'Vegkart for tenesteinnovasjon', en: 'Roadmap for service innovation' },
  description: {
    nb: 'KS sitt veikart i seks faser, fra forankring og innsikt til ny praksis. Marker hvor dere er, og hva som er neste steg.', nn: 'Vegkartet til KS i seks fasar, frå forankring og innsikt til ny praksis. Marker kvar de er, og kva som er neste steg.',
    en: "KS's roadmap in six phases, from anchoring and insight to new practice. Mark where you are and what comes next.",
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, W - 2 * MARGIN, {
      nb: 'Flytt «Vi er her» til fasen dere er i. Skriv det dere har gjort og neste steg på lapper under hver fase.', nn: 'Flytt «Vi er her» til fasen de er i. Skriv det de har gjort og neste steg på lappar under kvar fase.',
      en: 'Move "We are here" to the phase you are in. Write what you have done and the next steps on notes under each phase.',
    }),
    ...columns(),
    ...anchoringSteps(),
    note({ x: MARGIN + (COL_W - 200) / 2, y: COL_Y + COL_H - 240, color: 'light-red', text: { nb: 'Vi er her', nn: 'Vi er her', en: 'We are here' } }),
  ],
}
