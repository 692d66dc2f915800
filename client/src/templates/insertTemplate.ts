import type { Editor, IndexKey, TLPageId, TLShape } from 'tldraw'
import type { BoardLang } from '@whiteboard/shared'
import { buildTemplate, templateSize } from '@whiteboard/shared/templates/build'
import { findFreeSpot, type Box } from '@whiteboard/shared/templates/placeTemplate'

/** A template built for one spot on one page: its records (frame first) and the frame's page bounds. */
export interface TemplatePlacement {
  records: TLShape[]
  bounds: Box
}

export interface PlanOptions {
  pageId: TLPageId
  /** Page bounds of what is on the page already; the template overlaps none of them. */
  existing: readonly Box[]
  /** Index of the frame among the page's children: above everything there. */
  index: IndexKey
  createId?: () => string
}

/** Builds template `id` in `lang` beside the existing content. Throws UnknownTemplateError for an unknown id. */
export function planTemplateInsert(id: string, lang: BoardLang, { pageId, existing, index, createId }: PlanOptions): TemplatePlacement {
  const size = templateSize(id)
  const origin = findFreeSpot(existing, size)
  const records = buildTemplate(id, lang, origin, { pageId, index, ...(createId ? { createId } : {}) })
  return { records, bounds: { x: origin.x, y: origin.y, w: size.w, h: size.h } }
}

/** Page bounds of every shape on the current page. Children count too: an arrow or a note may stick out of its frame. */
export function currentPageBoxes(editor: Editor): Box[] {
  const boxes: Box[] = []
  for (const shape of editor.getCurrentPageShapes()) {
    const b = editor.getShapePageBounds(shape)
    if (b) boxes.push({ x: b.x, y: b.y, w: b.w, h: b.h })
  }
  return boxes
}

/** How long the camera glides to a new template; tldraw skips the animation for people who prefer reduced motion. */
const CAMERA_ANIMATION_MS = 400

/**
 * Inserts template `id` on the current page beside what is there and moves the camera to
 * it. The records go into the store as they were built (the same records the server seeds
 * a board with), in one `editor.run`: one undo step, and one store change, which the Yjs
 * binding writes as one transaction, so peers never see half a template.
 */
export function insertTemplate(editor: Editor, id: string, lang: BoardLang, opts: { animate?: boolean } = {}): TemplatePlacement {
  const pageId = editor.getCurrentPageId()
  const placement = planTemplateInsert(id, lang, { pageId, existing: currentPageBoxes(editor), index: editor.getHighestIndexForParent(pageId) })
  editor.run(() => {
    editor.store.put(placement.records)
    editor.selectNone()
  })
  editor.zoomToBounds(placement.bounds, {
    targetZoom: 1,
    ...(opts.animate === false ? {} : { animation: { duration: CAMERA_ANIMATION_MS } }),
  })
  return placement
}
