import { getHeapStatistics } from 'node:v8'
import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { CompactValueReader } from './CompactValueReader'
import { ValuePool } from './ValuePool'
import { applyUpdateCompacted } from './applyUpdateCompacted'

/** lib0's encoding of one value (what Yjs writes for a record or a map entry). */
function written(value: unknown): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeAny(e, value as Parameters<typeof encoding.writeAny>[1])
  return encoding.toUint8Array(e)
}

/** A value already written, put into `writtenObject` as it is. */
class Written {
  constructor(readonly bytes: Uint8Array) {}
}

/** An object with the given keys and values, written key by key as lib0 does (duplicates possible). */
function writtenObject(entries: Array<[string, unknown]>): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeUint8(e, 118)
  encoding.writeVarUint(e, entries.length)
  for (const [key, value] of entries) {
    encoding.writeVarString(e, key)
    if (value instanceof Written) encoding.writeUint8Array(e, value.bytes)
    else encoding.writeAny(e, value as Parameters<typeof encoding.writeAny>[1])
  }
  return encoding.toUint8Array(e)
}

/** What loading did before: lib0 decodes, then the pool compacts. */
function decodedThenCompacted(bytes: Uint8Array): unknown {
  return new ValuePool().compact(decoding.readAny(decoding.createDecoder(bytes)))
}

/** Reads `bytes` whole, checking that the reader stops where lib0 stops. */
function readAll(reader: CompactValueReader, bytes: Uint8Array): unknown {
  const decoder = decoding.createDecoder(bytes)
  const value = reader.read(decoder)
  expect(decoder.pos).toBe(bytes.length)
  return value
}

/** Equal, with the same keys in the same order and the same prototypes, all the way down. */
function expectSame(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected)
  if (actual !== null && typeof actual === 'object' && !(actual instanceof Uint8Array)) {
    expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(expected))
    expect(Object.keys(actual)).toEqual(Object.keys(expected as object))
    for (const key of Object.keys(actual)) expectSame((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key])
  }
}

const RECORD = {
  id: 'shape:a',
  typeName: 'shape',
  type: 'geo',
  x: 12.5,
  y: -3,
  isLocked: false,
  meta: {},
  props: { geo: 'rectangle', w: 120, color: 'black', richText: { type: 'doc', content: [{ type: 'paragraph' }] }, label: 'Blåbær og ☃' },
  parentId: 'page:page',
  opacity: 1,
}

describe('CompactValueReader', () => {
  it('reads every kind of value as lib0 decodes it and the pool compacts it', () => {
    const values: unknown[] = [
      RECORD,
      'plain',
      'æøå and ☃',
      'x'.repeat(40),
      '',
      null,
      undefined,
      true,
      false,
      0,
      -7,
      2 ** 40,
      1.5,
      Math.fround(0.25),
      123n,
      new Uint8Array([1, 2, 3]),
      [],
      {},
      ['black', null, true, { type: 'paragraph' }],
      [1, [2, [3, { deep: ['x'] }]]],
      { gone: undefined, bytes: new Uint8Array([9]), big: 1n },
      JSON.parse('{"b": 1, "10": 2, "a": 3, "2": 4}'),
      JSON.parse('{"a b": 1, "\\u2028": 2, "}) + (": 3, "constructor": 4, "ключ": "значение"}'),
    ]
    const reader = new CompactValueReader(new ValuePool())
    for (const value of values) {
      const bytes = written(value)
      expectSame(readAll(reader, bytes), decodedThenCompacted(bytes))
    }
  })

  it('takes duplicate keys as lib0 does (the last value, where the first was)', () => {
    const reader = new CompactValueReader(new ValuePool())
    for (const entries of [
      [['a', 1], ['b', 'x'], ['a', 'y']],
      [['a', 'x'], ['a', 'y']],
    ] as Array<Array<[string, unknown]>>) {
      const bytes = writtenObject(entries)
      expectSame(readAll(reader, bytes), decodedThenCompacted(bytes))
    }
  })

  it('reads an object with a "__proto__" key as lib0 does, prototype and all, so the guards see what peers read', () => {
    const reader = new CompactValueReader(new ValuePool())
    const polluted = writtenObject([['__proto__', { facilitatorLock: true }], ['n', 1]])
    const read = readAll(reader, polluted) as { facilitatorLock?: unknown }
    const lib0 = decoding.readAny(decoding.createDecoder(polluted)) as object
    expect(read).toStrictEqual(lib0)
    expect(Object.keys(read)).toEqual(['n'])
    expect(Object.getPrototypeOf(read)).toEqual({ facilitatorLock: true })
    expect(read.facilitatorLock).toBe(true)
    // Not an object: lib0's assignment leaves the prototype alone.
    const ignored = writtenObject([['__proto__', 'not an object'], ['n', 'word']])
    expect(Object.getPrototypeOf(readAll(reader, ignored))).toBe(Object.prototype)
    // Inside a record too, where the record guard refuses it by its prototype.
    const record = writtenObject([...Object.entries(RECORD).filter(([key]) => key !== 'meta'), ['meta', new Written(polluted)]])
    const entry = readAll(reader, writtenObject([['key', 'shape:a'], ['val', new Written(record)]])) as { val: { meta: object } }
    expect(Object.getPrototypeOf(entry.val.meta)).toEqual({ facilitatorLock: true })
    expect(Object.isFrozen(entry.val.meta)).toBe(false)
  })

  it('shares short strings and small word-only values with the pool, frozen, and nothing with numbers', () => {
    const pool = new ValuePool()
    const reader = new CompactValueReader(pool)
    const a = readAll(reader, written(RECORD)) as typeof RECORD
    const b = readAll(reader, written(RECORD)) as typeof RECORD
    const compacted = pool.compact(structuredClone(RECORD)) as typeof RECORD
    expect(a.meta).toBe(b.meta)
    expect(a.meta).toBe(compacted.meta)
    expect(a.props.richText).toBe(b.props.richText)
    expect(a.props.richText).toBe(compacted.props.richText)
    expect(Object.isFrozen(a.props.richText.content[0])).toBe(true)
    expect(a.props).not.toBe(b.props)
    expect(a).not.toBe(b)
    expect(Object.isFrozen(a)).toBe(false)
    // Another value of the same keys is not taken for the last one.
    const other = readAll(reader, written({ type: 'doc', content: [{ type: 'heading' }] }))
    expect(other).toEqual({ type: 'doc', content: [{ type: 'heading' }] })
    // Key order is part of the value: the same words in another order are another one.
    const ab = readAll(reader, written({ a: 'x', b: 'y' }))
    const ba = readAll(reader, written({ b: 'y', a: 'x' }))
    expect(Object.keys(ba as object)).toEqual(['b', 'a'])
    expect(ab).not.toBe(ba)
  })

  it('refuses what lib0 refuses: a value cut short, an unknown type, text that is not UTF-8', () => {
    const reader = new CompactValueReader(new ValuePool())
    const whole = written(RECORD)
    for (const bad of [whole.subarray(0, whole.length - 3), new Uint8Array([99]), new Uint8Array([119, 2, 0xc3, 0x28])]) {
      expect(() => void decoding.readAny(decoding.createDecoder(bad))).toThrow()
      expect(() => void reader.read(decoding.createDecoder(bad))).toThrow()
    }
  })

  it('keeps no more of a crafted key set than of a record: one object of 20,000 keys leaves no square of them behind', () => {
    const reader = new CompactValueReader(new ValuePool())
    const entries = Array.from({ length: 20_000 }, (_, i): [string, unknown] => [`k${i}`, true])
    const heapBefore = getHeapStatistics().used_heap_size
    const value = readAll(reader, writtenObject(entries))
    const grew = getHeapStatistics().used_heap_size - heapBefore
    expect(Object.keys(value as object)).toHaveLength(20_000)
    // Each step of the key-set tree kept its keys from the root: 10,000 steps deep, 50 million
    // references (400 MB), held for the life of the process. The object itself is about 1 MB.
    expect(grew).toBeLessThan(64 * 2 ** 20)
  })

  it('rebuilds each object once, also nested past its bounds: 1,500 nested key sets, 1,500 objects built', () => {
    const pool = new ValuePool()
    const reader = new CompactValueReader(pool)
    const depth = 1_500
    const e = encoding.createEncoder()
    for (let i = 0; i < depth; i++) {
      encoding.writeUint8(e, 118)
      encoding.writeVarUint(e, 1)
      encoding.writeVarString(e, `level${i}`)
    }
    encoding.writeUint8(e, 120)
    const compactCalls = vi.spyOn(pool, 'compact')
    const outerCalls = vi.spyOn(pool, 'compactOuter')
    let value = readAll(reader, encoding.toUint8Array(e))
    for (let i = 0; i < depth; i++) value = (value as Record<string, unknown>)[`level${i}`]
    expect(value).toBe(true)
    // Past MAX_BUILDERS key sets, each level used to be compacted with everything below it again:
    // over a million copies here, and 3 to 6 s of the event loop for 3,000 levels (23 kB).
    expect(compactCalls.mock.calls.length + outerCalls.mock.calls.length).toBeLessThanOrEqual(depth)
  })

  it('through applyUpdateCompacted, builds the doc Y.applyUpdate builds', () => {
    const source = new Y.Doc()
    const records = source.getArray('tldraw')
    for (let i = 0; i < 30; i++) records.push([{ key: `shape:${i}`, val: { ...RECORD, id: `shape:${i}`, x: i } }])
    source.getMap('meta').set('title', 'Tavle')
    source.getText('notes').insert(0, 'tekst')
    records.delete(3, 2)
    const update = Y.encodeStateAsUpdate(source)
    const plain = new Y.Doc()
    Y.applyUpdate(plain, update)
    const compacted = new Y.Doc()
    applyUpdateCompacted(compacted, update, new ValuePool())
    expect(Y.encodeStateAsUpdate(compacted)).toEqual(Y.encodeStateAsUpdate(plain))
    expect(JSON.stringify(compacted.toJSON())).toBe(JSON.stringify(plain.toJSON()))
    const first = compacted.getArray('tldraw').get(0) as { val: typeof RECORD }
    const second = compacted.getArray('tldraw').get(1) as { val: typeof RECORD }
    expect(first.val.meta).toBe(second.val.meta)
  })
})
