import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { notesXlsx } from './notesXlsx'

describe('notesXlsx', () => {
  it('writes the header and one row per note, text as text and numbers as numbers', async () => {
    const blob = await notesXlsx(
      [
        { frame: 'Tjenestereise', template: 'service-journey', row: 'Smertepunkter', column: 'Under', text: '=Lang kø', color: 'yellow', votes: 2, x: 10, y: -20 },
        { frame: '', template: '', row: '', column: '', text: 'Utenfor', color: 'blue', votes: null, x: 0, y: 0 },
      ],
      'Lapper',
    )
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()))
    expect(strFromU8(files['xl/workbook.xml']!)).toContain('name="Lapper"')
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!)
    const shared = strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array())
    const all = sheet + shared
    for (const text of ['frame', 'votes', 'Tjenestereise', 'Smertepunkter', 'Under', '=Lang kø', 'Utenfor']) expect(all).toContain(text)
    expect(sheet).not.toContain('<f>')
    expect(sheet).toMatch(/<v>-20<\/v>/)
    expect((sheet.match(/<row /g) ?? []).length).toBe(3)
  })
})
