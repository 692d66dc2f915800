import { describe, expect, it } from 'vitest'
import { noteCells } from '@whiteboard/shared/results/noteCells'
import { inline, reportMarkdown } from './reportMarkdown'
import { reportModel } from './reportModel'
import { reportBoard } from './reportFixture'
import { reportTexts } from './reportTexts'

const DATE = new Date(2026, 11, 4)

describe('reportMarkdown', () => {
  const model = reportModel(noteCells(reportBoard()), new Map([['shape:queue', 2]]), 'Kommune X', DATE)
  const md = reportMarkdown(model, reportTexts('nb'), new Map([[model.frames[0]!.id, { png: Uint8Array.of(1, 2, 3), width: 1, height: 1 }]]))

  it('has the title and the date in the board’s language', () => {
    expect(md.startsWith('# Kommune X\n\nDato: 4. desember 2026\n')).toBe(true)
  })

  it('writes the journey as a table of lanes × stages', () => {
    expect(md).toContain('## Tjenestereise\n\n![Bilde av Tjenestereise](data:image/png;base64,AQID)\n\n|  | Før | Under | Etter | Ellers |\n| --- | --- | --- | --- | --- |\n')
    expect(md).toContain('| **Smertepunkter** |  | Lang kø \\| igjen<br>Skjemaet forsvant |  |  |\n')
  })

  it('lists a quadrant’s notes under its name, the ranked dots, and the notes outside the frames', () => {
    expect(md).toContain('### Raske gevinster\n\n- Ring brukeren\n\n### Store satsinger\n\nIngen lapper.\n')
    expect(md).toContain('### Stemmer\n\n1. Lang kø \\| igjen (2 stemmer)\n')
    expect(md).toContain('## Lapper utenfor rammene\n\n- \\# Ikke en overskrift\n')
  })

  it('is all nynorsk for a nynorsk board: its labels, and our words and dates', () => {
    const nn = reportModel(noteCells(reportBoard('nn')), new Map([['shape:queue', 2]]), 'Kommune X', DATE)
    const text = reportMarkdown(nn, reportTexts('nn'), new Map())
    expect(text.startsWith('# Kommune X\n\nDato: 4. desember 2026\n')).toBe(true)
    expect(text).toContain('## Tenestereise\n')
    expect(text).toContain('|  | Før | Under | Etter | Elles |\n')
    expect(text).toContain('| **Smertepunkt** |  | Lang kø \\| igjen<br>Skjemaet forsvant |  |  |\n')
    expect(text).toContain('### Raske gevinstar\n\n- Ring brukeren\n')
    expect(text).toContain('### Røyster\n\n1. Lang kø \\| igjen (2 røyster)\n')
    expect(text).toContain('## Lappar utanfor rammene\n')
    for (const bokmal of ['Tjenestereise', 'Smertepunkter', 'Stemmer', 'Lapper']) expect(text).not.toContain(bokmal)
  })

  it('names a frame without a name by its place', () => {
    const unnamed = { ...model, frames: [{ ...model.frames[1]!, title: '' }] }
    expect(reportMarkdown(unnamed, reportTexts('nb'), new Map())).toContain('## Ramme 1\n')
  })

  it('speaks English for an English board', () => {
    expect(reportMarkdown(model, reportTexts('en'), new Map())).toContain('### Votes\n\n1. Lang kø \\| igjen (2 votes)\n')
  })

  it('escapes what Markdown or HTML would read as markup', () => {
    expect(inline('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)\\>')
    expect(inline('[lenke](http://x) *fet* `kode`')).toBe('\\[lenke\\](http://x) \\*fet\\* \\`kode\\`')
    expect(inline('1. ikke en liste')).toBe('1\\. ikke en liste')
    expect(inline('- ikke et punkt')).toBe('\\- ikke et punkt')
    expect(inline('to\nlinjer')).toBe('to linjer')
  })
})
