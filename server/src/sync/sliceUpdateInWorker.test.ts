import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type { TLPageId } from '@tldraw/tlschema'
import { recordsArray } from '@whiteboard/shared/board/docLayout'
import { buildTemplate } from '@whiteboard/shared/templates/build'
import { TEMPLATE_IDS } from '@whiteboard/shared/templates/catalog'
import { sliceUpdateInWorker, UpdateUnreadableError } from './sliceUpdateInWorker'

const PAGE = 'page:page' as TLPageId

/** A deterministic pseudo-random source, so a failing board can be built again. */
function random(seed: number): () => number {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
}

/**
 * A board written by `clients` peers that sync with each other only now and then, so their
 * structs refer to each other's: records set and overwritten (YKeyValue deletes the old
 * entry), records deleted, a template's scaffolding, a paste large enough to be cut, a text
 * and a nested map.
 */
function board(clients: number, rounds: number, seed: number): Uint8Array {
  const rnd = random(seed)
  const docs = Array.from({ length: clients }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = 100 + i * 37
    return doc
  })
  const kvs = docs.map((doc) => new YKeyValue(recordsArray(doc)))
  let ids = 0
  kvs[0]!.doc.transact(() => {
    for (const shape of buildTemplate(TEMPLATE_IDS[0]!, 'en', { x: 0, y: 0 }, { pageId: PAGE, createId: () => `t${ids++}` })) kvs[0]!.set(shape.id, shape)
  })
  // One paste of many shapes: one struct, larger than a slice.
  docs[1 % clients]!.transact(() => {
    for (let i = 0; i < 400; i++) kvs[1 % clients]!.set(`shape:paste${i}`, { id: `shape:paste${i}`, x: i, text: 'x'.repeat(40) })
  })
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < clients; c++) {
      const kv = kvs[c]!
      docs[c]!.transact(() => {
        for (let k = 0; k < 10; k++) {
          const key = `shape:${Math.floor(rnd() * 60)}`
          kv.set(key, { id: key, x: Math.floor(rnd() * 1000), by: c, round: r })
          if (rnd() < 0.2) kv.delete(`shape:${Math.floor(rnd() * 60)}`)
          if (rnd() < 0.1) kv.delete(`shape:paste${Math.floor(rnd() * 400)}`)
        }
        const text = docs[c]!.getText('notes')
        text.insert(Math.floor(rnd() * (text.length + 1)), `c${c}r${r} `)
        const nested = docs[c]!.getMap<Y.Map<number>>('nested')
        if (!nested.has('m')) nested.set('m', new Y.Map<number>())
        nested.get('m')!.set(`k${c}`, r)
      })
    }
    const a = Math.floor(rnd() * clients)
    const b = Math.floor(rnd() * clients)
    Y.applyUpdate(docs[a]!, Y.encodeStateAsUpdate(docs[b]!, Y.encodeStateVector(docs[a]!)))
  }
  for (let c = 1; c < clients; c++) Y.applyUpdate(docs[0]!, Y.encodeStateAsUpdate(docs[c]!))
  return Y.encodeStateAsUpdate(docs[0]!)
}

function records(doc: Y.Doc): Map<string, unknown> {
  return new Map([...new YKeyValue(recordsArray(doc)).map].map(([key, entry]) => [key, entry.val]))
}

describe('sliceUpdateInWorker', () => {
  it.each([
    { clients: 1, rounds: 20, seed: 1 },
    { clients: 3, rounds: 60, seed: 2 },
    { clients: 8, rounds: 120, seed: 3 },
  ])('slices applied one by one build the doc one update builds ($clients clients)', async ({ clients, rounds, seed }) => {
    const update = board(clients, rounds, seed)
    const whole = new Y.Doc()
    Y.applyUpdate(whole, update)

    const slices = await sliceUpdateInWorker(update, 2048)
    expect(slices).not.toBeNull()
    expect(slices!.length).toBeGreaterThan(5)
    const sliced = new Y.Doc()
    for (const slice of slices!) {
      Y.applyUpdate(sliced, slice)
      // Nothing waits for a later slice: each refers only to what came before it.
      expect(sliced.store.pendingStructs).toBeNull()
      expect(sliced.store.pendingDs).toBeNull()
    }

    expect(Y.encodeStateAsUpdate(sliced)).toEqual(Y.encodeStateAsUpdate(whole))
    expect(records(sliced)).toEqual(records(whole))
    expect(sliced.getText('notes').toJSON()).toBe(whole.getText('notes').toJSON())
    expect(sliced.getMap<Y.Map<number>>('nested').get('m')!.toJSON()).toEqual(whole.getMap<Y.Map<number>>('nested').get('m')!.toJSON())
  })

  it('reads an update in shared memory in place and leaves it as it was', async () => {
    const update = board(3, 30, 4)
    const shared = new Uint8Array(new SharedArrayBuffer(update.byteLength))
    shared.set(update)
    const slices = await sliceUpdateInWorker(shared, 2048)
    expect(Buffer.from(shared).equals(update)).toBe(true)
    const whole = new Y.Doc()
    Y.applyUpdate(whole, update)
    const sliced = new Y.Doc()
    for (const slice of slices!) Y.applyUpdate(sliced, slice)
    expect(Y.encodeStateAsUpdate(sliced)).toEqual(Y.encodeStateAsUpdate(whole))
  })

  it('returns the slices in the buffer it prepared for them, or in one of their own when they outgrow it', async () => {
    const update = board(3, 30, 5)
    const fitting = await sliceUpdateInWorker(update, 2048)
    expect(fitting![0]!.buffer).toBeInstanceOf(SharedArrayBuffer)

    // Cut into one-element slices, 20,000 numbers pushed as one struct take several times the
    // update's size in slice headers and item origins.
    const doc = new Y.Doc()
    doc.getArray<number>('a').push(Array.from({ length: 20_000 }, (_, i) => i))
    const dense = Y.encodeStateAsUpdate(doc)
    const slices = await sliceUpdateInWorker(dense, 1)
    expect(slices!.length).toBe(20_000)
    expect(slices![0]!.buffer).not.toBeInstanceOf(SharedArrayBuffer)
    const sliced = new Y.Doc()
    for (const slice of slices!) Y.applyUpdate(sliced, slice)
    expect(sliced.getArray<number>('a').toArray()).toEqual(doc.getArray<number>('a').toArray())
  })

  it('leaves an update that starts past clock 0 to be applied whole', async () => {
    const doc = new Y.Doc()
    doc.getArray('a').push([1, 2, 3])
    const before = Y.encodeStateVector(doc)
    doc.getArray('a').push([4])
    expect(await sliceUpdateInWorker(Y.encodeStateAsUpdate(doc, before), 2048)).toBeNull()
  })

  it('refuses an update that cannot be decoded', async () => {
    await expect(sliceUpdateInWorker(new Uint8Array([5, 200, 1, 2, 3]))).rejects.toBeInstanceOf(UpdateUnreadableError)
  })
})
