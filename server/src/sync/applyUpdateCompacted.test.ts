import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'
import { applyUpdateCompacted, decodeUpdateCompacted } from './applyUpdateCompacted'
import { UnusedContentError } from './UnusedContentError'
import { ValuePool } from './ValuePool'

/** An update with `count` rectangles pushed into the records array and a title, as a client writes them. */
function boardUpdate(count: number): Uint8Array {
  const doc = new Y.Doc()
  const records = doc.getArray('tldraw')
  for (let i = 0; i < count; i++) records.push([{ key: `shape:r${i}`, val: rectangleRecord({ id: `shape:r${i}`, x: i * 20, label: i % 2 ? 'Blåbær' : '' }) }])
  doc.getMap('meta').set('title', 'Tavle')
  records.delete(1, 1)
  return Y.encodeStateAsUpdate(doc)
}

/** A doc with the roots `boardUpdate` writes, typed before anything is applied (as BoardRoots does). */
function boardDoc(): Y.Doc {
  const doc = new Y.Doc()
  doc.getArray('tldraw')
  doc.getMap('meta')
  return doc
}

/** The values of the records array's items, in doc order. */
function recordValues(doc: Y.Doc): unknown[] {
  return doc.getArray('tldraw').toArray()
}

/** The ContentAny values a decoded update carries, in order. */
function decodedValues(decoded: { structs: Array<Y.Item | Y.GC | Y.Skip> }): unknown[] {
  return decoded.structs.flatMap((s) => (s instanceof Y.Item && s.content instanceof Y.ContentAny ? (s.content.arr as unknown[]) : []))
}

describe('decodeUpdateCompacted and applyUpdateCompacted: an accepted update is read once', () => {
  it('decodes what Y.decodeUpdate decodes, and notes each value with where it lies', () => {
    const update = boardUpdate(5)
    const decoded = decodeUpdateCompacted(update, new ValuePool())
    const plain = Y.decodeUpdate(update)
    expect(decoded.structs.map((s) => [s.constructor, s.id.client, s.id.clock, s.length])).toEqual(plain.structs.map((s) => [s.constructor, s.id.client, s.id.clock, s.length]))
    expect(decodedValues(decoded)).toStrictEqual(decodedValues(plain))
    expect(decoded.ds).toEqual(plain.ds)
    expect(decoded.values!.update).toBe(update)
    expect(decoded.values!.values).toEqual(decodedValues(plain))
    const { starts, ends } = decoded.values!
    for (let i = 0; i < starts.length; i++) expect(starts[i]! < ends[i]! && (i === 0 || ends[i - 1]! <= starts[i]!)).toBe(true)
  })

  it('applies the very values the decode read, building the doc Y.applyUpdate builds', () => {
    const update = boardUpdate(5)
    const pool = new ValuePool()
    const decoded = decodeUpdateCompacted(update, pool)
    const doc = boardDoc()
    applyUpdateCompacted(doc, update, pool, undefined, decoded.values)
    const plain = boardDoc()
    Y.applyUpdate(plain, update)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(plain))
    expect(JSON.stringify(doc.toJSON())).toBe(JSON.stringify(plain.toJSON()))
    const applied = recordValues(doc)
    expect(applied).toHaveLength(4)
    // Not equal copies: the same objects, so what the guards judged is what the doc holds.
    for (const value of applied) expect(decodedValues(decoded)).toContain(value)
  })

  it('reads the values again for any other bytes, even equal ones', () => {
    const update = boardUpdate(3)
    const pool = new ValuePool()
    const decoded = decodeUpdateCompacted(update, pool)
    const doc = boardDoc()
    applyUpdateCompacted(doc, update.slice(), pool, undefined, decoded.values)
    const plain = boardDoc()
    Y.applyUpdate(plain, update)
    const applied = recordValues(doc)
    expect(applied).toHaveLength(2)
    expect(applied).toStrictEqual(recordValues(plain))
    for (const value of applied) expect(decodedValues(decoded)).not.toContain(value)
  })

  it('stops decoding for inspection at the first item the board never holds; applying reads every kind, as Yjs does', () => {
    const writes: Array<(doc: Y.Doc) => void> = [
      (doc) => doc.getText('notes').insert(0, 'tekst'),
      (doc) => doc.getArray('tldraw').push([new Y.Map()]),
      (doc) => doc.getArray('tldraw').push([new Y.Doc()]),
      (doc) => doc.getMap('meta').set('picture', new Uint8Array([1, 2])),
    ]
    for (const write of writes) {
      const doc = new Y.Doc()
      write(doc)
      const update = Y.encodeStateAsUpdate(doc)
      expect(() => decodeUpdateCompacted(update, new ValuePool())).toThrow(UnusedContentError)
      const applied = new Y.Doc()
      applyUpdateCompacted(applied, update, new ValuePool())
      expect(Y.encodeStateAsUpdate(applied)).toEqual(update)
    }
  })
})
