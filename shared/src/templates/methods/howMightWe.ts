import { box, hint, text } from '../templateItems'
import type { TemplateDefinition, TemplateItem } from '../types'

/** "Hvordan kan vi …?" / How might we …?: a question banner over clustered idea areas. */

const MARGIN = 40
const W = 1900
const BANNER = { x: MARGIN, y: 80, w: W - 2 * MARGIN, h: 200 }
const COLS = 3
const GAP = 40
const CLUSTER_W = (W - 2 * MARGIN - (COLS - 1) * GAP) / COLS
const CLUSTER_H = 440
const CLUSTERS_Y = BANNER.y + BANNER.h + 40
const H = CLUSTERS_Y + 2 * CLUSTER_H + GAP + MARGIN

const CLUSTER_NAMES = ['A', 'B', 'C', 'D', 'E']

function clusters(): TemplateItem[] {
  const items: TemplateItem[] = []
  for (let i = 0; i < COLS * 2; i++) {
    const x = MARGIN + (i % COLS) * (CLUSTER_W + GAP)
    const y = CLUSTERS_Y + Math.floor(i / COLS) * (CLUSTER_H + GAP)
    const name = CLUSTER_NAMES[i]
    if (name) {
      items.push(
        box({
          role: 'area',
          part: `cluster:${name}`,
          x,
          y,
          w: CLUSTER_W,
          h: CLUSTER_H,
          dash: 'dashed',
          size: 'm',
          align: 'start',
          verticalAlign: 'start',
          label: { nb: `Idéklynge ${name}`, nn: `Idéklynge ${name}`, en: `Idea cluster ${name}` },
        }),
      )
    } else {
      items.push(
        box({
          role: 'area',
          part: 'parkingLot',
          x,
          y,
          w: CLUSTER_W,
          h: CLUSTER_H,
          fill: 'solid',
          size: 'm',
          align: 'start',
          verticalAlign: 'start',
          label: { nb: 'Parkeringsplass', nn: 'Parkeringsplass', en: 'Parking lot' },
        }),
        hint(x + 18, y + 56, CLUSTER_W - 36, { nb: 'Gode tanker som ikke svarer på spørsmålet i dag.', nn: 'Gode tankar som ikkje svarer på spørsmålet i dag.', en: 'Good thoughts that do not answer today’s question.' }, 'parkingLot:hint'),
      )
    }
  }
  return items
}

export const howMightWe: TemplateDefinition = {
  id: 'how-might-we',
  category: 'ideation',
  name: { nb: 'Hvordan kan vi …?', nn: 'Korleis kan vi …?', en: 'How might we …?' },
  description: {
    nb: 'Gjør et problem om til et åpent spørsmål, og samle ideene i klynger.', nn: 'Gjer eit problem om til eit ope spørsmål, og samle ideane i klynger.',
    en: 'Turn a problem into an open question, and gather the ideas in clusters.',
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, W - 2 * MARGIN, {
      nb: 'Skriv spørsmålet i banneret. Én idé per lapp – kvantitet først. Samle like ideer i en klynge og gi klyngen et navn.', nn: 'Skriv spørsmålet i banneret. Éin idé per lapp – mengd først. Samle like idear i ei klynge og gi klynga eit namn.',
      en: 'Write the question in the banner. One idea per note – quantity first. Gather similar ideas in a cluster and name the cluster.',
    }),
    box({ role: 'heading', part: 'banner', ...BANNER, color: 'light-blue', fill: 'solid', size: 'm', align: 'start', verticalAlign: 'start', label: { nb: 'Spørsmålet vårt', nn: 'Spørsmålet vårt', en: 'Our question' } }),
    // The question itself is a field the facilitator edits, so it is not locked.
    text({ role: 'starter', part: 'question', x: BANNER.x + 24, y: BANNER.y + 76, w: BANNER.w - 48, size: 'xl', text: { nb: 'Hvordan kan vi …?', nn: 'Korleis kan vi …?', en: 'How might we …?' } }),
    ...clusters(),
  ],
}
