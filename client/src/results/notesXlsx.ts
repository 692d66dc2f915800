import writeXlsxFile, { type SheetData } from 'write-excel-file/browser'
import { NOTE_COLUMNS, type NoteRow } from '@whiteboard/shared/api/notesExportApi'

/**
 * The notes as a spreadsheet: the same columns as the CSV, the header in bold, text as text and
 * votes and coordinates as numbers. Cells are written as typed values, never as formulas, so a
 * note reading `=…` stays text without the CSV's apostrophe.
 */
export async function notesXlsx(rows: readonly NoteRow[], sheet: string): Promise<Blob> {
  const data: SheetData = [
    NOTE_COLUMNS.map((column) => ({ value: column, fontWeight: 'bold' as const })),
    ...rows.map((row) =>
      NOTE_COLUMNS.map((column) => {
        const value = row[column]
        if (value === null) return null
        return typeof value === 'number' ? { value, type: Number } : { value, type: String }
      }),
    ),
  ]
  return writeXlsxFile(data, { sheet, stickyRowsCount: 1 }).toBlob()
}
