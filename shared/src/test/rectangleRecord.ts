import type { TLGeoShape } from '@tldraw/tlschema'
import { shapeBase } from './shapeBase'

/**
 * A schema-valid tldraw rectangle on a new board's page, for tests: the record guard's own
 * tests, the template insert's and the server's sync tests start from the same valid record, so a test that breaks
 * one field knows that field is the only thing wrong. An empty label leaves the text empty.
 */
export function rectangleRecord(opts: { id: string; x?: number; y?: number; parentId?: string; w?: number; h?: number; label?: string }): TLGeoShape {
  const label = opts.label ?? ''
  return {
    ...shapeBase({ id: opts.id, x: opts.x ?? 0, y: opts.y ?? 0, parentId: opts.parentId ?? 'page:page', index: 'a1' }),
    type: 'geo',
    props: {
      geo: 'rectangle',
      dash: 'draw',
      url: '',
      w: opts.w ?? 100,
      h: opts.h ?? 80,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: { type: 'doc', content: [{ type: 'paragraph', content: label ? [{ type: 'text', text: label }] : [] }] },
    },
  } as unknown as TLGeoShape
}
