import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { getIndices } from '@tldraw/utils'
import type { TLParentId } from '@tldraw/tlschema'
import { MetaKey, metaMap, recordsArray } from '@whiteboard/shared/board/docLayout'
import { currentSerializedSchema } from '@whiteboard/shared/board/recordGuard'
import { DEFAULT_PAGE_ID, geoShape } from './geoShape'

const COLUMNS = 50

/** The first page of a board, creating the document and page records if the board has none. */
export function ensurePage(doc: Y.Doc): TLParentId {
  const kv = new YKeyValue(recordsArray(doc))
  for (const [, entry] of kv.map) {
    const rec = entry.val as { typeName?: unknown; id?: unknown }
    if (rec.typeName === 'page' && typeof rec.id === 'string') return rec.id as TLParentId
  }
  doc.transact(() => {
    kv.set('document:document', { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} })
    kv.set(DEFAULT_PAGE_ID, { id: DEFAULT_PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} })
    const meta = metaMap(doc)
    if (!meta.has(MetaKey.SCHEMA)) meta.set(MetaKey.SCHEMA, currentSerializedSchema())
  })
  return DEFAULT_PAGE_ID
}

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
 * One update that creates a page and `count` shapes from nothing. Applied to many boards it
 * gives each the same content at the cost of encoding it once, which keeps the client side
 * of the capacity benchmark small; the server decodes and holds each copy on its own.
 */
export function shapesUpdate(count: number): Uint8Array {
  const doc = new Y.Doc()
  const parentId = ensurePage(doc)
  writeShapes(doc, count, { parentId })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}
