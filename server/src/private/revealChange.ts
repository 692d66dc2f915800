import type * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { facilitationMap, recordsArray } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parsePrivateModeState, type PrivateModeState } from '@whiteboard/shared/facilitation/privateModeState'
import { latestRecords } from '../gatherings/latestRecords'

/**
 * Puts every private item into the board as one change (run through `Room.applyServerChange`,
 * so it is committed before anyone sees it, and is one step in the board's history): each record
 * keeps its id and its author's position. A shape whose parent (a frame) is gone from the board
 * goes onto the board's first page instead of pointing at nothing. Private mode, if on, ends in
 * the same change: the reveal is the end of the silent round.
 *
 * `items`: the records of each person's private doc. Returns the number of records put in.
 */
export function revealChange(doc: Y.Doc, items: ReadonlyMap<string, unknown>, now: number): number {
  let revealed = 0
  doc.transact(() => {
    const board = latestRecords(doc)
    const firstPage = firstPageId(board)
    const kv = new YKeyValue<unknown>(recordsArray(doc))
    for (const [key, value] of items) {
      kv.set(key, reparented(value, board, items, firstPage))
      revealed++
    }
    kv.destroy()
    const state = facilitationMap(doc)
    if (parsePrivateModeState(state.get(FacilitationKey.PRIVATE_MODE))?.on) {
      const off: PrivateModeState = { on: false, since: now }
      state.set(FacilitationKey.PRIVATE_MODE, off)
    }
  })
  return revealed
}

function reparented(value: unknown, board: ReadonlyMap<string, unknown>, items: ReadonlyMap<string, unknown>, firstPage: string | undefined): unknown {
  if (value === null || typeof value !== 'object') return value
  const record = value as { typeName?: unknown; parentId?: unknown }
  if (record.typeName !== 'shape' || typeof record.parentId !== 'string' || firstPage === undefined) return value
  if (board.has(record.parentId) || items.has(record.parentId)) return value
  return { ...record, parentId: firstPage }
}

/** The page tldraw lists first (lowest fractional index), where a reparented shape lands. */
function firstPageId(records: ReadonlyMap<string, unknown>): string | undefined {
  let first: { id: string; index: string } | undefined
  for (const [id, value] of records) {
    const page = value as { typeName?: unknown; index?: unknown } | null
    if (page?.typeName !== 'page' || typeof page.index !== 'string') continue
    if (!first || page.index < first.index) first = { id, index: page.index }
  }
  return first?.id
}
