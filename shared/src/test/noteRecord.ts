import type { TLDefaultColorStyle, TLNoteShape } from '@tldraw/tlschema'
import { shapeBase } from './shapeBase'

/** tldraw's sticky note side at scale 1. */
export const NOTE_SIZE = 200

/**
 * A schema-valid tldraw sticky note whose centre is at (`cx`, `cy`) in its parent's coordinates,
 * for tests that place notes in known template cells.
 */
export function noteRecord(opts: { id: string; cx: number; cy: number; text?: string; parentId?: string; color?: TLDefaultColorStyle; index?: string }): TLNoteShape {
  const text = opts.text ?? ''
  return {
    ...shapeBase({ id: opts.id, x: opts.cx - NOTE_SIZE / 2, y: opts.cy - NOTE_SIZE / 2, parentId: opts.parentId ?? 'page:page', index: opts.index ?? 'a5' }),
    type: 'note',
    props: {
      color: opts.color ?? 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 0,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: { type: 'doc', content: [{ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] }] },
      scale: 1,
      textLastEditedBy: null,
    },
  } as unknown as TLNoteShape
}
