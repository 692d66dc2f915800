import * as decoding from 'lib0/decoding'
import type { Awareness } from 'y-protocols/awareness'

/** `JSON.stringify(null)` as UTF-8: the state a client sends to remove a presence. */
const NULL_STATE = new Uint8Array([0x6e, 0x75, 0x6c, 0x6c])

/**
 * Whether `applyAwarenessUpdate` would change anything with this awareness update: some entry
 * carries a clock newer than the one `awareness` holds for its client, or removes a known
 * client at the same clock (the two cases y-protocols acts on).
 *
 * Why: stock y-websocket clients send back every awareness update they receive, so at N
 * clients each cursor move reaches the server N times, and all copies but the first are stale.
 * `applyAwarenessUpdate` JSON-parses every entry before it looks at the clock; reading the
 * clocks first lets the room drop the stale copies for the price of a few varints. The
 * frame's structure is still read to the end, so a truncated one still throws (and is refused
 * as malformed); the JSON of a stale entry is not parsed, as nothing would be done with it.
 */
export function awarenessHasNews(awareness: Awareness, update: Uint8Array): boolean {
  const decoder = decoding.createDecoder(update)
  const entries = decoding.readVarUint(decoder)
  let news = false
  for (let i = 0; i < entries; i++) {
    const client = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state = decoding.readVarUint8Array(decoder)
    if (news) continue
    const known = awareness.meta.get(client)?.clock ?? 0
    if (known < clock) news = true
    else if (known === clock && isNullState(state) && awareness.states.has(client)) news = true
  }
  return news
}

function isNullState(state: Uint8Array): boolean {
  return state.length === NULL_STATE.length && state.every((b, i) => b === NULL_STATE[i])
}
