import type { TLRecord } from '@tldraw/tlschema'
import type { BoardLang } from '@whiteboard/shared'

/**
 * Where `POST /api/boards` finds the records of `template`. The template issue wires a catalog
 * into `startServer({ templates })`; until then a board asked for with a template is refused.
 */
export interface TemplateCatalog {
  /** The template's document-scope records for a new board (on `INITIAL_PAGE_ID`), or null if unknown. */
  resolve(templateId: string, lang: BoardLang): ResolvedTemplate | null
}

export interface ResolvedTemplate {
  id: string
  records: TLRecord[]
}
