import { describe, expect, it } from 'vitest'
import { TEMPLATE_IDS } from './catalog'
import { serviceJourney } from './methods/serviceJourney'
import { definitionPreviewSvg, templatePreviewSvg, wrap } from './templatePreviewSvg'

/** Minimal well-formedness check: balanced tags, and no raw `<` or stray `&` in text or attributes. */
function assertWellFormed(svg: string): void {
  const stack: string[] = []
  const tag = /<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<]*")*)\s*(\/?)>/g
  let last = 0
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const between = svg.slice(last, m.index)
    expect(between, `text before <${m[2]}>`).not.toMatch(/[<>]|&(?!(lt|gt|amp|quot|apos);)/)
    expect(m[3] ?? '').not.toMatch(/&(?!(lt|gt|amp|quot|apos);)/)
    last = tag.lastIndex
    const [, closing, name, , selfClosing] = m
    if (selfClosing) continue
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name)
    else stack.push(name!)
  }
  expect(svg.slice(last)).toBe('')
  expect(stack).toEqual([])
}

describe('templatePreviewSvg', () => {
  for (const id of TEMPLATE_IDS) {
    for (const lang of ['nb', 'en'] as const) {
      it(`draws a well-formed SVG for ${id} (${lang})`, () => {
        const svg = templatePreviewSvg(id, lang, { width: 240 })!
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="240"')).toBe(true)
        assertWellFormed(svg)
        expect(svg).not.toContain('NaN')
        expect(svg).not.toContain('undefined')
        expect(svg).not.toMatch(/\bid="/)
      })
    }
  }

  it('shows the labels in the chosen language', () => {
    const nb = templatePreviewSvg('service-journey', 'nb')!
    const en = templatePreviewSvg('service-journey', 'en')!
    expect(nb).toContain('>Før<')
    expect(nb).toContain('Smertepunkter')
    expect(en).toContain('>Before<')
    expect(en).not.toContain('Smertepunkter')
  })

  it('escapes markup in labels', () => {
    const evil = { ...serviceJourney, name: { nb: '<script>alert(1)</script>', nn: 'x', en: 'x' }, items: [{ kind: 'text' as const, role: 'hint' as const, x: 0, y: 0, w: 500, size: 's' as const, color: 'black' as const, textAlign: 'start' as const, text: { nb: 'a < b & "c"', nn: 'x', en: 'x' } }] }
    const svg = definitionPreviewSvg(evil, 'nb')
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;')
    assertWellFormed(svg)
  })

  it('keeps the aspect ratio and refuses unknown ids', () => {
    const svg = templatePreviewSvg('stakeholder-map', 'nb', { width: 170 })!
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!
    expect(Number(w)).toBe(170)
    expect(Number(h)).toBeGreaterThan(120)
    expect(templatePreviewSvg('nope', 'nb')).toBeUndefined()
  })

  it('wraps words greedily and keeps paragraphs', () => {
    expect(wrap('aa bb cc', 5 * 0.52 * 10, 10)).toEqual(['aa bb', 'cc'])
    expect(wrap('one\ntwo', 1000, 10)).toEqual(['one', 'two'])
  })
})
