import type { TLFrameShape } from '@tldraw/tlschema'
import { shapeBase } from './shapeBase'

/** A schema-valid tldraw frame, for tests that look for frames among a board's shapes. */
export function frameRecord(opts: { id: string; index: string; parentId?: string; x?: number; y?: number; name?: string }): TLFrameShape {
  return {
    ...shapeBase({ id: opts.id, x: opts.x ?? 0, y: opts.y ?? 0, parentId: opts.parentId ?? 'page:page', index: opts.index }),
    type: 'frame',
    props: { w: 400, h: 300, name: opts.name ?? '', color: 'black' },
  } as unknown as TLFrameShape
}
