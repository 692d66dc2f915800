import type { TLRecord, TLShape, TLShapeId } from 'tldraw'

/**
 * `puts` without the arrow bindings that would bind an arrow to an arrow (itself included), as
 * `current` and `puts` have the shapes. tldraw never makes one; two arrows bound to each other
 * left every browser that opened the board on tldraw's error screen, and the record checks,
 * which see one record at a time, cannot tell what a binding points at.
 */
export function withoutArrowToArrow(puts: readonly TLRecord[], current: (id: TLShapeId) => TLRecord | undefined): { kept: TLRecord[]; refused: TLRecord[] } {
  const incoming = new Map<string, TLShape>()
  for (const record of puts) if (record.typeName === 'shape') incoming.set(record.id, record)
  const isArrow = (id: TLShapeId) => {
    const shape = incoming.get(id) ?? current(id)
    return shape?.typeName === 'shape' && shape.type === 'arrow'
  }
  const refused = puts.filter((record) => record.typeName === 'binding' && record.type === 'arrow' && isArrow(record.toId))
  if (refused.length === 0) return { kept: [...puts], refused }
  const left = new Set(refused)
  return { kept: puts.filter((record) => !left.has(record)), refused }
}
