import { describe, expect, it } from 'vitest'
import { TEMPLATE_CATEGORIES } from './categories'
import { getTemplate, TEMPLATE_IDS } from './catalog'
import type { Label } from './types'

/** Every text of a template a person sees: its name, description, and every item's label or text. */
function labels(id: string): Label[] {
  const def = getTemplate(id)!
  const out: Label[] = [def.name, def.description]
  for (const item of def.items) {
    if ((item.kind === 'box' || item.kind === 'arrow') && item.label) out.push(item.label)
    if (item.kind === 'text' || item.kind === 'note') out.push(item.text)
  }
  return out
}

describe('nynorsk template texts', () => {
  for (const id of TEMPLATE_IDS) {
    it(`${id}: every text has a nynorsk form`, () => {
      const missing = labels(id).filter((l) => !l.nn?.trim()).map((l) => l.nb)
      expect(missing).toEqual([])
    })
  }

  it('names every category in nynorsk', () => {
    expect(TEMPLATE_CATEGORIES.filter((c) => !c.label.nn?.trim()).map((c) => c.label.nb)).toEqual([])
  })

  it('uses the official forms of the service journey’s lanes', () => {
    const texts = labels('service-journey').map((l) => l.nn)
    for (const form of ['Tenestereise', 'Fasar', 'Handlingar (kva brukaren gjer)', 'Kontaktpunkt og kanalar', 'Tankar og kjensler', 'Smertepunkt', 'Moglegheiter', 'Brukar og scenario', 'Kven er brukaren?', 'Kva prøver hen å få til?']) {
      expect(texts).toContain(form)
    }
  })
})
