import { Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { cellKey, type RankedNote, type ReportFrame, type ReportModel, type ReportNote } from './reportModel'
import type { FramePicture } from './reportMarkdown'
import type { ReportTexts } from './reportTexts'

/** Widest picture on the page, in the 96-per-inch pixels docx measures images in: an A4 page's width inside Word's default margins. */
const PICTURE_MAX_WIDTH = 600
/** Tallest picture, so a tall frame still leaves room for its heading on the page. */
const PICTURE_MAX_HEIGHT = 800

/**
 * The report as a Word document the team can edit: the title and date, then per frame a heading,
 * its picture (with the frame's name as alt text), its notes by cell (a table for a grid, lists
 * otherwise) and the dots ranked. The document's language is the board's, and its author field is
 * the app's name, never a person's.
 */
export async function reportDocx(model: ReportModel, texts: ReportTexts, pictures: ReadonlyMap<string, FramePicture>): Promise<Blob> {
  const title = model.title || texts.untitledBoard
  const children: (Paragraph | Table)[] = [new Paragraph({ text: title, heading: HeadingLevel.TITLE }), new Paragraph({ text: texts.date(model.date) })]
  model.frames.forEach((frame, i) => {
    const frameTitle = frame.title || texts.untitledFrame(i + 1)
    children.push(new Paragraph({ text: frameTitle, heading: HeadingLevel.HEADING_1 }))
    const picture = pictures.get(frame.id)
    if (picture) children.push(pictureParagraph(picture, texts.picture(frameTitle)))
    children.push(...frameBody(frame, texts))
  })
  if (model.outside.length > 0) {
    children.push(new Paragraph({ text: texts.outside, heading: HeadingLevel.HEADING_1 }), ...bullets(model.outside), ...rankedList(model.outsideRanked, texts))
  }
  const doc = new Document({
    creator: 'Verkstedtavla',
    lastModifiedBy: 'Verkstedtavla',
    title,
    styles: { default: { document: { run: { language: { value: texts.locale } } } } },
    sections: [{ children }],
  })
  return Packer.toBlob(doc)
}

function frameBody(frame: ReportFrame, texts: ReportTexts): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = []
  if (frame.layout === 'grid') {
    out.push(gridTable(frame, texts))
    if (frame.other.length > 0) out.push(heading2(texts.otherNotes), ...bullets(frame.other))
  } else if (frame.layout === 'sections') {
    for (const section of frame.sections) out.push(heading2(section.name), ...(section.notes.length > 0 ? bullets(section.notes) : [new Paragraph({ text: texts.noNotes })]))
    if (frame.other.length > 0) out.push(heading2(texts.otherNotes), ...bullets(frame.other))
  } else {
    out.push(...(frame.other.length > 0 ? bullets(frame.other) : [new Paragraph({ text: texts.noNotes })]))
  }
  out.push(...rankedList(frame.ranked, texts))
  return out
}

function gridTable(frame: ReportFrame, texts: ReportTexts): Table {
  const header = new TableRow({
    tableHeader: true,
    children: [cell([new Paragraph('')]), ...frame.columns.map((c) => cell([new Paragraph({ children: [new TextRun({ text: c || texts.noColumn, bold: true })] })]))],
  })
  const rows = frame.rows.map(
    (name) =>
      new TableRow({
        children: [
          cell([new Paragraph({ children: [new TextRun({ text: name, bold: true })] })]),
          ...frame.columns.map((column) => {
            const notes = frame.grid.get(cellKey(name, column)) ?? []
            return cell(notes.length > 0 ? notes.map((n) => textParagraph(n.text)) : [new Paragraph('')])
          }),
        ],
      }),
  )
  return new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } })
}

function cell(children: Paragraph[]): TableCell {
  return new TableCell({ children })
}

function heading2(text: string): Paragraph {
  return new Paragraph({ text, heading: HeadingLevel.HEADING_2 })
}

function bullets(notes: readonly ReportNote[]): Paragraph[] {
  return notes.map((n) => textParagraph(n.text, { bullet: { level: 0 } }))
}

function rankedList(ranked: readonly RankedNote[], texts: ReportTexts): Paragraph[] {
  if (ranked.length === 0) return []
  return [heading2(texts.votes), ...ranked.map((r) => textParagraph(`${r.rank}. ${r.text} (${texts.votesCount(r.votes)})`))]
}

/** A note's text with its line breaks kept. */
function textParagraph(text: string, options: { bullet?: { level: number } } = {}): Paragraph {
  const runs = text.split('\n').map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}) }))
  return new Paragraph({ children: runs, ...options })
}

function pictureParagraph(picture: FramePicture, alt: string): Paragraph {
  const fit = Math.min(1, PICTURE_MAX_WIDTH / picture.width, PICTURE_MAX_HEIGHT / picture.height)
  return new Paragraph({
    children: [
      new ImageRun({
        type: 'png',
        data: picture.png,
        transformation: { width: Math.round(picture.width * fit), height: Math.round(picture.height * fit) },
        altText: { name: alt, description: alt, title: alt },
      }),
    ],
  })
}
