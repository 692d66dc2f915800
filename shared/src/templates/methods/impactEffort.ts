import { QUADRANT_MATRIX_SIZE, quadrantMatrix } from '../quadrantMatrix'
import type { TemplateDefinition } from '../types'

/** Gevinst–innsats-matrise / impact–effort matrix, for choosing which ideas to pursue first. */
export const impactEffort: TemplateDefinition = {
  id: 'impact-effort',
  category: 'prioritisation',
  name: { nb: 'Gevinst–innsats-matrise', nn: 'Gevinst–innsats-matrise', en: 'Impact–effort matrix' },
  description: {
    nb: 'Prioriter ideer etter gevinst og innsats: raske gevinster, store satsinger, småtteri og tidstyver.', nn: 'Prioriter idear etter gevinst og innsats: raske gevinstar, store satsingar, småtteri og tidstjuvar.',
    en: 'Prioritise ideas by impact and effort: quick wins, big bets, fill-ins and money pits.',
  },
  size: QUADRANT_MATRIX_SIZE,
  items: quadrantMatrix({
    intro: {
      nb: 'Flytt hver idé dit dere mener den hører hjemme. Diskuter plasseringen – uenighet er nyttig innsikt.', nn: 'Flytt kvar idé dit de meiner han høyrer heime. Diskuter plasseringa – usemje er nyttig innsikt.',
      en: 'Move each idea to where you think it belongs. Discuss the placement – disagreement is useful insight.',
    },
    yAxis: { nb: 'Gevinst', nn: 'Gevinst', en: 'Impact' },
    xAxis: { nb: 'Innsats', nn: 'Innsats', en: 'Effort' },
    topLeft: {
      part: 'quadrant:quickWins',
      label: { nb: 'Raske gevinster', nn: 'Raske gevinstar', en: 'Quick wins' },
      hint: { nb: 'Stor gevinst for liten innsats: gjør dem nå.', nn: 'Stor gevinst for liten innsats: gjer dei no.', en: 'High impact for little effort: do them now.' },
      color: 'light-green',
    },
    topRight: {
      part: 'quadrant:bigBets',
      label: { nb: 'Store satsinger', nn: 'Store satsingar', en: 'Big bets' },
      hint: { nb: 'Stor gevinst, stor innsats: planlegg og del opp i steg.', nn: 'Stor gevinst, stor innsats: planlegg og del opp i steg.', en: 'High impact, high effort: plan them and break them into steps.' },
      color: 'light-blue',
    },
    bottomLeft: {
      part: 'quadrant:fillIns',
      label: { nb: 'Småtteri', nn: 'Småtteri', en: 'Fill-ins' },
      hint: { nb: 'Liten gevinst, liten innsats: ta dem når det er tid.', nn: 'Liten gevinst, liten innsats: ta dei når det er tid.', en: 'Low impact, low effort: do them when there is time.' },
      color: 'yellow',
    },
    bottomRight: {
      part: 'quadrant:moneyPits',
      label: { nb: 'Tidstyver', nn: 'Tidstjuvar', en: 'Money pits' },
      hint: { nb: 'Liten gevinst, stor innsats: dropp dem eller tenk nytt.', nn: 'Liten gevinst, stor innsats: dropp dei eller tenk nytt.', en: 'Low impact, high effort: drop them or rethink them.' },
      color: 'light-red',
    },
  }),
}
