import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { CloseCode, facilitationMap, MAX_RECORD_TEXT_CHARS, MAX_WORD_CHARS, recordsArray } from '@whiteboard/shared'
import { MAX_SHAPE_SIZE } from '@whiteboard/shared/board/recordGuard'
import { MessageType, SyncMessageType, updateFrame } from '../src/sync/syncMessages'
import * as encoding from 'lib0/encoding'
import { rawSocket } from './rawSocket'
import { rectangle } from './records'
import { entryKeys, storedDoc } from './storedDoc'
import { serverPerTest } from './serverPerTest'
import { startTestServer } from './testServer'
import { updateOf } from './updateOf'
import { waitFor } from './waitFor'

const ctx = serverPerTest()
const { client } = ctx

/** A rectangle with some fields replaced (JSON-cloned, so it can carry what a typed record cannot). */
function rectWith(n: number, patch: (r: Record<string, unknown>) => void): Record<string, unknown> {
  const r = JSON.parse(JSON.stringify(rectangle(n))) as Record<string, unknown>
  patch(r)
  return r
}

/** `{ level0: { level1: … true } }`, `depth` objects deep, each of a key set of its own. */
function nested(depth: number): Record<string, unknown> {
  let value: unknown = true
  for (let i = depth - 1; i >= 0; i--) value = { [`level${i}`]: value }
  return value as Record<string, unknown>
}

function manyKeys(count: number): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, true]))
}

/** An update that pushes `{ key, val }` into the records array, built on the doc a synced client holds. */
function pushUpdate(base: Y.Doc, key: string, val: unknown): Uint8Array {
  return updateOf(base, (doc) => recordsArray(doc).push([{ key, val }]))
}

describe('inspect before apply', () => {
  it('refuses each kind of invalid record with INVALID_UPDATE and a reason; storage and peers never see it', async () => {
    const board = await ctx.server.createBoard()
    const peer = client(board.id, board.tokens.participant)
    const writer = client(board.id, board.tokens.participant)
    await waitFor(() => peer.provider.synced && writer.provider.synced, { what: 'sync' })

    const longText = 'x'.repeat(MAX_RECORD_TEXT_CHARS + 1)
    const cases: { name: string; key: string; val: unknown; reason: RegExp }[] = [
      { name: 'unknown type', key: 'spaceship:1', val: { ...rectWith(1, () => {}), id: 'spaceship:1', typeName: 'spaceship' }, reason: /record: unknown type/ },
      { name: 'malformed id', key: 'shape', val: rectWith(2, (r) => (r.id = 'shape')), reason: /malformed id/ },
      { name: 'id other than its key', key: 'shape:a', val: rectWith(3, () => {}), reason: /id does not match key/ },
      { name: 'wrong field type', key: 'shape:rect4', val: rectWith(4, (r) => (r.x = 'left')), reason: /shape at \(type = geo\)\.x: not valid/ },
      { name: 'missing props', key: 'shape:rect5', val: rectWith(5, (r) => delete r.props), reason: /shape at \(type = geo\)\.props: not valid/ },
      {
        name: 'oversize text',
        key: 'shape:rect6',
        val: rectWith(6, (r) => ((r.props as { richText: unknown }).richText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: longText }] }] })),
        reason: /more than 100000 characters/,
      },
      { name: 'constructor key', key: 'shape:rect7', val: rectWith(7, (r) => Object.defineProperty(r.meta, 'constructor', { value: { prototype: {} }, enumerable: true })), reason: /forbidden key/ },
      {
        name: 'session record (instance)',
        key: 'instance:instance',
        val: { id: 'instance:instance', typeName: 'instance', currentPageId: 'page:page' },
        reason: /instance: not a document record/,
      },
      { name: 'session record (camera)', key: 'camera:page:page', val: { id: 'camera:page:page', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} }, reason: /not a document record/ },
      { name: 'not an object', key: 'shape:rect8', val: 'just a string', reason: /not an object/ },
      // Both cost the server seconds of its event loop to decode, and the second 610 MB for good,
      // before the guards could refuse them (CompactValueReader.test.ts).
      { name: 'meta nested 3,000 deep (23 kB)', key: 'shape:rect11', val: rectWith(11, (r) => (r.meta = nested(3_000))), reason: /nested too deeply/ },
      { name: 'meta of 200,000 keys (1.2 MB)', key: 'shape:rect12', val: rectWith(12, (r) => (r.meta = manyKeys(200_000))), reason: /more than 100000 characters/ },
      // Each left every browser that opened the board on tldraw's error screen or hung it.
      { name: 'rich text with a node the schema lacks', key: 'shape:rect13', val: rectWith(13, (r) => ((r.props as { richText: unknown }).richText = { type: 'doc', content: [{ type: 'iframe' }] })), reason: /shape at props\.richText\.content\[0\]\.type: unknown rich-text node/ },
      { name: 'an ellipse a billion pixels wide', key: 'shape:rect15', val: rectWith(15, (r) => Object.assign(r.props as object, { geo: 'ellipse', w: 1e9, h: 1e9 })), reason: new RegExp(`shape at props\\.w: beyond ${MAX_SHAPE_SIZE}`) },
      { name: 'a cloud 100,000 wide and 1 high', key: 'shape:rect16', val: rectWith(16, (r) => Object.assign(r.props as object, { geo: 'cloud', w: 100_000, h: 1 })), reason: /shape at props\.w: a cloud of more than 10000 bumps/ },
      { name: 'a word of 20,000 letters', key: 'shape:rect14', val: rectWith(14, (r) => ((r.props as { richText: unknown }).richText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'M'.repeat(20_000) }] }] })), reason: new RegExp(`shape at props\\.richText: a word longer than ${MAX_WORD_CHARS} characters`) },
    ]
    for (const c of cases) {
      const attacker = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.participant)}`)
      await attacker.opened
      attacker.ws.send(updateFrame(pushUpdate(writer.doc, c.key, c.val)))
      const closed = await attacker.closed
      expect(closed.code, c.name).toBe(CloseCode.INVALID_UPDATE)
      expect(closed.reason, c.name).toMatch(c.reason)
      expect(attacker.denials[0], c.name).toBe(closed.reason)
    }

    // A stock client writing an invalid record is refused the same way.
    writer.records.set('shape:rect9', rectWith(9, (r) => (r.rotation = 'sideways')))
    await waitFor(() => writer.closes.length > 0, { what: 'the stock writer to be refused' })
    expect(writer.closes[0]!.code).toBe(CloseCode.INVALID_UPDATE)

    // A later valid write passes through the same room; the invalid ones never did.
    const honest = client(board.id, board.tokens.participant)
    await waitFor(() => honest.provider.synced, { what: 'sync' })
    honest.records.set('shape:ok', { ...rectangle(10), id: 'shape:ok' })
    await waitFor(() => peer.shapeIds().includes('shape:ok'), { what: 'the valid write' })
    expect(peer.shapeIds()).toEqual(['shape:ok'])
    expect(entryKeys(await storedDoc(ctx.server.server.storage, board.id))).toEqual(['document:document', 'page:page', 'shape:ok'])
    const metrics = await (await fetch(`${ctx.server.origin}/metrics`)).text()
    expect(metrics).toContain(`whiteboard_refusals_total{reason="invalid_update"} ${cases.length + 1}`)
  })

  it('refuses a crafted __proto__ key, which lib0 decodes into a replaced prototype rather than a key', async () => {
    const board = await ctx.server.createBoard()
    const peer = client(board.id, board.tokens.participant)
    await waitFor(() => peer.provider.synced, { what: 'sync' })
    // JSON.parse makes `__proto__` an own key, so Yjs encodes it as a key like any other.
    const val = JSON.parse(JSON.stringify(rectangle(1)).replace(/^\{/, '{"__proto__":{"isLocked":true,"polluted":1},')) as Record<string, unknown>
    expect(Object.keys(val)).toContain('__proto__')
    const update = pushUpdate(peer.doc, 'shape:rect1', val)
    // What the server decodes: no `__proto__` key, a foreign prototype instead.
    const decodedVal = (Y.decodeUpdate(update).structs.find((s) => s instanceof Y.Item && s.content instanceof Y.ContentAny) as Y.Item).content.getContent()[0].val as object
    expect(Object.keys(decodedVal)).not.toContain('__proto__')
    expect((decodedVal as { polluted?: number }).polluted).toBe(1)

    const attacker = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.facilitator)}`)
    await attacker.opened
    attacker.ws.send(updateFrame(update))
    const closed = await attacker.closed
    expect(closed).toEqual({ code: CloseCode.INVALID_UPDATE, reason: 'Refused an invalid record: shape: forbidden key' })
    peer.records.set('shape:rect2', rectangle(2))
    await waitFor(async () => entryKeys(await storedDoc(ctx.server.server.storage, board.id)).includes('shape:rect2'), { what: 'a later write stored' })
    expect(entryKeys(await storedDoc(ctx.server.server.storage, board.id))).not.toContain('shape:rect1')
  })

  it('refuses a crafted delete set that lists one range again and again, before walking it', async () => {
    const board = await ctx.server.createBoard()
    const peer = client(board.id, board.tokens.participant)
    await waitFor(() => peer.provider.synced, { what: 'sync' })
    const [owner, structs] = [...peer.doc.store.clients][0]!
    const last = structs.at(-1)!
    const covered = last.id.clock + last.length
    // 2,000 copies of one range over the board's first content: 8 kB. Yjs decodes it as it is.
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, owner)
    encoding.writeVarUint(e, 2_000)
    for (let i = 0; i < 2_000; i++) {
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, covered)
    }
    const attacker = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.participant)}`)
    await attacker.opened
    attacker.ws.send(updateFrame(encoding.toUint8Array(e)))
    expect(await attacker.closed).toEqual({ code: CloseCode.INVALID_UPDATE, reason: 'The change lists its deletions out of order' })
    peer.records.set('shape:rect1', rectangle(1))
    await waitFor(async () => entryKeys(await storedDoc(ctx.server.server.storage, board.id)).includes('shape:rect1'), { what: 'a later write stored' })
    expect(entryKeys(await storedDoc(ctx.server.server.storage, board.id))).toContain('page:page')
  })

  it('refuses updates outside the board layout: nested types, text types, unknown roots, malformed entries, invalid settings', async () => {
    const board = await ctx.server.createBoard()
    const peer = client(board.id, board.tokens.participant)
    await waitFor(() => peer.provider.synced, { what: 'sync' })
    const cases: { name: string; token: string; update: Uint8Array; code: number; reason: RegExp }[] = [
      { name: 'nested map', token: board.tokens.facilitator, update: updateOf(peer.doc, (d) => recordsArray(d).push([new Y.Map() as never])), code: CloseCode.INVALID_UPDATE, reason: /content the board does not use/ },
      { name: 'text type', token: board.tokens.facilitator, update: updateOf(peer.doc, (d) => d.getText('tldraw-notes').insert(0, 'hi')), code: CloseCode.INVALID_UPDATE, reason: /content the board does not use/ },
      // Refused as it is read: Yjs built a document for each such item, 2.7 MB of them took 5.1 s.
      { name: 'subdocument', token: board.tokens.facilitator, update: updateOf(peer.doc, (d) => recordsArray(d).push([new Y.Doc() as never])), code: CloseCode.INVALID_UPDATE, reason: /content the board does not use/ },
      { name: 'unknown root', token: board.tokens.facilitator, update: updateOf(peer.doc, (d) => d.getMap('evil').set('x', 1)), code: CloseCode.INVALID_UPDATE, reason: /outside the board layout/ },
      { name: 'entry without key', token: board.tokens.participant, update: updateOf(peer.doc, (d) => recordsArray(d).push([{ val: rectangle(1) } as never])), code: CloseCode.INVALID_UPDATE, reason: /malformed board entry/ },
      { name: 'entry with extra field', token: board.tokens.participant, update: updateOf(peer.doc, (d) => recordsArray(d).push([{ key: 'shape:rect1', val: rectangle(1), extra: 1 } as never])), code: CloseCode.INVALID_UPDATE, reason: /malformed board entry/ },
      { name: 'invalid timer', token: board.tokens.facilitator, update: updateOf(peer.doc, (d) => facilitationMap(d).set('timer', { status: 'exploded' })), code: CloseCode.INVALID_UPDATE, reason: /facilitation\.timer: not a valid value/ },
      { name: 'unknown facilitation key', token: board.tokens.facilitator, update: updateOf(peer.doc, (d) => facilitationMap(d).set('mood', 'happy')), code: CloseCode.INVALID_UPDATE, reason: /facilitation: unknown key$/ },
      { name: 'unknown meta key', token: board.tokens.facilitator, update: updateOf(peer.doc, (d) => d.getMap('meta').set('owner', 'me')), code: CloseCode.INVALID_UPDATE, reason: /meta: unknown key$/ },
    ]
    for (const c of cases) {
      const attacker = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(c.token)}`)
      await attacker.opened
      attacker.ws.send(updateFrame(c.update))
      const closed = await attacker.closed
      expect(closed.code, c.name).toBe(c.code)
      expect(closed.reason, c.name).toMatch(c.reason)
    }
    const stored = await storedDoc(ctx.server.server.storage, board.id)
    expect(entryKeys(stored)).toEqual(['document:document', 'page:page'])
    expect([...stored.share.keys()].sort()).toEqual(['meta', 'tldraw'])
    expect(peer.closes).toEqual([])
  })

  it('accepts valid facilitator settings and a new title', async () => {
    const board = await ctx.server.createBoard()
    const f = client(board.id, board.tokens.facilitator)
    const p = client(board.id, board.tokens.participant)
    await waitFor(() => f.provider.synced && p.provider.synced, { what: 'sync' })
    f.doc.transact(() => {
      facilitationMap(f.doc).set('timer', { status: 'running', durationMs: 300_000, endsAt: Date.now() + 300_000 })
      f.doc.getMap('meta').set('title', 'Ny tittel')
    })
    await waitFor(() => facilitationMap(p.doc).get('timer') !== undefined && p.doc.getMap('meta').get('title') === 'Ny tittel', { what: 'the settings to arrive' })
    expect(f.closes).toEqual([])
  })

  it('asks for a resync when an update builds on items the server lacks, instead of guessing or refusing', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean))
        done()
      },
    })
    await ctx.server.dispose()
    ctx.server = await startTestServer({ options: { logger: pino({ level: 'debug' }, sink) } })
    const board = await ctx.server.createBoard()
    const peer = client(board.id, board.tokens.viewer)
    const tabB = client(board.id, board.tokens.participant)
    await waitFor(() => peer.provider.synced && tabB.provider.synced, { what: 'sync' })

    // Many updates in one event-loop turn, each building on the one before: resolved from the
    // connection's own accepted updates, no resync needed.
    for (let i = 1; i <= 30; i++) tabB.records.set(`shape:burst${i}`, { ...rectangle(i), id: `shape:burst${i}` })
    await waitFor(() => peer.shapeIds().length === 30, { what: 'the burst' })
    expect(lines.some((l) => l.includes('asking for a resync'))).toBe(false)

    // Tab A of the same browser is offline; tab B got A's change over the BroadcastChannel (applied
    // with the provider as origin, so B does not forward it) and then adds next to it.
    const tabA = new Y.Doc()
    Y.applyUpdate(tabA, Y.encodeStateAsUpdate(tabB.doc))
    const before = Y.encodeStateVector(tabA)
    new YKeyValue<unknown>(recordsArray(tabA)).set('shape:fromA', { ...rectangle(100), id: 'shape:fromA' })
    Y.applyUpdate(tabB.doc, Y.encodeStateAsUpdate(tabA, before), tabB.provider)
    tabB.records.set('shape:fromB', { ...rectangle(101), id: 'shape:fromB' })
    await waitFor(() => peer.shapeIds().includes('shape:fromB') && peer.shapeIds().includes('shape:fromA'), { what: "B's change, and A's it builds on" })
    expect(tabB.closes).toEqual([])
    expect(lines.some((l) => l.includes('asking for a resync'))).toBe(true)
  })

  it('refuses an update whose missing dependencies its sender cannot supply either', async () => {
    const board = await ctx.server.createBoard()
    const peer = client(board.id, board.tokens.participant)
    await waitFor(() => peer.provider.synced, { what: 'sync' })
    const ghost = new Y.Doc()
    Y.applyUpdate(ghost, Y.encodeStateAsUpdate(peer.doc))
    recordsArray(ghost).push([{ key: 'shape:ghost', val: rectangle(1) }])
    const before = Y.encodeStateVector(ghost)
    recordsArray(ghost).push([{ key: 'shape:rect2', val: rectangle(2) }])
    // Only the second push: its left neighbour is the ghost entry, which the server never gets.
    const dependent = Y.encodeStateAsUpdate(ghost, before)
    const attacker = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.participant)}`)
    await attacker.opened
    attacker.ws.send(updateFrame(dependent))
    // Its answer to the server's resync request still lacks the ghost entry.
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.SYNC)
    encoding.writeVarUint(encoder, SyncMessageType.STEP2)
    encoding.writeVarUint8Array(encoder, dependent)
    attacker.ws.send(encoding.toUint8Array(encoder))
    expect(await attacker.closed).toEqual({ code: CloseCode.INVALID_UPDATE, reason: 'The change builds on changes the server does not have' })
    expect(ctx.server.server.rooms.peek(board.id)!.doc.store.pendingStructs).toBeNull()
    expect(peer.shapeIds()).toEqual([])
  })
})
