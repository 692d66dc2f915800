import { describe, expect, it } from 'vitest'
import type { NoteRow } from '../api/notesExportApi'
import { csvField, notesCsv, spreadsheetSafe } from './notesCsv'

const row = (over: Partial<NoteRow>): NoteRow => ({ frame: 'Tjenestereise', template: 'service-journey', row: 'Smertepunkter', column: 'Under', text: 'Kø', color: 'yellow', votes: 2, x: 10, y: -20, ...over })

/** A minimal RFC 4180 reader, to check that what we write reads back as what we meant. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let field = ''
  let fields: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      fields.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      fields.push(field)
      rows.push(fields)
      fields = []
      field = ''
      i++
    } else field += c
  }
  return rows
}

describe('notesCsv', () => {
  it('starts with a BOM and the header, ends every line with CRLF', () => {
    const csv = notesCsv([row({})])
    expect(csv.startsWith('\ufeffframe,template,row,column,text,color,votes,x,y\r\n')).toBe(true)
    expect(csv).toBe('\ufeffframe,template,row,column,text,color,votes,x,y\r\nTjenestereise,service-journey,Smertepunkter,Under,Kø,yellow,2,10,-20\r\n')
  })

  it('quotes fields with quotes, commas and line breaks, and reads back to the same text', () => {
    const text = 'Si "hei",\nså\r\nfarvel'
    const csv = notesCsv([row({ text, votes: null })])
    expect(parseCsv(csv.slice(1))[1]).toEqual(['Tjenestereise', 'service-journey', 'Smertepunkter', 'Under', text, 'yellow', '', '10', '-20'])
    expect(csv).toContain('"Si ""hei"",\nså\r\nfarvel"')
  })

  it('puts an apostrophe before text that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(spreadsheetSafe(`${start}HYPERLINK("x")`)).toBe(`'${start}HYPERLINK("x")`)
    expect(spreadsheetSafe('Helt vanlig = tekst')).toBe('Helt vanlig = tekst')
    expect(spreadsheetSafe("'allerede")).toBe("'allerede")
    const csv = notesCsv([row({ text: '=1+1', frame: '@ramme', row: '-minus', column: '+pluss' })])
    expect(parseCsv(csv.slice(1))[1]!.slice(0, 5)).toEqual(["'@ramme", 'service-journey', "'-minus", "'+pluss", "'=1+1"])
  })

  it('leaves our own numbers as numbers, negative ones too, and writes no votes as empty', () => {
    expect(csvField(-120)).toBe('-120')
    expect(csvField(null)).toBe('')
    expect(csvField(Number.NaN)).toBe('')
  })

  it('writes only the header for a board without notes', () => {
    expect(notesCsv([])).toBe('\ufeffframe,template,row,column,text,color,votes,x,y\r\n')
  })
})
