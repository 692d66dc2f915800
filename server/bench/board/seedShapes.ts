import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { getIndices } from '@tldraw/utils'
import type { TLParentId } from '@tldraw/tlschema'
import { recordsArray } from '@whiteboard/shared/board/docLayout'
import { DEFAULT_PAGE_ID, geoShape } from './geoShape'

const COLUMNS = 50

/**
 * Writes `count` rectangles in a grid and returns their ids. Each transaction (one update on
 * the wire) holds at most `perUpdate` shapes, as a paste of a big selection would.
 */
export function writeShapes(doc: Y.Doc, count: number, opts: { parentId: TLParentId; prefix?: string; perUpdate?: number }): string[] {
  const kv = new YKeyValue(recordsArray(doc))
  const indices = getIndices(count)
  const perUpdate = opts.perUpdate ?? count
  const ids: string[] = []
  for (let start = 0; start < count; start += perUpdate) {
    doc.transact(() => {
      for (let i = start; i < Math.min(count, start + perUpdate); i++) {
        const id = `shape:${opts.prefix ?? 'seed'}${i}`
        ids.push(id)
        kv.set(id, geoShape({ id, x: (i % COLUMNS) * 150, y: Math.floor(i / COLUMNS) * 100, index: indices[i + 1]!, parentId: opts.parentId }))
      }
    })
  }
  return ids
}

/**
 * One update that adds `count` shapes to the page every new board starts with. Applied to many
 * boards it gives each the same content at the cost of encoding it once, which keeps the client
 * side of the capacity benchmark small; the server decodes and holds each copy on its own.
 */
export function shapesUpdate(count: number): Uint8Array {
  const doc = new Y.Doc()
  writeShapes(doc, count, { parentId: DEFAULT_PAGE_ID })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}
