import { NOTE_COLUMNS, type NoteRow } from '../api/notesExportApi'

/**
 * The notes as CSV (RFC 4180): a header row, comma-separated fields, CRLF line ends, a field in
 * double quotes when it holds a quote, comma or line break, its quotes doubled. UTF-8 with a byte
 * order mark first, without which Excel reads the file in the machine's legacy code page and
 * mangles æ, ø and å.
 *
 * A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and some also
 * after a tab or carriage return), so a note reading `=HYPERLINK(…)` would become a live link in
 * whoever opens the file. Such text fields get an apostrophe in front, which spreadsheets show
 * as text. Numbers we write ourselves (votes, coordinates) are left as numbers.
 */
export function notesCsv(rows: readonly NoteRow[]): string {
  const lines = [NOTE_COLUMNS.join(',')]
  for (const row of rows) lines.push(NOTE_COLUMNS.map((column) => csvField(row[column])).join(','))
  return `${BOM}${lines.join('\r\n')}\r\n`
}

export const BOM = '\ufeff'

const FORMULA_START = /^[=+\-@\t\r]/

/** One field: numbers as they are, null as empty, text protected against formulas and quoted when it must be. */
export function csvField(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = spreadsheetSafe(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Text a spreadsheet will not run as a formula: an apostrophe before a leading `=`, `+`, `-`, `@`, tab or carriage return. */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}
