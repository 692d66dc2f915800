import { cellKey, type RankedNote, type ReportFrame, type ReportModel, type ReportNote } from './reportModel'
import type { ReportTexts } from './reportTexts'

/** A frame's picture for a report: PNG bytes. */
export interface FramePicture {
  png: Uint8Array
  width: number
  height: number
}

/**
 * The report as Markdown (GitHub-flavoured tables): the title and date, then per frame its
 * picture and its notes by cell, and the dots ranked. Pictures are embedded as `data:` URLs so
 * the one file is the whole report, with nothing to fetch.
 */
export function reportMarkdown(model: ReportModel, texts: ReportTexts, pictures: ReadonlyMap<string, FramePicture>): string {
  const out: string[] = [`# ${inline(model.title || texts.untitledBoard)}`, '', texts.date(model.date), '']
  model.frames.forEach((frame, i) => {
    const title = frame.title || texts.untitledFrame(i + 1)
    out.push(`## ${inline(title)}`, '')
    const picture = pictures.get(frame.id)
    if (picture) out.push(`![${inline(texts.picture(title))}](data:image/png;base64,${base64(picture.png)})`, '')
    out.push(...frameBody(frame, texts))
  })
  if (model.outside.length > 0) {
    out.push(`## ${inline(texts.outside)}`, '', ...list(model.outside), '')
    out.push(...rankedList(model.outsideRanked, texts))
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`
}

function frameBody(frame: ReportFrame, texts: ReportTexts): string[] {
  const out: string[] = []
  if (frame.layout === 'grid') {
    const header = ['', ...frame.columns.map((c) => c || texts.noColumn)]
    out.push(row(header.map(inline)), row(header.map(() => '---')))
    for (const name of frame.rows) {
      const cells = frame.columns.map((column) => (frame.grid.get(cellKey(name, column)) ?? []).map((n) => inline(n.text)).join('<br>'))
      out.push(row([`**${inline(name)}**`, ...cells]))
    }
    out.push('')
    if (frame.other.length > 0) out.push(`### ${inline(texts.otherNotes)}`, '', ...list(frame.other), '')
  } else if (frame.layout === 'sections') {
    for (const section of frame.sections) {
      out.push(`### ${inline(section.name)}`, '', ...(section.notes.length > 0 ? list(section.notes) : [texts.noNotes]), '')
    }
    if (frame.other.length > 0) out.push(`### ${inline(texts.otherNotes)}`, '', ...list(frame.other), '')
  } else {
    out.push(...(frame.other.length > 0 ? list(frame.other) : [texts.noNotes]), '')
  }
  out.push(...rankedList(frame.ranked, texts))
  return out
}

function rankedList(ranked: readonly RankedNote[], texts: ReportTexts): string[] {
  if (ranked.length === 0) return []
  return [`### ${inline(texts.votes)}`, '', ...ranked.map((r) => `${r.rank}. ${inline(r.text)} (${texts.votesCount(r.votes)})`), '']
}

function list(notes: readonly ReportNote[]): string[] {
  return notes.map((n) => `- ${inline(n.text)}`)
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`
}

/**
 * Note text as one line of Markdown that shows as written: line breaks become spaces, and the
 * characters Markdown or HTML would read as markup are escaped, so a note cannot add headings,
 * links, images or raw HTML to the report.
 */
export function inline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^[#+\-=]/, (start) => `\\${start}`)
    .replace(/^(\d+)([.)])/, '$1\\$2')
}

function base64(bytes: Uint8Array): string {
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}
