/** Longest piece (board title or frame name) kept in a file name; titles may be up to 200 characters, file systems stop at 255 bytes. */
export const MAX_FILE_NAME_PART = 60

/** Characters that Windows, macOS or Linux refuse in file names, plus control characters. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g

/** Names Windows reserves whatever the extension ("CON.png" cannot be saved). */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i

/**
 * Makes one piece of a file name safe on every desktop OS: forbidden characters become `_`,
 * whitespace collapses, and leading/trailing dots and spaces go (Windows drops them silently).
 * Letters such as æ, ø and å are kept.
 */
export function sanitizeFileNamePart(value: string): string {
  const cleaned = value
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(FORBIDDEN, '_')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '')
  const cut = Array.from(cleaned).slice(0, MAX_FILE_NAME_PART).join('').trim()
  return RESERVED.test(cut) ? `_${cut}` : cut
}

/** Local calendar date as yyyy-mm-dd: the day the person exported, not the UTC day. */
export function localDateStamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export interface ExportFileNameParts {
  boardTitle: string
  /** Frame name, or a word for the selection; left out for the whole board. */
  part?: string
  date: Date
  extension: 'png' | 'svg' | 'pdf' | 'zip' | 'docx' | 'md' | 'csv' | 'xlsx' | 'tldr'
  /** Used when the board title sanitizes to nothing. */
  fallbackTitle: string
}

/** `<board title>-<frame name>-<yyyy-mm-dd>.<ext>`, each piece sanitized; empty pieces are dropped. */
export function exportFileName({ boardTitle, part, date, extension, fallbackTitle }: ExportFileNameParts): string {
  const title = sanitizeFileNamePart(boardTitle) || sanitizeFileNamePart(fallbackTitle)
  const pieces = [title, part === undefined ? '' : sanitizeFileNamePart(part), localDateStamp(date)].filter(Boolean)
  return `${pieces.join('-')}.${extension}`
}
