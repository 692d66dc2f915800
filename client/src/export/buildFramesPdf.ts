import { PageSizes, PDFDocument, rgb, StandardFonts, type PDFFont } from 'pdf-lib'
import type { UiLang } from '../i18n/messages'
import { intlLocale } from '../i18n/intlLocale'
import type { RenderedFrame } from './renderFrames'

/** Landscape A4 in PDF points: what municipal printers and report templates expect. */
const PAGE: [number, number] = [PageSizes.A4[1], PageSizes.A4[0]]
const MARGIN = 36
const TITLE_SIZE = 14
const TITLE_GAP = 12

export interface FramesPdfInput {
  boardTitle: string
  /** Document title in the PDF metadata, shown in viewers' title bars. */
  documentTitle: string
  lang: UiLang
  frames: readonly RenderedFrame[]
}

/**
 * One landscape page per frame: "<frame> – <board>" at the top, the frame's image scaled to fit
 * below it, centred. The title is drawn as real text, so it can be searched and copied.
 */
export async function buildFramesPdf({ boardTitle, documentTitle, lang, frames }: FramesPdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  pdf.setTitle(documentTitle, { showInWindowTitleBar: true })
  pdf.setLanguage(lang === 'en' ? 'en' : intlLocale(lang))
  pdf.setCreator('Verkstedtavla')
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const [pageWidth, pageHeight] = PAGE
  const boxWidth = pageWidth - 2 * MARGIN
  const boxHeight = pageHeight - 2 * MARGIN - TITLE_SIZE - TITLE_GAP

  for (const frame of frames) {
    const page = pdf.addPage(PAGE)
    const title = fitText(font, encodable(font, `${frame.name} – ${boardTitle}`), TITLE_SIZE, boxWidth)
    page.drawText(title, { x: MARGIN, y: pageHeight - MARGIN - TITLE_SIZE, size: TITLE_SIZE, font, color: rgb(0.1, 0.1, 0.1) })
    const image = await pdf.embedPng(frame.png)
    const fit = Math.min(boxWidth / image.width, boxHeight / image.height)
    const width = image.width * fit
    const height = image.height * fit
    page.drawImage(image, { x: MARGIN + (boxWidth - width) / 2, y: MARGIN + (boxHeight - height) / 2, width, height })
  }
  return pdf.save()
}

/**
 * The standard PDF fonts cover Latin-1 (so æ, ø, å are fine) but throw on anything else;
 * a title with an emoji must not break the whole export, so such characters become "?".
 */
function encodable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet())
  return Array.from(text, (char) => (supported.has(char.codePointAt(0) ?? -1) ? char : '?')).join('')
}

/** Shortens a title with an ellipsis until it fits the page width. */
function fitText(font: PDFFont, text: string, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) return text
  const chars = Array.from(text)
  while (chars.length > 1 && font.widthOfTextAtSize(`${chars.join('')}…`, size) > maxWidth) chars.pop()
  return `${chars.join('')}…`
}
