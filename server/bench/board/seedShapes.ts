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
 * One update that adds `count` shapes to the page every new board starts with. Each board of
 * the capacity benchmark gets its own ids (`prefix`), as real boards have: shared ids would be
 * pooled across boards by the server and flatter its memory per board.
 */
export function shapesUpdate(count: number, prefix?: string): Uint8Array {
  const doc = new Y.Doc()
  writeShapes(doc, count, { parentId: DEFAULT_PAGE_ID, ...(prefix === undefined ? {} : { prefix }) })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}
