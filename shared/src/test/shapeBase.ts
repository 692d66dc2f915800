/** What every shape record of the test fixtures shares: unrotated, unlocked, opaque, without meta. */
export function shapeBase(opts: { id: string; x: number; y: number; parentId: string; index: string }) {
  return {
    id: opts.id,
    typeName: 'shape' as const,
    x: opts.x,
    y: opts.y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    parentId: opts.parentId,
    index: opts.index,
  }
}
