import type { TLDefaultSizeStyle } from '@tldraw/tlschema'
import { TLDRAW_COLORS } from '../board/tldrawColors'
import { getTemplate } from './catalog'
import type { ArrowItem, BoxItem, LineItem, NoteItem, TemplateDefinition, TemplateItem, TemplateLang, TextItem } from './types'

/**
 * A static SVG picture of a template, drawn from its data without an editor, for the
 * template picker. It approximates tldraw's light theme (same palette, sans-serif text,
 * greedy word wrap); it is a preview, not an export.
 *
 * Use as `<img src={'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg)}>`: an
 * <img> never runs script, and the SVG has no ids, so several can sit on one page.
 */

const STROKE: Record<TLDefaultSizeStyle, number> = { s: 2, m: 3.5, l: 5, xl: 10 }
const TEXT_PX: Record<TLDefaultSizeStyle, number> = { s: 18, m: 24, l: 36, xl: 44 }
const LABEL_PX: Record<TLDefaultSizeStyle, number> = { s: 18, m: 22, l: 26, xl: 32 }
const LABEL_PADDING = 16
const LINE_HEIGHT = 1.35
/** Average glyph width of a sans-serif face relative to its size; enough for wrapping a preview. */
const CHAR_WIDTH = 0.52
const NOTE_SIZE = 200
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif'

export interface PreviewOptions {
  /** Width attribute of the <svg>; the height follows the template's aspect ratio. Default 320. */
  width?: number
}

/** SVG markup previewing template `id` in `lang`; undefined for an unknown id. */
export function templatePreviewSvg(id: string, lang: TemplateLang, opts: PreviewOptions = {}): string | undefined {
  const def = getTemplate(id)
  return def ? definitionPreviewSvg(def, lang, opts) : undefined
}

export function definitionPreviewSvg(def: TemplateDefinition, lang: TemplateLang, opts: PreviewOptions = {}): string {
  const { w, h } = def.size
  const width = opts.width ?? 320
  const height = Math.round((width * h) / w)
  const body = def.items.map((item) => drawItem(item, lang)).join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeXml(def.name[lang])}">` +
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#ffffff" stroke="#9fa8b2" stroke-width="4"/>` +
    `<g font-family="${FONT}">${body}</g></svg>`
  )
}

function drawItem(item: TemplateItem, lang: TemplateLang): string {
  switch (item.kind) {
    case 'box':
      return drawBox(item, lang)
    case 'text':
      return drawText(item, lang)
    case 'line':
      return drawLine(item)
    case 'arrow':
      return drawArrow(item, lang)
    case 'note':
      return drawNote(item, lang)
  }
}

function dashArray(dash: string, width: number): string {
  if (dash === 'dashed') return ` stroke-dasharray="${width * 4} ${width * 4}"`
  if (dash === 'dotted') return ` stroke-dasharray="${width} ${width * 3}" stroke-linecap="round"`
  return ''
}

function fillOf(item: BoxItem): string {
  const c = TLDRAW_COLORS[item.color]
  switch (item.fill) {
    case 'none':
      return 'none'
    case 'semi':
      return '#fcfffe'
    case 'solid':
    case 'lined-fill':
      return c.tint
    default:
      return c.stroke
  }
}

function drawBox(item: BoxItem, lang: TemplateLang): string {
  const { x, y, w, h } = item
  const sw = STROKE[item.size]
  const attrs = `fill="${fillOf(item)}" stroke="${TLDRAW_COLORS[item.color].stroke}" stroke-width="${sw}"${dashArray(item.dash, sw)}`
  let shape: string
  switch (item.geo) {
    case 'ellipse':
    case 'oval':
      shape = `<ellipse cx="${x + w / 2}" cy="${y + h / 2}" rx="${w / 2}" ry="${h / 2}" ${attrs}/>`
      break
    case 'diamond':
      shape = `<polygon points="${x + w / 2},${y} ${x + w},${y + h / 2} ${x + w / 2},${y + h} ${x},${y + h / 2}" ${attrs}/>`
      break
    case 'cloud':
      shape = `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${Math.min(w, h) / 2.5}" ${attrs}/>`
      break
    default:
      shape = `<rect x="${x}" y="${y}" width="${w}" height="${h}" ${attrs}/>`
  }
  if (!item.label) return shape
  const px = LABEL_PX[item.size]
  const lines = wrap(item.label[lang], w - 2 * LABEL_PADDING, px)
  const blockH = lines.length * px * LINE_HEIGHT
  const top = item.verticalAlign === 'start' ? y + LABEL_PADDING : item.verticalAlign === 'end' ? y + h - LABEL_PADDING - blockH : y + (h - blockH) / 2
  const align = item.align.replace('-legacy', '') as 'start' | 'middle' | 'end'
  const tx = align === 'start' ? x + LABEL_PADDING : align === 'end' ? x + w - LABEL_PADDING : x + w / 2
  return shape + textBlock(lines, tx, top, px, align, TLDRAW_COLORS[item.labelColor].stroke)
}

function drawText(item: TextItem, lang: TemplateLang): string {
  const px = TEXT_PX[item.size]
  const lines = wrap(item.text[lang], item.w, px)
  const align = item.textAlign
  const tx = align === 'start' ? item.x : align === 'end' ? item.x + item.w : item.x + item.w / 2
  return textBlock(lines, tx, item.y, px, align, TLDRAW_COLORS[item.color].stroke)
}

function drawLine(item: LineItem): string {
  const sw = STROKE[item.size]
  const points = item.points.map((p) => `${item.x + p.x},${item.y + p.y}`).join(' ')
  return `<polyline points="${points}" fill="none" stroke="${TLDRAW_COLORS[item.color].stroke}" stroke-width="${sw}"${dashArray(item.dash, sw)}/>`
}

function drawArrow(item: ArrowItem, lang: TemplateLang): string {
  const sw = STROKE[item.size]
  const color = TLDRAW_COLORS[item.color].stroke
  const x1 = item.x + item.start.x
  const y1 = item.y + item.start.y
  const x2 = item.x + item.end.x
  const y2 = item.y + item.end.y
  const len = Math.hypot(x2 - x1, y2 - y1) || 1
  const ux = (x2 - x1) / len
  const uy = (y2 - y1) / len
  const head = sw * 6
  // Arrowhead as a polygon rather than a <marker>, which would need a document-unique id.
  const left = `${x2 - ux * head - uy * head * 0.6},${y2 - uy * head + ux * head * 0.6}`
  const right = `${x2 - ux * head + uy * head * 0.6},${y2 - uy * head - ux * head * 0.6}`
  let out = `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}" stroke-width="${sw}"${dashArray(item.dash, sw)}/>`
  out += `<polygon points="${x2},${y2} ${left} ${right}" fill="${color}"/>`
  if (item.label) {
    const px = TEXT_PX[item.size] * 0.85
    const label = item.label[lang]
    const lw = label.length * px * CHAR_WIDTH + 16
    const mx = (x1 + x2) / 2
    const my = (y1 + y2) / 2
    out += `<rect x="${mx - lw / 2}" y="${my - px * 0.8}" width="${lw}" height="${px * 1.6}" fill="#ffffff"/>`
    out += textBlock([label], mx, my - (px * LINE_HEIGHT) / 2, px, 'middle', '#1d1d1d')
  }
  return out
}

function drawNote(item: NoteItem, lang: TemplateLang): string {
  const px = 24
  const lines = wrap(item.text[lang], NOTE_SIZE - 2 * LABEL_PADDING, px)
  const top = item.y + (NOTE_SIZE - lines.length * px * LINE_HEIGHT) / 2
  return (
    `<rect x="${item.x + 3}" y="${item.y + 5}" width="${NOTE_SIZE}" height="${NOTE_SIZE}" fill="#000000" fill-opacity="0.12"/>` +
    `<rect x="${item.x}" y="${item.y}" width="${NOTE_SIZE}" height="${NOTE_SIZE}" fill="${TLDRAW_COLORS[item.color].note}"/>` +
    textBlock(lines, item.x + NOTE_SIZE / 2, top, px, 'middle', '#000000')
  )
}

function textBlock(lines: string[], x: number, top: number, px: number, align: 'start' | 'middle' | 'end', color: string): string {
  const lh = px * LINE_HEIGHT
  return lines
    .map((line, i) => {
      const baseline = top + i * lh + px * 1.0
      return `<text x="${x}" y="${baseline.toFixed(1)}" font-size="${px}" text-anchor="${align}" fill="${color}">${escapeXml(line)}</text>`
    })
    .join('')
}

/** Greedy word wrap by estimated width; paragraphs (`\n`) always break. */
export function wrap(text: string, maxWidth: number, px: number): string[] {
  const maxChars = Math.max(1, Math.floor(maxWidth / (px * CHAR_WIDTH)))
  const out: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > maxChars) {
        out.push(line)
        line = word
      } else {
        line = line ? `${line} ${word}` : word
      }
    }
    out.push(line)
  }
  return out
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
}
