import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import { arrow, box, hint } from '../templateItems'
import type { Label, TemplateDefinition, TemplateItem } from '../types'

/**
 * Endringsteori / theory of change as a results chain: inputs → activities → outputs →
 * outcomes → impact, in the words of DFØ's resultatkjede that Norwegian agencies use.
 */

export const CHANGE_LINKS: readonly { part: string; label: Label; hint: Label; color: TLDefaultColorStyle }[] = [
  {
    part: 'link:inputs',
    label: { nb: 'Innsatsfaktorer', nn: 'Innsatsfaktorar', en: 'Inputs' },
    hint: { nb: 'Hva setter vi inn? Folk, tid, penger, kompetanse.', nn: 'Kva set vi inn? Folk, tid, pengar, kompetanse.', en: 'What do we put in? People, time, money, skills.' },
    color: 'grey',
  },
  {
    part: 'link:activities',
    label: { nb: 'Aktiviteter', nn: 'Aktivitetar', en: 'Activities' },
    hint: { nb: 'Hva gjør vi med ressursene?', nn: 'Kva gjer vi med ressursane?', en: 'What do we do with the resources?' },
    color: 'light-blue',
  },
  {
    part: 'link:outputs',
    label: { nb: 'Produkter og tjenester', nn: 'Produkt og tenester', en: 'Outputs' },
    hint: { nb: 'Hva leverer vi direkte? Tjenester, tiltak, antall.', nn: 'Kva leverer vi direkte? Tenester, tiltak, tal.', en: 'What do we deliver directly? Services, measures, numbers.' },
    color: 'light-violet',
  },
  {
    part: 'link:outcomes',
    label: { nb: 'Brukereffekter', nn: 'Brukareffektar', en: 'Outcomes' },
    hint: { nb: 'Hva endrer seg for brukerne?', nn: 'Kva endrar seg for brukarane?', en: 'What changes for the users?' },
    color: 'yellow',
  },
  {
    part: 'link:impact',
    label: { nb: 'Samfunnseffekter', nn: 'Samfunnseffektar', en: 'Impact' },
    hint: { nb: 'Hvilken varig endring i samfunnet bidrar vi til?', nn: 'Kva varig endring i samfunnet bidreg vi til?', en: 'Which lasting change in society do we contribute to?' },
    color: 'light-green',
  },
]

const MARGIN = 40
const COL_W = 380
const GAP = 70
const W = MARGIN + CHANGE_LINKS.length * COL_W + (CHANGE_LINKS.length - 1) * GAP + MARGIN
const COL_Y = 80
const COL_H = 820
const HEADER_H = 110
const ASSUMPTIONS_Y = COL_Y + COL_H + 30
const ASSUMPTIONS_H = 150
const H = ASSUMPTIONS_Y + ASSUMPTIONS_H + MARGIN

function columns(): TemplateItem[] {
  return CHANGE_LINKS.flatMap((c, i) => {
    const x = MARGIN + i * (COL_W + GAP)
    const items: TemplateItem[] = [
      box({ role: 'area', part: c.part, x, y: COL_Y, w: COL_W, h: COL_H }),
      box({ role: 'stage', part: `${c.part}:header`, x, y: COL_Y, w: COL_W, h: HEADER_H, color: c.color, fill: 'solid', size: 'm', label: c.label }),
      hint(x + 18, COL_Y + HEADER_H + 16, COL_W - 36, c.hint, `${c.part}:hint`),
    ]
    if (i < CHANGE_LINKS.length - 1) {
      items.push(arrow({ role: 'connector', part: `${c.part}:next`, x: x + COL_W + 10, y: COL_Y + HEADER_H / 2, start: { x: 0, y: 0 }, end: { x: GAP - 20, y: 0 } }))
    }
    return items
  })
}

export const theoryOfChange: TemplateDefinition = {
  id: 'theory-of-change',
  category: 'process',
  name: { nb: 'Endringsteori', nn: 'Endringsteori', en: 'Theory of change' },
  description: {
    nb: 'Resultatkjeden fra innsatsfaktorer og aktiviteter til brukereffekter og samfunnseffekter, med forutsetningene under.', nn: 'Resultatkjeda frå innsatsfaktorar og aktivitetar til brukareffektar og samfunnseffektar, med føresetnadene under.',
    en: 'The results chain from inputs and activities to outcomes and impact, with the assumptions underneath.',
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, W - 2 * MARGIN, {
      nb: 'Les fra venstre mot høyre: hvis vi setter inn dette og gjør dette, leverer vi dette, som endrer dette for brukerne og samfunnet.', nn: 'Les frå venstre mot høgre: viss vi set inn dette og gjer dette, leverer vi dette, som endrar dette for brukarane og samfunnet.',
      en: 'Read from left to right: if we put this in and do this, we deliver this, which changes this for users and society.',
    }),
    ...columns(),
    box({
      role: 'area',
      part: 'assumptions',
      x: MARGIN,
      y: ASSUMPTIONS_Y,
      w: W - 2 * MARGIN,
      h: ASSUMPTIONS_H,
      color: 'grey',
      fill: 'solid',
      size: 'm',
      align: 'start',
      verticalAlign: 'start',
      label: { nb: 'Forutsetninger og antakelser', nn: 'Føresetnader og antakingar', en: 'Assumptions' },
    }),
    hint(MARGIN + 18, ASSUMPTIONS_Y + 56, 1200, {
      nb: 'Hva må være sant for at hvert ledd skal føre til det neste?', nn: 'Kva må vere sant for at kvart ledd skal føre til det neste?',
      en: 'What must be true for each link to lead to the next?',
    }),
  ],
}
