import * as Y from 'yjs'
import { canFacilitate, CloseCode, facilitationMap, recordsArray, type RecordEntry } from '@whiteboard/shared'
import { isFrozen } from '@whiteboard/shared/facilitation/boardFreeze'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { rightmost, type LiveEntry } from './ScaffoldingIndex'
import type { GuardVerdict, UpdateGuard } from './updateGuard'
import { jsonEqual } from './jsonEqual'

export const FROZEN_REASON = 'The facilitator has frozen the board; nothing can be changed until it is unfrozen'

/**
 * `user:` records are tldraw's attribution entries (an id and a colour, no content): tldraw
 * writes one when a person first opens a board, so a participant who joins a frozen board
 * must be able to.
 */
const UNFROZEN_KEY_PREFIX = 'user:'

const OK: GuardVerdict = { ok: true }

/**
 * While a facilitator has frozen the board (`FacilitationKey.FREEZE`), a participant's update
 * may not change what the records array shows: no record inserted with a value other than
 * the one shown now, no shown entry deleted. Judged by effect, like the scaffolding rule, so
 * YKeyValue's housekeeping (deleting a superseded duplicate whose key keeps a newer live
 * entry) passes, as do votes and presence. Facilitators are not bound by a freeze.
 */
export const frozenBoardGuard: UpdateGuard = (_update, { role, effect, doc }) => {
  if (canFacilitate(role)) return OK
  if (effect.records.length === 0 && effect.deletedRecords.length === 0) return OK
  if (!isFrozen(facilitationMap(doc).get(FacilitationKey.FREEZE))) return OK
  const keys = new Set<string>()
  for (const { key } of effect.records) if (!key.startsWith(UNFROZEN_KEY_PREFIX)) keys.add(key)
  for (const { key } of effect.deletedRecords) if (!key.startsWith(UNFROZEN_KEY_PREFIX)) keys.add(key)
  if (keys.size === 0) return OK
  const live = liveEntriesOf(recordsArray(doc), keys)
  for (const { key, val } of effect.records) {
    if (!keys.has(key)) continue
    const shown = rightmost(live.get(key) ?? [])
    if (!shown || !jsonEqual(val, shown.val)) return frozen()
  }
  for (const deleted of effect.deletedRecords) {
    if (!keys.has(deleted.key)) continue
    // An entry of an update not applied yet: a change of the same sender's own, made while frozen.
    if (!deleted.item) return frozen()
    const shown = rightmost(live.get(deleted.key) ?? [])
    if (!shown || shown.item !== deleted.item || shown.offset !== deleted.offset) continue
    // Only writing the very same value again keeps what is shown.
    if (!effect.records.some((r) => r.key === deleted.key && jsonEqual(r.val, shown.val))) return frozen()
  }
  return OK
}

function frozen(): GuardVerdict {
  return { ok: false, code: CloseCode.BOARD_FROZEN, reason: FROZEN_REASON }
}

/**
 * The live entries of `keys` in the records array, by one walk over its items. Only a
 * participant's update while the board is frozen needs it, and honest clients then send only
 * housekeeping, so the walk is rare.
 */
function liveEntriesOf(records: Y.Array<RecordEntry>, keys: ReadonlySet<string>): Map<string, LiveEntry[]> {
  const found = new Map<string, LiveEntry[]>()
  for (let item = records._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
    const arr = item.content.arr as RecordEntry[]
    for (let i = 0; i < arr.length; i++) {
      const entry = arr[i]!
      if (!keys.has(entry.key)) continue
      let list = found.get(entry.key)
      if (!list) found.set(entry.key, (list = []))
      list.push({ item, offset: i, val: entry.val })
    }
  }
  return found
}
