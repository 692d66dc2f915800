import type { TemplateLang } from './types'
import { isBoardLang } from '../board/boardLang'

/**
 * What a template shape carries in `meta`. The server and the client read it to tell
 * scaffolding (locked; only a facilitator may unlock it) from the content people add.
 */
export interface TemplateShapeMeta {
  /** Id of the template the shape came from. */
  template: string
  /** `frame`, a ScaffoldRole, or `starter` for unlocked starter content. */
  role: string
  /** Present (and true) on scaffolding only. */
  scaffolding?: true
  /** Stable name of the part inside the template, e.g. `lane:actions`. */
  part?: string
  /** On the frame: the language the template was built in. */
  lang?: TemplateLang
}

/** Reads template provenance from any shape's `meta`; undefined for shapes not from a template. */
export function readTemplateMeta(meta: unknown): TemplateShapeMeta | undefined {
  if (meta === null || typeof meta !== 'object') return undefined
  const m = meta as Record<string, unknown>
  if (typeof m.template !== 'string' || typeof m.role !== 'string') return undefined
  const out: TemplateShapeMeta = { template: m.template, role: m.role }
  if (m.scaffolding === true) out.scaffolding = true
  if (typeof m.part === 'string') out.part = m.part
  if (isBoardLang(m.lang)) out.lang = m.lang
  return out
}

/** True for template scaffolding (lanes, rings, headings, the frame), which stays locked for non-facilitators. */
export function isScaffolding(shape: { meta: unknown }): boolean {
  return readTemplateMeta(shape.meta)?.scaffolding === true
}
