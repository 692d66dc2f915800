import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { noteCells } from '@whiteboard/shared/results/noteCells'
import { reportDocx } from './reportDocx'
import { reportModel } from './reportModel'
import { reportBoard } from './reportFixture'
import { reportTexts } from './reportTexts'

/** A 1×1 PNG. */
const PNG = Uint8Array.from(Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex'))

describe('reportDocx', () => {
  it('is a Word document with the lanes, stages, notes, ranked dots and the picture, in the board’s language, naming no person', async () => {
    const model = reportModel(noteCells(reportBoard()), new Map([['shape:queue', 2]]), 'Kommune X', new Date(2026, 11, 4))
    const blob = await reportDocx(model, reportTexts('nb'), new Map([[model.frames[0]!.id, { png: PNG, width: 2420, height: 2020 }]]))
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()))
    const xml = strFromU8(files['word/document.xml']!)
    const text = xml.replace(/<[^>]+>/g, ' ')
    for (const expected of ['Kommune X', 'Dato: 4. desember 2026', 'Tjenestereise', 'Smertepunkter', 'Handlinger (hva brukeren gjør)', 'Før', 'Under', 'Etter', 'Lang kø | igjen', 'Skjemaet', 'forsvant', 'Raske gevinster', 'Ring brukeren', 'Stemmer', '1. Lang kø | igjen (2 stemmer)', 'Lapper utenfor rammene']) {
      expect(text).toContain(expected)
    }
    expect(xml).toContain('<w:tbl>')
    expect(xml).toContain('descr="Bilde av Tjenestereise"')
    expect(Object.keys(files).some((name) => name.startsWith('word/media/') && name.endsWith('.png'))).toBe(true)
    // The picture is fitted to the page: 600 px wide is 5,715,000 EMU.
    expect(xml).toContain('cx="5715000"')
    expect(strFromU8(files['word/styles.xml']!)).toContain('w:val="nb-NO"')
    const core = strFromU8(files['docProps/core.xml']!)
    expect(core).toContain('<dc:creator>Verkstedtavla</dc:creator>')
    expect(core).toContain('<dc:title>Kommune X</dc:title>')
  })
})
