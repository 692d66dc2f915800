import type { TLRecord, TLShape, TLShapeId } from 'tldraw'

/** Longest chain of parents followed; a longer one is taken as a cycle, as no board nests that deep. */
const MAX_PARENT_CHAIN = 64

/**
 * `puts` without the shapes that would close a cycle of parents in a store holding `current`
 * (for a put shape, its new version; for the rest, the store's). Each record passes the record
 * checks on its own, but two frames that are each other's parent made tldraw's queries call
 * themselves for good, and every browser that opened the board hung. A shape left out keeps the
 * version the store has, so the board stays as it was before the change that closed the cycle.
 */
export function withoutParentCycles(puts: readonly TLRecord[], current: (id: TLShapeId) => TLRecord | undefined): { kept: TLRecord[]; cyclic: TLShape[] } {
  const incoming = new Map<TLShapeId, TLShape>()
  for (const record of puts) if (record.typeName === 'shape') incoming.set(record.id, record)
  if (incoming.size === 0) return { kept: [...puts], cyclic: [] }
  const cyclic: TLShape[] = []
  const parentOf = (id: TLShapeId): string | undefined => {
    const shape = incoming.get(id) ?? current(id)
    return shape?.typeName === 'shape' ? shape.parentId : undefined
  }
  for (const shape of incoming.values()) {
    const seen = new Set<string>([shape.id])
    let parent: string | undefined = shape.parentId
    let closes = false
    for (let steps = 0; parent?.startsWith('shape:'); steps++) {
      if (seen.has(parent) || steps >= MAX_PARENT_CHAIN) {
        closes = true
        break
      }
      seen.add(parent)
      parent = parentOf(parent as TLShapeId)
    }
    if (!closes) continue
    cyclic.push(shape)
    incoming.delete(shape.id)
  }
  if (cyclic.length === 0) return { kept: [...puts], cyclic }
  const left = new Set(cyclic)
  return { kept: puts.filter((record) => !left.has(record as TLShape)), cyclic }
}
