import {
  createShapeId,
  toRichText,
  type TLArrowShape,
  type TLFrameShape,
  type TLGeoShape,
  type TLLineShape,
  type TLNoteShape,
  type TLPageId,
  type TLShape,
  type TLShapeId,
  type TLTextShape,
} from '@tldraw/tlschema'
import { getTemplate } from './catalog'
import { indexKeyAt, type IndexKey } from './indexKeyAt'
import type { TemplateShapeMeta } from './templateMeta'
import type { ArrowItem, BoxItem, LineItem, NoteItem, Size, TemplateDefinition, TemplateItem, TemplateLang, TextItem, Vec } from './types'

/**
 * Turns a template definition into tldraw document records: one frame at `origin` on the
 * page, every item a child of that frame in frame coordinates. Scaffolding is locked and
 * marked `meta.scaffolding`, so the client can refuse to unlock it for non-facilitators and
 * the facilitator's lock tool can find it; starter notes stay unlocked.
 */

export interface BuildOptions {
  pageId: TLPageId
  /** Makes ids (without the `shape:` prefix). Default: tldraw's random ids. Tests pass a counter. */
  createId?: () => string
  /**
   * Index of the frame among the page's children. Pass the page's next free top index
   * (`getIndexAbove(editor.getHighestIndexForParent(pageId))`) so the template lands above
   * existing content. Default 'a1', right for an empty page.
   */
  index?: IndexKey
  /**
   * Lock the frame too (default true). A locked frame cannot be moved or deleted by a
   * participant by accident, but tldraw then parents new notes to the page rather than to the
   * frame (BaseFrameLikeShapeUtil.canReceiveNewChildrenOfType is `!isLocked`).
   */
  lockFrame?: boolean
}

export class UnknownTemplateError extends Error {
  constructor(readonly templateId: string) {
    super(`Unknown template: ${templateId}`)
    this.name = 'UnknownTemplateError'
  }
}

/** Builds template `id`; throws UnknownTemplateError for an id not in the catalog. */
export function buildTemplate(id: string, lang: TemplateLang, origin: Vec, opts: BuildOptions): TLShape[] {
  const def = getTemplate(id)
  if (!def) throw new UnknownTemplateError(id)
  return buildTemplateFromDefinition(def, lang, origin, opts)
}

/** Size of template `id`'s frame, for placement; throws UnknownTemplateError. */
export function templateSize(id: string): Size {
  const def = getTemplate(id)
  if (!def) throw new UnknownTemplateError(id)
  return { ...def.size }
}

export function buildTemplateFromDefinition(def: TemplateDefinition, lang: TemplateLang, origin: Vec, opts: BuildOptions): TLShape[] {
  const newId = (): TLShapeId => createShapeId(opts.createId?.())
  const frameId = newId()
  const frame: TLFrameShape = {
    id: frameId,
    typeName: 'shape',
    type: 'frame',
    x: origin.x,
    y: origin.y,
    rotation: 0,
    index: opts.index ?? indexKeyAt(1),
    parentId: opts.pageId,
    isLocked: opts.lockFrame ?? true,
    opacity: 1,
    props: { w: def.size.w, h: def.size.h, name: def.name[lang], color: 'black' },
    meta: toShapeMeta({ template: def.id, role: 'frame', scaffolding: true, lang }),
  }
  const children = def.items.map((item, i) => buildItem(item, lang, { id: newId(), parentId: frameId, index: indexKeyAt(i + 1), template: def.id }))
  return [frame, ...children]
}

interface ChildContext {
  id: TLShapeId
  parentId: TLShapeId
  index: IndexKey
  template: string
}

function buildItem(item: TemplateItem, lang: TemplateLang, ctx: ChildContext): TLShape {
  switch (item.kind) {
    case 'box':
      return geoShape(item, lang, ctx)
    case 'text':
      return textShape(item, lang, ctx)
    case 'line':
      return lineShape(item, ctx)
    case 'arrow':
      return arrowShape(item, lang, ctx)
    case 'note':
      return noteShape(item, lang, ctx)
  }
}

function shapeBase(item: TemplateItem, ctx: ChildContext) {
  const scaffolding = item.role !== 'starter'
  const meta: TemplateShapeMeta = { template: ctx.template, role: item.role }
  if (scaffolding) meta.scaffolding = true
  if (item.part) meta.part = item.part
  return {
    id: ctx.id,
    typeName: 'shape' as const,
    x: item.x,
    y: item.y,
    rotation: 0,
    index: ctx.index,
    parentId: ctx.parentId,
    isLocked: scaffolding,
    opacity: 1,
    meta: toShapeMeta(meta),
  }
}

function toShapeMeta(meta: TemplateShapeMeta): TLShape['meta'] {
  // Copy only the defined keys: tldraw's meta is JSON, where `undefined` is not a value.
  const out: TLShape['meta'] = { template: meta.template, role: meta.role }
  if (meta.scaffolding) out.scaffolding = true
  if (meta.part !== undefined) out.part = meta.part
  if (meta.lang !== undefined) out.lang = meta.lang
  return out
}

function geoShape(item: BoxItem, lang: TemplateLang, ctx: ChildContext): TLGeoShape {
  return {
    ...shapeBase(item, ctx),
    type: 'geo',
    props: {
      geo: item.geo,
      dash: item.dash,
      url: '',
      w: item.w,
      h: item.h,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: item.labelColor,
      color: item.color,
      fill: item.fill,
      size: item.size,
      font: 'sans',
      align: item.align,
      verticalAlign: item.verticalAlign,
      richText: toRichText(item.label ? item.label[lang] : ''),
    },
  }
}

function textShape(item: TextItem, lang: TemplateLang, ctx: ChildContext): TLTextShape {
  return {
    ...shapeBase(item, ctx),
    type: 'text',
    props: {
      color: item.color,
      size: item.size,
      font: 'sans',
      textAlign: item.textAlign,
      w: item.w,
      richText: toRichText(item.text[lang]),
      scale: 1,
      // Fixed width so long hints wrap inside their part instead of running across the frame.
      autoSize: false,
    },
  }
}

function lineShape(item: LineItem, ctx: ChildContext): TLLineShape {
  const points: TLLineShape['props']['points'] = {}
  item.points.forEach((p, i) => {
    const key = indexKeyAt(i + 1)
    points[key] = { id: key, index: key, x: p.x, y: p.y }
  })
  return {
    ...shapeBase(item, ctx),
    type: 'line',
    props: { color: item.color, dash: item.dash, size: item.size, spline: 'line', points, scale: 1 },
  }
}

function arrowShape(item: ArrowItem, lang: TemplateLang, ctx: ChildContext): TLArrowShape {
  return {
    ...shapeBase(item, ctx),
    type: 'arrow',
    props: {
      kind: 'arc',
      labelColor: 'black',
      color: item.color,
      fill: 'none',
      dash: item.dash,
      size: item.size,
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
      font: 'sans',
      start: { ...item.start },
      end: { ...item.end },
      bend: 0,
      richText: toRichText(item.label ? item.label[lang] : ''),
      labelPosition: 0.5,
      scale: 1,
      elbowMidPoint: 0.5,
    },
  }
}

function noteShape(item: NoteItem, lang: TemplateLang, ctx: ChildContext): TLNoteShape {
  return {
    ...shapeBase(item, ctx),
    type: 'note',
    props: {
      color: item.color,
      labelColor: 'black',
      size: 'm',
      font: 'sans',
      fontSizeAdjustment: 1,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: toRichText(item.text[lang]),
      scale: 1,
      textLastEditedBy: null,
    },
  }
}
