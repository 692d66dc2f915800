import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { StructLookup, type DecodedUpdate } from './structLookup'

/** An update of client 1 inserting `count` items into an array after what it holds (Yjs merges them into one struct). */
function itemsOf(doc: Y.Doc, count: number): DecodedUpdate {
  const before = Y.encodeStateVector(doc)
  for (let i = 0; i < count; i++) doc.getArray('a').push([i])
  return Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before))
}

/** The clock of the struct found for `clock`, which must hold it. */
function holder(lookup: StructLookup, clock: number): number | undefined {
  const struct = lookup.find(1, clock)
  if (struct) expect(clock - struct.id.clock).toBeLessThan(struct.length)
  return struct?.id.clock
}

describe('StructLookup', () => {
  it('finds the structs of updates added after it was built, also when they come out of clock order', () => {
    const doc = new Y.Doc()
    doc.clientID = 1
    const [first, second, third] = [itemsOf(doc, 2), itemsOf(doc, 2), itemsOf(doc, 2)]
    const updates: DecodedUpdate[] = [second]
    const lookup = new StructLookup(() => updates)
    expect(holder(lookup, 3)).toBe(2)
    expect(lookup.find(1, 0)).toBeUndefined()
    updates.push(first, third)
    // Not yet told: the index is as it was.
    expect(lookup.find(1, 0)).toBeUndefined()
    lookup.grew()
    for (let clock = 0; clock < 6; clock++) expect(holder(lookup, clock)).toBe(clock - (clock % 2))
    updates.splice(0, 2)
    lookup.reset()
    expect(lookup.find(1, 2)).toBeUndefined()
    expect(holder(lookup, 5)).toBe(4)
  })
})
