import { QUADRANT_MATRIX_SIZE, quadrantMatrix } from '../quadrantMatrix'
import type { TemplateDefinition } from '../types'

/** Makt–interesse-matrise / power–interest grid: the stakeholder map's companion. */
export const powerInterest: TemplateDefinition = {
  id: 'power-interest',
  category: 'stakeholders',
  name: { nb: 'Makt–interesse-matrise', nn: 'Makt–interesse-matrise', en: 'Power–interest grid' },
  description: {
    nb: 'Sorter aktørene etter makt og interesse, og se hvem som må engasjeres, holdes tilfreds, holdes informert eller følges med på.', nn: 'Sorter aktørane etter makt og interesse, og sjå kven som må engasjerast, haldast nøgde, haldast informerte eller følgjast med på.',
    en: 'Sort actors by power and interest to see whom to engage closely, keep satisfied, keep informed or monitor.',
  },
  size: QUADRANT_MATRIX_SIZE,
  items: quadrantMatrix({
    intro: {
      nb: 'Plasser hver aktør etter hvor mye makt de har over arbeidet og hvor interessert de er i det. Bruk gjerne lappene fra interessentkartet.', nn: 'Plasser kvar aktør etter kor mykje makt dei har over arbeidet, og kor interesserte dei er i det. Bruk gjerne lappane frå interessentkartet.',
      en: 'Place each actor by how much power they have over the work and how interested they are in it. Reuse the notes from the stakeholder map.',
    },
    yAxis: { nb: 'Makt', nn: 'Makt', en: 'Power' },
    xAxis: { nb: 'Interesse', nn: 'Interesse', en: 'Interest' },
    topRight: {
      part: 'quadrant:keyPlayers',
      label: { nb: 'Nøkkelaktører – må engasjeres', nn: 'Nøkkelaktørar – må engasjerast', en: 'Key players – engage closely' },
      hint: { nb: 'Involver tett: skap sammen, avklar forventninger og gi dem en rolle.', nn: 'Involver tett: skap saman, avklar forventningar og gi dei ei rolle.', en: 'Involve closely: co-create, align expectations and give them a role.' },
      color: 'light-green',
    },
    topLeft: {
      part: 'quadrant:keepSatisfied',
      label: { nb: 'Må holdes tilfreds', nn: 'Må haldast nøgde', en: 'Keep satisfied' },
      hint: { nb: 'Orienter om det som angår dem, uten å overlesse dem.', nn: 'Orienter om det som gjeld dei, utan å overlesse dei.', en: 'Brief them on what concerns them, without overloading them.' },
      color: 'yellow',
    },
    bottomRight: {
      part: 'quadrant:keepInformed',
      label: { nb: 'Holdes informert', nn: 'Haldast informerte', en: 'Keep informed' },
      hint: { nb: 'Del fremdrift jevnlig, og bruk engasjementet deres som innsikt.', nn: 'Del framdrifta jamleg, og bruk engasjementet deira som innsikt.', en: 'Share progress regularly and use their engagement as insight.' },
      color: 'light-blue',
    },
    bottomLeft: {
      part: 'quadrant:monitor',
      label: { nb: 'Følges med på', nn: 'Følgjast med på', en: 'Monitor' },
      hint: { nb: 'Følg med, og se etter om rollen deres endrer seg.', nn: 'Følg med, og sjå etter om rolla deira endrar seg.', en: 'Keep an eye on them and notice if their role changes.' },
      color: 'grey',
    },
  }),
}
