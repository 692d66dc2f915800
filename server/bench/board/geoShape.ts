import { toRichText, type TLGeoShape, type TLParentId, type TLShapeId } from '@tldraw/tlschema'
import type { IndexKey, JsonObject } from '@tldraw/utils'

/** The page every new board starts with (`INITIAL_PAGE_ID` of the server's createBoardDoc). */
export const DEFAULT_PAGE_ID = 'page:page' as TLParentId

const EMPTY_TEXT = toRichText('')

/**
 * A complete, schema-valid rectangle, as tldraw writes it when someone draws one. The
 * benchmarks write real records because our server refuses anything `@tldraw/tlschema`
 * does not accept; the anchors get the very same bytes.
 */
export function geoShape(opts: {
  id: string
  x: number
  y: number
  index: IndexKey
  parentId?: TLParentId
  meta?: JsonObject
}): TLGeoShape {
  return {
    id: opts.id as TLShapeId,
    typeName: 'shape',
    type: 'geo',
    x: opts.x,
    y: opts.y,
    rotation: 0,
    index: opts.index,
    parentId: opts.parentId ?? DEFAULT_PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: opts.meta ?? {},
    props: {
      geo: 'rectangle',
      dash: 'draw',
      url: '',
      w: 120,
      h: 80,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: 'blue',
      fill: 'semi',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: EMPTY_TEXT,
    },
  }
}
