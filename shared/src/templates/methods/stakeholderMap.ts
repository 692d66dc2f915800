import type { TLDefaultColorStyle, TLDefaultHorizontalAlignStyle, TLDefaultVerticalAlignStyle } from '@tldraw/tlschema'
import { box, hint, note } from '../templateItems'
import type { Label, TemplateDefinition, TemplateItem } from '../types'

/**
 * Interessentkart / stakeholder map, after DOGA's "Aktørkartlegging": three concentric rings
 * around the user, over four tinted sector segments for cross-sector teams.
 */

export const STAKEHOLDER_RINGS: readonly { part: string; label: Label; r: number }[] = [
  { part: 'ring:centre', label: { nb: 'Brukeren / innbyggeren', nn: 'Brukaren / innbyggjaren', en: 'The user / citizen' }, r: 190 },
  { part: 'ring:middle', label: { nb: 'Direkte kontakt (førstelinje, tjenesteytere)', nn: 'Direkte kontakt (førstelinje, tenesteytarar)', en: 'Direct contact (front line, service providers)' }, r: 420 },
  {
    part: 'ring:outer',
    label: { nb: 'Indirekte påvirkning (politikk, regelverk, IT, samarbeidspartnere)', nn: 'Indirekte påverknad (politikk, regelverk, IT, samarbeidspartnarar)', en: 'Indirect influence (policy, regulation, IT, partners)' },
    r: 640,
  },
]

interface SectorSpec {
  part: string
  label: Label
  color: TLDefaultColorStyle
  col: 0 | 1
  row: 0 | 1
}

export const STAKEHOLDER_SECTORS: readonly SectorSpec[] = [
  { part: 'sector:public', label: { nb: 'Offentlig', nn: 'Offentleg', en: 'Public sector' }, color: 'light-blue', col: 0, row: 0 },
  { part: 'sector:business', label: { nb: 'Privat næringsliv', nn: 'Privat næringsliv', en: 'Private business' }, color: 'light-green', col: 1, row: 0 },
  { part: 'sector:civil', label: { nb: 'Frivillighet og sivilsamfunn', nn: 'Frivilligheit og sivilsamfunn', en: 'Voluntary sector and civil society' }, color: 'yellow', col: 0, row: 1 },
  { part: 'sector:citizens', label: { nb: 'Innbyggere', nn: 'Innbyggjarar', en: 'Citizens' }, color: 'light-violet', col: 1, row: 1 },
]

const MARGIN = 40
const AREA_Y = 100
const SECTOR_W = 810
const SECTOR_H = 710
const W = MARGIN + 2 * SECTOR_W + MARGIN
const H = AREA_Y + 2 * SECTOR_H + MARGIN
const CX = MARGIN + SECTOR_W
const CY = AREA_Y + SECTOR_H

/** Ring names sit on small plates at the top of their band, where the band is widest. */
const RING_LABEL_PLATES: Record<string, { y: number; w: number; h: number }> = {
  'ring:middle': { y: CY - 345, w: 460, h: 90 },
  'ring:outer': { y: CY - 570, w: 460, h: 100 },
}

function sectors(): TemplateItem[] {
  return STAKEHOLDER_SECTORS.map((s) => {
    // Labels go in the outer corner of each segment, away from the rings.
    const align: TLDefaultHorizontalAlignStyle = s.col === 0 ? 'start' : 'end'
    const verticalAlign: TLDefaultVerticalAlignStyle = s.row === 0 ? 'start' : 'end'
    return box({
      role: 'sector',
      part: s.part,
      x: MARGIN + s.col * SECTOR_W,
      y: AREA_Y + s.row * SECTOR_H,
      w: SECTOR_W,
      h: SECTOR_H,
      color: s.color,
      fill: 'solid',
      size: 'l',
      label: s.label,
      align,
      verticalAlign,
    })
  })
}

function rings(): TemplateItem[] {
  const items: TemplateItem[] = []
  // Outermost first, so inner rings lie on top.
  for (const ring of [...STAKEHOLDER_RINGS].reverse()) {
    const isCentre = ring.part === 'ring:centre'
    items.push(
      box({
        role: 'ring',
        part: ring.part,
        geo: 'ellipse',
        x: CX - ring.r,
        y: CY - ring.r,
        w: 2 * ring.r,
        h: 2 * ring.r,
        color: isCentre ? 'orange' : 'blue',
        fill: isCentre ? 'solid' : 'none',
        size: 'm',
        ...(isCentre ? { label: ring.label, size: 'l' as const } : {}),
      }),
    )
    const plate = RING_LABEL_PLATES[ring.part]
    if (plate) {
      items.push(
        box({ role: 'ringLabel', part: `${ring.part}:label`, x: CX - plate.w / 2, y: plate.y, w: plate.w, h: plate.h, fill: 'semi', label: ring.label }),
      )
    }
  }
  return items
}

export const stakeholderMap: TemplateDefinition = {
  id: 'stakeholder-map',
  category: 'stakeholders',
  name: { nb: 'Interessentkart', nn: 'Interessentkart', en: 'Stakeholder map' },
  description: {
    nb: 'Hvem påvirker og påvirkes av tjenesten? Tre ringer rundt brukeren og fire sektorer: offentlig, næringsliv, frivillighet og innbyggere.', nn: 'Kven påverkar tenesta, og kven blir påverka av ho? Tre ringar rundt brukaren og fire sektorar: offentleg, næringsliv, frivilligheit og innbyggjarar.',
    en: 'Who affects and is affected by the service? Three rings around the user and four sectors: public, business, voluntary and citizens.',
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, W - 2 * MARGIN, {
      nb: 'Én lapp per aktør: navn, rolle og hva de mener. Plasser lappen i riktig ring og sektor, og tegn linjer med etiketter for relasjonene mellom aktørene.', nn: 'Éin lapp per aktør: namn, rolle og kva dei meiner. Plasser lappen i rett ring og sektor, og teikn linjer med etikettar for relasjonane mellom aktørane.',
      en: 'One note per actor: name, role and what they think. Place it in the right ring and sector, and draw labelled lines for the relations between actors.',
    }),
    ...sectors(),
    ...rings(),
    note({ x: CX + 200, y: CY - 100, text: { nb: 'Aktør:\nRolle:\nHva mener de?', nn: 'Aktør:\nRolle:\nKva meiner dei?', en: 'Actor:\nRole:\nWhat do they think?' } }),
  ],
}
