import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ValuePool } from './ValuePool'

function decodedCopy(value: unknown): unknown {
  const source = new Y.Doc()
  source.getArray('a').push([value])
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
  return doc.getArray('a').get(0)
}

describe('ValuePool', () => {
  it('copies values exactly, undefined and binary values included', () => {
    const pool = new ValuePool()
    const value = { id: 'shape:a', props: { color: 'black', w: 1.5, richText: { type: 'doc', content: [{ type: 'paragraph' }] } }, gone: undefined, bytes: new Uint8Array([1, 2]), list: ['black', null, true] }
    const a = pool.compact(decodedCopy(value)) as typeof value
    const b = pool.compact(decodedCopy(value)) as typeof value
    expect(a).toEqual(value)
    expect(Object.keys(a)).toEqual(Object.keys(value))
    expect('gone' in a).toBe(true)
    expect(a.bytes).toBeInstanceOf(Uint8Array)
    expect(a).not.toBe(b)
  })

  it('leaves what the doc encodes unchanged, and compacts only what a transaction added', () => {
    const pool = new ValuePool()
    const source = new Y.Doc()
    source.getArray('tldraw').push([{ key: 'shape:a', val: { x: 1, meta: {} } }])
    source.getMap('meta').set('title', 'Tavle')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
    const before = Y.encodeStateAsUpdate(doc)
    const first = doc.getArray('tldraw').get(0)
    pool.compactDoc(doc)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
    const compacted = doc.getArray('tldraw').get(0)
    expect(compacted).not.toBe(first)
    expect(compacted).toEqual(first)

    let added: unknown
    doc.on('afterTransaction', (tr: Y.Transaction) => pool.compactTransaction(tr))
    const more = new Y.Doc()
    Y.applyUpdate(more, Y.encodeStateAsUpdate(doc))
    more.getArray('tldraw').push([{ key: 'shape:b', val: { x: 2 } }])
    doc.getArray('tldraw').observe(() => (added = doc.getArray('tldraw').get(1)))
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(more, Y.encodeStateVector(doc)))
    expect(doc.getArray('tldraw').get(0)).toBe(compacted)
    expect(doc.getArray('tldraw').get(1)).not.toBe(added)
    expect(doc.getArray('tldraw').get(1)).toEqual({ key: 'shape:b', val: { x: 2 } })
    expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(more))
  })

  it('shares small word-only values across boards, frozen, and nothing with numbers, undefined or binary', () => {
    const pool = new ValuePool()
    const record = () => ({ meta: {}, props: { w: 1, richText: { type: 'doc', content: [{ type: 'paragraph' }] }, at: { x: 0 }, gone: { a: undefined }, bytes: { b: new Uint8Array([1]) } } })
    const a = pool.compact(decodedCopy(record())) as ReturnType<typeof record>
    const b = pool.compact(decodedCopy(record())) as ReturnType<typeof record>
    expect(a).toEqual(record())
    expect(a.meta).toBe(b.meta)
    expect(a.props.richText).toBe(b.props.richText)
    expect(Object.isFrozen(a.props.richText.content[0])).toBe(true)
    expect(a.props).not.toBe(b.props)
    expect(a.props.at).not.toBe(b.props.at)
    expect(a.props.gone).not.toBe(b.props.gone)
    expect('a' in a.props.gone).toBe(true)
    expect(a.props.bytes).not.toBe(b.props.bytes)
    // Key order is part of what the doc encodes: the same words in another order are another value.
    const ab = pool.compact(decodedCopy({ a: 'x', b: 'y' }))
    const ba = pool.compact(decodedCopy({ b: 'y', a: 'x' }))
    expect(Object.keys(ba as object)).toEqual(['b', 'a'])
    expect(ab).not.toBe(ba)
  })

  it('copies objects whose keys are not plain names, "__proto__" included, as they are', () => {
    const pool = new ValuePool()
    const value = JSON.parse('{"__proto__": {"x": 1}, "a b": 1, "\\u2028": 2, "0": 3, "}) + (": 4, "n": 5}') as Record<string, unknown>
    // Yjs decodes "__proto__" as the prototype; an own property of that name can still reach the pool.
    const copy = pool.compact(value) as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.keys(copy)).toEqual(Object.keys(value))
    expect(copy).toEqual(value)
    const twice = pool.compact(decodedCopy({ 'a b': 1, '}) + (': 2, n: 3 })) as Record<string, unknown>
    expect(twice).toEqual({ 'a b': 1, '}) + (': 2, n: 3 })
  })
})
