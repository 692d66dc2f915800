import * as Y from 'yjs'
import { DOC_RECORDS } from '@whiteboard/shared'
import { isRootName, type BoardRoots, type MapRoot, type RootName } from './boardRoots'
import { StructLookup, type DecodedStruct, type DecodedUpdate } from './structLookup'
import { UNUSED_CONTENT_REASON } from './UnusedContentError'

export type { DecodedUpdate } from './structLookup'

/** A `{ key, val }` entry an update would insert into the records array. */
export interface InsertedRecord {
  key: string
  val: unknown
  /** Yjs client id of the item that carries it. */
  client: number
}

/** A value an update would set in one of the board's maps. */
export interface MapWrite {
  root: MapRoot
  key: string
  val: unknown
  client: number
}

/** A records-array entry that is live now and that the update would delete. */
export interface DeletedRecord {
  key: string
  val: unknown
  /** The item holding the entry and its index in the item; null for an entry not applied yet. */
  item: Y.Item | null
  offset: number
}

export interface DeletedMapEntry {
  root: MapRoot
  key: string
}

/**
 * What an update would do to a board, read from the decoded update and the room's doc
 * without applying anything.
 *
 * - `changes`: false when applying it would change nothing (a resync echo, a viewer's step 2).
 * - `invalid`: a reason when its structure is outside the board layout: unknown root types,
 *   nested types, content other than JSON values, keys missing where the layout needs them.
 * - `unresolved`: some of it depends on items the server has not got, so where it would land
 *   is unknown. The connection then asks the client for a resync instead of guessing.
 * - the inserted records, map writes and deletions, for the guards to judge by effect.
 */
export interface UpdateEffect {
  changes: boolean
  invalid: string | undefined
  unresolved: boolean
  records: InsertedRecord[]
  mapWrites: MapWrite[]
  deletedRecords: DeletedRecord[]
  deletedMapEntries: DeletedMapEntry[]
}

/** Where an item lives: a root type and, in maps, its key. */
export type Place =
  | { root: RootName; sub: string | null }
  /** Under a type that is not a root: nested types are not part of the board layout. */
  | 'nested'
  /** Under a root type name that is not part of the layout. */
  | 'unknown-root'
  /** Its left and right neighbours are in different places; no honest client makes that. */
  | 'conflict'
  /** Next to a garbage-collected struct: Yjs discards it on integration. */
  | 'discarded'
  /** Depends on an item the server does not have. */
  | 'unresolved'

/** Items earlier updates of the same connection carry that the room has accepted but not applied yet. */
export interface PendingStructs {
  find(client: number, clock: number): DecodedStruct | undefined
  /**
   * Where their items lie, as found by earlier inspections, kept while the items are pending:
   * found again for each update, a 402-byte update building on the end of a chain of 100,000
   * pending items took 90 ms.
   */
  readonly places?: WeakMap<DecodedStruct, Place>
}

const NO_PENDING: PendingStructs = { find: () => undefined }

/** Longest origin chain followed inside updates; longer ones count as unresolved. */
const MAX_ORIGIN_CHAIN = 100_000

/** Nesting of items whose both neighbours are inside the updates; honest clients append, so this stays shallow. */
const MAX_SPLIT_DEPTH = 64

/**
 * Decodes nothing itself: `decoded` is `Y.decodeUpdate(update)`, done once by the connection.
 * `pending` finds structs of the same connection's accepted but unapplied updates: a client's
 * next update often builds on its previous one within one event-loop turn.
 */
export function inspectUpdate(roots: BoardRoots, decoded: DecodedUpdate, pending: PendingStructs = NO_PENDING): UpdateEffect {
  const store = roots.doc.store
  const effect: UpdateEffect = { changes: false, invalid: undefined, unresolved: false, records: [], mapWrites: [], deletedRecords: [], deletedMapEntries: [] }
  const own = new StructLookup(() => [decoded])
  // A plain Map when nothing is pending (most updates): cheaper than a WeakMap on this hot path.
  const places: Map<DecodedStruct, Place> | WeakMap<DecodedStruct, Place> = pending.places ?? new Map<DecodedStruct, Place>()

  /** The place of an id outside these updates, or the struct of these updates that holds it. */
  const locate = (id: Y.ID): Place | DecodedStruct => {
    if (id.clock < Y.getState(store, id.client)) {
      const struct = Y.getItem(store, id)
      if (!(struct instanceof Y.Item)) return 'discarded'
      const root = roots.nameOf(struct.parent)
      return root ? { root, sub: struct.parentSub } : 'nested'
    }
    return own.find(id.client, id.clock) ?? pending.find(id.client, id.clock) ?? 'unresolved'
  }

  // Follows origins iteratively, so a long chain of items in one update cannot overflow the
  // stack; only an item with both neighbours inside the updates recurses, to a bounded depth.
  const placeOf = (start: DecodedStruct, depth = 0): Place => {
    const chain: DecodedStruct[] = []
    const seen = new Set<DecodedStruct>()
    let current = start
    let place: Place
    for (;;) {
      const known = places.get(current)
      if (known) {
        place = known
        break
      }
      if (seen.has(current) || chain.length > MAX_ORIGIN_CHAIN || depth > MAX_SPLIT_DEPTH) {
        place = 'unresolved'
        break
      }
      seen.add(current)
      chain.push(current)
      if (!(current instanceof Y.Item)) {
        place = current instanceof Y.GC ? 'discarded' : 'unresolved'
        break
      }
      const parent: unknown = current.parent
      if (typeof parent === 'string') {
        place = isRootName(parent) ? { root: parent, sub: current.parentSub } : 'unknown-root'
        break
      }
      if (parent !== null) {
        place = 'nested'
        break
      }
      const left = current.origin ? locate(current.origin) : null
      const right = current.rightOrigin ? locate(current.rightOrigin) : null
      const leftStruct = isStruct(left) ? left : null
      const rightStruct = isStruct(right) ? right : null
      if (leftStruct && rightStruct) {
        place = combine(placeOf(leftStruct, depth + 1), placeOf(rightStruct, depth + 1))
        break
      }
      const next = leftStruct ?? rightStruct
      const other = leftStruct ? right : left
      if (!next) {
        place = left === null ? (right === null ? 'unresolved' : (right as Place)) : right === null ? (left as Place) : combine(left as Place, right as Place)
        break
      }
      if (other !== null) {
        place = combine(placeOf(next, depth + 1), other as Place)
        break
      }
      current = next
    }
    for (const struct of chain) places.set(struct, place)
    return place
  }

  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue
    const state = Y.getState(store, struct.id.client)
    // Entirely known: Yjs skips it on apply.
    if (struct.id.clock + struct.length <= state) continue
    effect.changes = true
    // Past a gap in its client's clocks, Yjs keeps a struct pending until the gap is filled, and
    // it would be committed and passed on as it is: every client then holds it pending too, and
    // relays it in its sync step 2, where it reads as that client's own writing (a participant
    // relaying a facilitator's title change, refused). The sender is asked for what it builds on.
    if (struct.id.clock > state && !own.find(struct.id.client, struct.id.clock - 1) && !pending.find(struct.id.client, struct.id.clock - 1)) {
      effect.unresolved = true
      continue
    }
    if (!(struct instanceof Y.Item)) continue
    const content = struct.content
    if (content instanceof Y.ContentDeleted) {
      if (typeof struct.parent === 'string' && !isRootName(struct.parent)) return invalid(effect, 'The change writes outside the board layout')
      continue
    }
    if (!(content instanceof Y.ContentAny)) return invalid(effect, UNUSED_CONTENT_REASON)
    const place = placeOf(struct)
    if (place === 'discarded') continue
    if (place === 'unresolved') {
      effect.unresolved = true
      continue
    }
    if (place === 'unknown-root') return invalid(effect, 'The change writes outside the board layout')
    if (place === 'nested') return invalid(effect, 'The change nests data the board does not use')
    if (place === 'conflict') return invalid(effect, 'The change is not consistent')
    if (place.root === DOC_RECORDS) {
      if (place.sub !== null) return invalid(effect, 'The change writes outside the board layout')
      // Of a struct the server partly has, only the rest is new.
      for (let i = Math.max(0, state - struct.id.clock); i < content.arr.length; i++) {
        const entry = asRecordEntry(content.arr[i])
        if (!entry) return invalid(effect, 'The change holds a malformed board entry')
        effect.records.push({ key: entry.key, val: entry.val, client: struct.id.client })
      }
    } else {
      if (place.sub === null || content.arr.length !== 1) return invalid(effect, 'The change holds a malformed board setting')
      effect.mapWrites.push({ root: place.root, key: place.sub, val: content.arr[0], client: struct.id.client })
    }
  }

  if (!deletionsInOrder(decoded.ds)) return invalid(effect, 'The change lists its deletions out of order')
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = store.clients.get(client)
    const state = Y.getState(store, client)
    for (const { clock, len } of ranges) {
      if (len <= 0) continue
      const end = clock + len
      if (structs && clock < state) {
        for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
          const struct = structs[i]!
          if (struct.id.clock >= end) break
          if (struct.deleted) continue
          effect.changes = true
          if (!(struct instanceof Y.Item)) continue
          const root = roots.nameOf(struct.parent)
          if (root === undefined) continue
          const from = Math.max(clock, struct.id.clock) - struct.id.clock
          const to = Math.min(end, struct.id.clock + struct.length) - struct.id.clock
          noteDeletion(effect, root, struct, struct.content, struct.parentSub, from, to)
        }
      }
      if (end > state) {
        // Deleting what the server has not applied yet: items of this update, of the
        // connection's pending updates, or unknown ones, which would stay pending deletions.
        effect.changes = true
        let at = Math.max(clock, state)
        while (at < end) {
          const inUpdate = own.find(client, at)
          const found = inUpdate ?? pending.find(client, at)
          if (!found) {
            effect.unresolved = true
            break
          }
          if (!inUpdate && found instanceof Y.Item && !(found.content instanceof Y.ContentDeleted)) {
            const place = placeOf(found)
            if (typeof place !== 'object') effect.unresolved = true
            else {
              const from = at - found.id.clock
              const to = Math.min(end, found.id.clock + found.length) - found.id.clock
              noteDeletion(effect, place.root, null, found.content, place.sub, from, to)
            }
          }
          at = found.id.clock + found.length
        }
      }
    }
  }
  return effect
}

/**
 * Whether each client's deleted ranges come in clock order without overlapping, as Yjs writes
 * them (it sorts and merges a delete set before encoding it). Yjs does not check this when it
 * decodes, and every range is walked over the structs it covers: one range listed again and
 * again made a 15 kB update block the event loop for 1.7 s, and one of 240 kB ran the server out
 * of memory. A client listed twice is read into one list, so this covers that too.
 */
function deletionsInOrder(ds: DecodedUpdate['ds']): boolean {
  for (const ranges of ds.clients.values()) {
    let next = 0
    for (const { clock, len } of ranges) {
      if (clock < next) return false
      next = clock + len
    }
  }
  return true
}

function isStruct(value: Place | DecodedStruct | null): value is DecodedStruct {
  return value !== null && typeof value === 'object' && !('root' in value)
}

function combine(a: Place, b: Place): Place {
  if (a === 'discarded' || b === 'discarded') return 'discarded'
  if (a === 'unresolved' || b === 'unresolved') return 'unresolved'
  if (typeof a !== 'object') return a
  if (typeof b !== 'object') return b
  return a.root === b.root && a.sub === b.sub ? a : 'conflict'
}

function noteDeletion(effect: UpdateEffect, root: RootName, item: Y.Item | null, content: Y.Item['content'], sub: string | null, from: number, to: number): void {
  if (root === DOC_RECORDS) {
    if (!(content instanceof Y.ContentAny)) return
    for (let i = from; i < to; i++) {
      const entry = asRecordEntry(content.arr[i])
      if (entry) effect.deletedRecords.push({ key: entry.key, val: entry.val, item, offset: i })
    }
  } else if (sub !== null) {
    effect.deletedMapEntries.push({ root, key: sub })
  }
}

/** Refused: counts as a change, so the sender hears why. */
function invalid(effect: UpdateEffect, reason: string): UpdateEffect {
  effect.changes = true
  effect.invalid = reason
  return effect
}

/** A YKeyValue entry is exactly `{ key, val }` with a string key. */
function asRecordEntry(value: unknown): { key: string; val: unknown } | undefined {
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return undefined
  const entry = value as { key?: unknown; val?: unknown }
  if (typeof entry.key !== 'string') return undefined
  let keys = 0
  for (const key in entry) {
    if (!Object.hasOwn(entry, key) || (key !== 'key' && key !== 'val')) return undefined
    keys++
  }
  return keys === 2 ? { key: entry.key, val: entry.val } : undefined
}
