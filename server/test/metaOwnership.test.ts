import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, MetaKey, metaMap, recordsArray } from '@whiteboard/shared'
import { ownSchemaSerialized } from '@whiteboard/shared/board/storedSchema'
import * as decoding from 'lib0/decoding'
import { MessageType, SyncMessageType, updateFrame } from '../src/sync/syncMessages'
import { rawSocket } from './rawSocket'
import { rectangle } from './records'
import { entryKeys, storedDoc } from './storedDoc'
import { serverPerTest } from './serverPerTest'
import { updateOf } from './updateOf'
import { waitFor } from './waitFor'

const ctx = serverPerTest()
const { client } = ctx

/** The schema of the reported attack: every sequence at version 0, which makes every current record fail its migration. */
function attackSchema(): { schemaVersion: 2; sequences: Record<string, number> } {
  return { schemaVersion: 2, sequences: Object.fromEntries(Object.keys(ownSchemaSerialized().sequences).map((key) => [key, 0])) }
}

/** Sends `update` from a raw socket with `token` and returns how the server closed it. */
async function sendAs(boardId: string, token: string, update: Uint8Array): Promise<{ code: number; reason: string }> {
  const attacker = rawSocket(`${ctx.server.syncUrl}/${boardId}?token=${encodeURIComponent(token)}`)
  await attacker.opened
  attacker.ws.send(updateFrame(update))
  return attacker.closed
}

describe('the server owns the board meta', () => {
  it("refuses the reported attack: a participant's stock client writing meta.schema; the stored board keeps the server's schema", async () => {
    const board = await ctx.server.createBoard({ title: 'Verksted' })
    const p = client(board.id, board.tokens.participant)
    const watcher = client(board.id, board.tokens.viewer)
    await waitFor(() => p.provider.synced && watcher.provider.synced, { what: 'sync' })
    p.records.set('shape:rect1', rectangle(1))
    await waitFor(() => watcher.shapeIds().includes('shape:rect1'), { what: 'an honest shape' })

    metaMap(p.doc).set(MetaKey.SCHEMA, attackSchema())

    await waitFor(() => p.closes.length > 0, { what: 'the participant to be refused' })
    expect(p.closes[0]).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: "Only a facilitator can change the board's title and language" })
    const stored = await storedDoc(ctx.server.server.storage, board.id)
    expect(metaMap(stored).get(MetaKey.SCHEMA)).toEqual(ownSchemaSerialized())
    expect(entryKeys(stored)).toEqual(['document:document', 'page:page', 'shape:rect1'])
    expect(metaMap(watcher.doc).get(MetaKey.SCHEMA)).toEqual(ownSchemaSerialized())
  })

  it('refuses every meta write and deletion of a participant, whatever the key', async () => {
    const board = await ctx.server.createBoard({ title: 'Verksted' })
    const peer = client(board.id, board.tokens.facilitator)
    await waitFor(() => peer.provider.synced, { what: 'sync' })
    const attempts: { name: string; change: (doc: Y.Doc) => void }[] = [
      { name: 'title', change: (d) => metaMap(d).set(MetaKey.TITLE, 'Kapret') },
      { name: 'lang', change: (d) => metaMap(d).set(MetaKey.LANG, 'nn') },
      { name: 'templates', change: (d) => metaMap(d).set(MetaKey.TEMPLATES, ['service-journey']) },
      { name: 'schema', change: (d) => metaMap(d).set(MetaKey.SCHEMA, attackSchema()) },
      { name: 'delete schema', change: (d) => metaMap(d).delete(MetaKey.SCHEMA) },
      { name: 'delete title', change: (d) => metaMap(d).delete(MetaKey.TITLE) },
      { name: 'unknown key', change: (d) => metaMap(d).set('owner', 'me') },
    ]
    for (const attempt of attempts) {
      const closed = await sendAs(board.id, board.tokens.participant, updateOf(peer.doc, attempt.change))
      expect(closed.code, attempt.name).toBe(CloseCode.FACILITATOR_ONLY)
    }
    const viewer = await sendAs(board.id, board.tokens.viewer, updateOf(peer.doc, (d) => metaMap(d).set(MetaKey.TITLE, 'Kapret')))
    expect(viewer.code).toBe(CloseCode.FORBIDDEN)

    const stored = metaMap(await storedDoc(ctx.server.server.storage, board.id))
    expect(stored.get(MetaKey.TITLE)).toBe('Verksted')
    expect(stored.get(MetaKey.LANG)).toBe('nb')
    expect(stored.get(MetaKey.SCHEMA)).toEqual(ownSchemaSerialized())
    expect(stored.has(MetaKey.TEMPLATES)).toBe(false)
    expect(peer.closes).toEqual([])
  })

  it("refuses a facilitator's write or deletion of the schema and the template list, and accepts a valid title", async () => {
    const board = await ctx.server.createBoard({ title: 'Verksted' })
    const f = client(board.id, board.tokens.facilitator)
    const watcher = client(board.id, board.tokens.viewer)
    await waitFor(() => f.provider.synced && watcher.provider.synced, { what: 'sync' })
    const refused: { name: string; change: (doc: Y.Doc) => void; code: number }[] = [
      { name: 'schema', change: (d) => metaMap(d).set(MetaKey.SCHEMA, attackSchema()), code: CloseCode.FORBIDDEN },
      { name: 'own schema again', change: (d) => metaMap(d).set(MetaKey.SCHEMA, ownSchemaSerialized()), code: CloseCode.FORBIDDEN },
      { name: 'delete schema', change: (d) => metaMap(d).delete(MetaKey.SCHEMA), code: CloseCode.FORBIDDEN },
      { name: 'templates', change: (d) => metaMap(d).set(MetaKey.TEMPLATES, ['x']), code: CloseCode.FORBIDDEN },
      { name: 'delete title', change: (d) => metaMap(d).delete(MetaKey.TITLE), code: CloseCode.FACILITATOR_ONLY },
      { name: 'title too long', change: (d) => metaMap(d).set(MetaKey.TITLE, 'x'.repeat(10_000)), code: CloseCode.INVALID_UPDATE },
      { name: 'unknown language', change: (d) => metaMap(d).set(MetaKey.LANG, 'de'), code: CloseCode.INVALID_UPDATE },
      { name: 'unknown key', change: (d) => metaMap(d).set('owner', 'me'), code: CloseCode.INVALID_UPDATE },
    ]
    for (const attempt of refused) {
      const closed = await sendAs(board.id, board.tokens.facilitator, updateOf(f.doc, attempt.change))
      expect(closed.code, attempt.name).toBe(attempt.code)
    }
    expect(metaMap(await storedDoc(ctx.server.server.storage, board.id)).get(MetaKey.SCHEMA)).toEqual(ownSchemaSerialized())

    metaMap(f.doc).set(MetaKey.TITLE, 'Ny tittel')
    await waitFor(() => metaMap(watcher.doc).get(MetaKey.TITLE) === 'Ny tittel', { what: 'the new title' })
    metaMap(f.doc).set(MetaKey.LANG, 'nn')
    await waitFor(() => metaMap(watcher.doc).get(MetaKey.LANG) === 'nn', { what: 'the board in nynorsk' })
    expect(f.closes).toEqual([])
  })

  it('repairs a board stored with a hostile schema when it loads, keeping every record, as a change everyone gets', async () => {
    const board = await ctx.server.createBoard({ title: 'Skadet' })
    const storage = ctx.server.server.storage
    // The board as an attacker left it before this fix: shapes, then the attack schema, committed.
    const before = await storedDoc(storage, board.id)
    const seq = await storage.appendUpdates(board.id, [
      updateOf(before, (d) => {
        recordsArray(d).push([1, 2, 3].map((n) => ({ key: `shape:rect${n}`, val: rectangle(n) })))
        metaMap(d).set(MetaKey.SCHEMA, attackSchema())
      }),
    ])
    // Compacted, as a board is when it unloads: a newcomer is answered with this stored state while the board loads.
    await storage.compact(board.id, Y.encodeStateAsUpdate(await storedDoc(storage, board.id)), seq)
    expect(ctx.server.server.rooms.peek(board.id)).toBeUndefined()

    // A newcomer that asks at once is answered with the stored board while it loads, before the
    // repair; it must get the repair too, though its handshake is over by then.
    const early = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.viewer)}`)
    const earlyDoc = new Y.Doc()
    early.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) !== MessageType.SYNC) return
      if (decoding.readVarUint(decoder) !== SyncMessageType.STEP1) Y.applyUpdate(earlyDoc, decoding.readVarUint8Array(decoder))
    })
    await early.opened
    early.ws.send(new Uint8Array([MessageType.SYNC, SyncMessageType.STEP1, 1, 0]))
    await waitFor(() => JSON.stringify(metaMap(earlyDoc).get(MetaKey.SCHEMA)) === JSON.stringify(ownSchemaSerialized()), { what: 'the repair at the early newcomer' })
    expect(recordsArray(earlyDoc).length).toBe(5)
    early.ws.close()

    const v = client(board.id, board.tokens.viewer)
    await waitFor(() => v.provider.synced && metaMap(v.doc).get(MetaKey.SCHEMA) !== undefined, { what: 'sync' })
    await waitFor(() => JSON.stringify(metaMap(v.doc).get(MetaKey.SCHEMA)) === JSON.stringify(ownSchemaSerialized()), { what: 'the repaired schema' })
    expect(v.shapeIds().sort()).toEqual(['shape:rect1', 'shape:rect2', 'shape:rect3'])
    expect(v.records.get('shape:rect2')).toEqual(rectangle(2))

    const stored = await storedDoc(storage, board.id)
    expect(metaMap(stored).get(MetaKey.SCHEMA)).toEqual(ownSchemaSerialized())
    expect(entryKeys(stored)).toEqual(['document:document', 'page:page', 'shape:rect1', 'shape:rect2', 'shape:rect3'])
  })

  it('repairs a schema that cannot be read or claims to be newer, and migrates a board an older server wrote', async () => {
    const storage = ctx.server.server.storage
    const own = ownSchemaSerialized()
    const newer = { schemaVersion: 2, sequences: { ...own.sequences, 'com.tldraw.shape.geo': own.sequences['com.tldraw.shape.geo']! + 1 } }
    for (const schema of ['garbage', newer]) {
      const board = await ctx.server.createBoard()
      await storage.appendUpdates(board.id, [updateOf(await storedDoc(storage, board.id), (d) => metaMap(d).set(MetaKey.SCHEMA, schema))])
      const v = client(board.id, board.tokens.viewer)
      await waitFor(() => JSON.stringify(metaMap(v.doc).get(MetaKey.SCHEMA)) === JSON.stringify(own), { what: 'the repaired schema' })
      expect(metaMap(await storedDoc(storage, board.id)).get(MetaKey.SCHEMA)).toEqual(own)
    }

    // A note as tldraw wrote it before rich text (note version 8): plain text. The server migrates it on load.
    const board = await ctx.server.createBoard()
    const rect = rectangle(1) as unknown as { props: Record<string, unknown> }
    const { richText: _richText, ...noteProps } = { richText: null, color: 'black', labelColor: 'black', size: 'm', font: 'draw', fontSizeAdjustment: 0, align: 'middle', verticalAlign: 'middle', growY: 0, url: '', scale: 1 }
    const oldNote = { ...rect, id: 'shape:note', type: 'note', props: { ...noteProps, text: 'hei fra 2024' } }
    await storage.appendUpdates(board.id, [
      updateOf(await storedDoc(storage, board.id), (d) => {
        recordsArray(d).push([{ key: 'shape:note', val: oldNote }])
        metaMap(d).set(MetaKey.SCHEMA, { ...own, sequences: { ...own.sequences, 'com.tldraw.shape.note': 8 } })
      }),
    ])
    const v = client(board.id, board.tokens.viewer)
    await waitFor(() => JSON.stringify(metaMap(v.doc).get(MetaKey.SCHEMA)) === JSON.stringify(own), { what: 'the upgraded schema' })
    const note = v.records.get('shape:note') as { props: Record<string, unknown> }
    expect(note.props.text).toBeUndefined()
    expect(JSON.stringify(note.props.richText)).toContain('hei fra 2024')
  })
})
