import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { asksAsNewcomer } from './NewcomerAnswer'

describe('asksAsNewcomer', () => {
  it('takes an empty state vector, or one naming only clients the doc has never seen, as a newcomer; any other as a peer with something', () => {
    const doc = new Y.Doc()
    doc.getArray('records').push([1, 2])
    const known = doc.clientID
    const vector = (entries: Array<[number, number]>) => Y.encodeStateVector(new Map(entries))
    expect(asksAsNewcomer(doc, new Uint8Array([0]))).toBe(true)
    expect(asksAsNewcomer(doc, vector([[known + 1, 5]]))).toBe(true)
    expect(asksAsNewcomer(doc, vector([[known, 0], [known + 1, 5]]))).toBe(true)
    expect(asksAsNewcomer(doc, vector([[known, 1]]))).toBe(false)
    expect(asksAsNewcomer(doc, vector([[known + 1, 5], [known, 2]]))).toBe(false)
    // What the newcomers' answer holds is what the diff for such a vector holds.
    expect(Y.encodeStateAsUpdate(doc, vector([[known + 1, 5]]))).toEqual(Y.encodeStateAsUpdate(doc))
  })
})
