import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray } from '@whiteboard/shared/board/docLayout'
import type { TLGeoShape } from '@tldraw/tlschema'
import { DEFAULT_PAGE_ID } from './geoShape'
import { writeShapes } from './seedShapes'

/**
 * A board of `shapes` rectangles (as one initial update) and `count` further updates, each
 * moving one shape the way a drag step does: YKeyValue replaces the whole record.
 * Generated up front, so that timing a consumer does not time the producer.
 */
export function moveUpdates(shapes: number, count: number, perUpdate = 1): { initial: Uint8Array; moves: Uint8Array[]; bytes: number } {
  const doc = new Y.Doc()
  const ids = writeShapes(doc, shapes, { parentId: DEFAULT_PAGE_ID })
  const initial = Y.encodeStateAsUpdate(doc)
  const kv = new YKeyValue<TLGeoShape>(recordsArray(doc) as unknown as Y.Array<{ key: string; val: TLGeoShape }>)
  const moves: Uint8Array[] = []
  let bytes = 0
  doc.on('update', (update: Uint8Array) => {
    moves.push(update)
    bytes += update.byteLength
  })
  for (let i = 0; i < count; i++) {
    doc.transact(() => {
      for (let j = 0; j < perUpdate; j++) {
        const id = ids[(i * perUpdate + j) % ids.length]!
        const shape = kv.get(id)!
        kv.set(id, { ...shape, x: shape.x + 1, y: shape.y + ((i + j) % 3) - 1 })
      }
    })
  }
  doc.destroy()
  return { initial, moves, bytes }
}
