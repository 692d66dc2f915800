import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, MAX_FRAME_BYTES, metaMap, MetaKey, recordsArray } from '@whiteboard/shared'
import { rectangle } from './records'
import type { SyncClient } from './syncClient'
import { rawSocket } from './rawSocket'
import { serverPerTest } from './serverPerTest'
import { startTestServer } from './testServer'
import { waitFor } from './waitFor'

const ctx = serverPerTest()
const { client } = ctx

async function synced(...cs: SyncClient[]): Promise<void> {
  await waitFor(() => cs.every((c) => c.provider.synced), { what: 'clients to sync' })
}

function rawEntries(doc: Y.Doc): string[] {
  return recordsArray(doc)
    .toArray()
    .map((e) => e.key)
    .sort()
}

describe('sync with stock y-websocket clients', () => {
  it('serves the board the server created: document, one page, title and schema', async () => {
    const board = await ctx.server.createBoard({ title: 'Kommuneinkubator', lang: 'nb' })
    const a = client(board.id, board.tokens.participant)
    await synced(a)
    expect(rawEntries(a.doc)).toEqual(['document:document', 'page:page'])
    expect((a.records.get('page:page') as { name: string }).name).toBe('Side 1')
    expect(metaMap(a.doc).get(MetaKey.TITLE)).toBe('Kommuneinkubator')
    expect(metaMap(a.doc).get(MetaKey.SCHEMA)).toMatchObject({ schemaVersion: expect.any(Number) })
  })

  it('two clients converge, and a third joining later gets the full state and presence', async () => {
    const board = await ctx.server.createBoard({ title: 'Converge' })
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.facilitator)
    await synced(a, b)
    a.provider.awareness.setLocalStateField('user', { name: 'Kari' })
    a.records.set('shape:rect1', rectangle(1, 'from a'))
    b.records.set('shape:rect2', rectangle(2, 'from b'))
    b.doc.transact(() => {
      for (let i = 3; i <= 5; i++) b.records.set(`shape:rect${i}`, rectangle(i))
    })
    const all = ['shape:rect1', 'shape:rect2', 'shape:rect3', 'shape:rect4', 'shape:rect5']
    await waitFor(() => a.shapeIds().join() === all.join() && b.shapeIds().join() === all.join(), { what: 'convergence' })
    expect(a.records.get('shape:rect2')).toEqual(b.records.get('shape:rect2'))

    const c = client(board.id, board.tokens.viewer)
    await synced(c)
    expect(c.shapeIds()).toEqual(all)
    expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(a.doc))
    await waitFor(() => [...c.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'Kari'), {
      what: "the joiner to see Kari's presence",
    })
  })

  it('removes the presence of a client that vanishes without saying goodbye', async () => {
    const board = await ctx.server.createBoard()
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.participant)
    await synced(a, b)
    a.provider.awareness.setLocalStateField('user', { name: 'Ola' })
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), { what: 'presence of a' })
    a.provider.shouldConnect = false
    ;(a.provider.ws as unknown as { terminate(): void }).terminate()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), { what: 'presence of a to be removed' })
  })

  it('keeps content intact and unduplicated across restarts', async () => {
    const board = await ctx.server.createBoard({ title: 'Restart' })
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.participant)
    await synced(a, b)
    for (let i = 1; i <= 3; i++) a.records.set(`shape:rect${i}`, rectangle(i, `note ${i}`))
    await waitFor(() => b.shapeIds().length === 3, { what: 'b to see the writes' })
    const before = a.records.get('shape:rect2')
    a.destroy()
    b.destroy()

    for (let round = 0; round < 2; round++) {
      ctx.server = await ctx.server.restart()
      const fresh = new Y.Doc()
      const c = client(board.id, board.tokens.viewer, fresh)
      await synced(c)
      expect(rawEntries(fresh)).toEqual(['document:document', 'page:page', 'shape:rect1', 'shape:rect2', 'shape:rect3'])
      expect(c.records.get('shape:rect2')).toEqual(before)
      expect(metaMap(fresh).get(MetaKey.TITLE)).toBe('Restart')
      c.destroy()
    }

    // A client that still holds the old state reconnects: Yjs merges it, nothing doubles.
    const old = new Y.Doc()
    Y.applyUpdate(old, Y.encodeStateAsUpdate(a.doc))
    const again = client(board.id, board.tokens.participant, old)
    await synced(again)
    const check = client(board.id, board.tokens.viewer)
    await synced(check)
    expect(rawEntries(check.doc)).toEqual(['document:document', 'page:page', 'shape:rect1', 'shape:rect2', 'shape:rect3'])
  })

  it("never lets a viewer's writes reach storage or peers, and tells the viewer why", async () => {
    const board = await ctx.server.createBoard()
    const p = client(board.id, board.tokens.participant)
    const q = client(board.id, board.tokens.participant)
    const v = client(board.id, board.tokens.viewer)
    await synced(p, q, v)
    // Viewers receive everything.
    p.records.set('shape:rect1', rectangle(1))
    await waitFor(() => v.shapeIds().includes('shape:rect1'), { what: 'the viewer to receive' })
    expect(v.closes).toEqual([])

    v.records.set('shape:rect666', rectangle(666, 'viewer write'))
    await waitFor(() => v.closes.length > 0, { what: 'the viewer to be closed' })
    expect(v.closes[0]).toEqual({ code: CloseCode.FORBIDDEN, reason: 'Viewers cannot change this board' })
    expect(v.denials).toEqual(['Viewers cannot change this board'])

    // A later write travels through the same room: once q has it, the refused one had its chance.
    p.records.set('shape:rect2', rectangle(2))
    await waitFor(() => q.shapeIds().includes('shape:rect2'), { what: 'a later write' })
    expect(q.shapeIds()).not.toContain('shape:rect666')
    expect(p.shapeIds()).not.toContain('shape:rect666')
    const stored = (await ctx.server.server.storage.loadBoard(board.id))!
    const storedDoc = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(storedDoc, stored.snapshot)
    for (const u of stored.updates) Y.applyUpdate(storedDoc, u)
    expect(rawEntries(storedDoc)).toEqual(['document:document', 'page:page', 'shape:rect1', 'shape:rect2'])
    // Deleting is writing too.
    const v2 = client(board.id, board.tokens.viewer)
    await synced(v2)
    v2.records.delete('shape:rect1')
    await waitFor(() => v2.closes.some((c) => c.code === CloseCode.FORBIDDEN), { what: 'the deleting viewer to be closed' })
    expect(ctx.server.server.rooms.peek(board.id)?.doc.getArray('tldraw').toArray().some((e) => (e as { key: string }).key === 'shape:rect1')).toBe(true)
  })

  it('refuses missing, forged, tampered and other-board tokens with the reason visible to the client', async () => {
    const board = await ctx.server.createBoard()
    const other = await ctx.server.createBoard()
    const cases = [
      { token: '', reason: 'No access token in the link' },
      { token: `participant.${'A'.repeat(43)}`, reason: 'The access token is not valid for this board' },
      { token: board.tokens.viewer.replace(/^viewer\./, 'participant.'), reason: 'The access token is not valid for this board' },
      { token: other.tokens.facilitator, reason: 'The access token is not valid for this board' },
      { token: 'x'.repeat(1000), reason: 'The access token is malformed' },
    ]
    for (const { token, reason } of cases) {
      const c = client(board.id, token)
      await waitFor(() => c.closes.length > 0, { what: `refusal of ${token.slice(0, 20)}` })
      expect(c.closes[0]).toEqual({ code: CloseCode.AUTH_DENIED, reason })
      expect(c.denials).toEqual([reason])
      expect(c.provider.synced).toBe(false)
      expect(c.shapeIds()).toEqual([])
      expect(c.records.get('page:page')).toBeUndefined()
    }
  })

  it('refuses an oversized frame with 1009 while another client in the room keeps working', async () => {
    const board = await ctx.server.createBoard()
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.participant)
    await synced(a, b)
    const attacker = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.participant)}`)
    await attacker.opened
    attacker.ws.send(Buffer.alloc(MAX_FRAME_BYTES + 1, 1))
    expect((await attacker.closed).code).toBe(CloseCode.MESSAGE_TOO_BIG)
    a.records.set('shape:rect1', rectangle(1))
    await waitFor(() => b.shapeIds().includes('shape:rect1'), { what: 'the room to keep working' })
    expect(a.closes).toEqual([])
  })

  it('closes a malformed frame with a reason, without harming the room', async () => {
    const board = await ctx.server.createBoard()
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.participant)
    await synced(a, b)
    const url = `${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.participant)}`
    const frames: (Buffer | string)[] = [
      Buffer.from([0, 2, 50, 1, 2, 3]), // a sync update whose length runs past the frame
      Buffer.from([0, 1, 5, 255, 255, 255, 255, 15]), // a step 2 that is not a Yjs update
      Buffer.from([0, 7, 0]), // unknown sync message
      Buffer.from([42]), // unknown message type
      Buffer.from([1, 10, 1, 200, 1, 1, 5, 123, 98, 97, 100, 125]), // awareness with broken JSON
      Buffer.from([1, 6, 1, 201, 1, 1, 40, 110, 117]), // awareness whose state runs past the frame
      'hello', // text frame
    ]
    for (const frame of frames) {
      const attacker = rawSocket(url)
      await attacker.opened
      attacker.ws.send(frame)
      const closed = await attacker.closed
      expect(closed.code, `frame ${String(frame)}`).toBe(CloseCode.MALFORMED_FRAME)
      expect(closed.reason.length).toBeGreaterThan(0)
    }
    a.records.set('shape:rect1', rectangle(1))
    await waitFor(() => b.shapeIds().includes('shape:rect1'), { what: 'the room to keep working' })
  })

  it('refuses a bad board id, an unknown board and other paths', async () => {
    const bad = rawSocket(`${ctx.server.syncUrl}/not-a-board?token=x`)
    const closed = await bad.closed
    expect(closed).toEqual({ code: CloseCode.BAD_BOARD_ID, reason: 'The board address is not valid' })
    expect(bad.denials).toEqual(['The board address is not valid'])

    const board = await ctx.server.createBoard()
    await ctx.server.server.storage.deleteBoard(board.id)
    const gone = client(board.id, board.tokens.participant)
    await waitFor(() => gone.closes.length > 0, { what: 'refusal of an unknown board' })
    expect(gone.closes[0]).toEqual({ code: CloseCode.BOARD_NOT_FOUND, reason: 'This board does not exist' })
    expect(gone.denials).toEqual(['This board does not exist'])

    const elsewhere = rawSocket(`ws://127.0.0.1:${ctx.server.port}/elsewhere`)
    await expect(elsewhere.opened).rejects.toThrow(/404/)
  })

  it('gives the same doc when loading a compacted board', async () => {
    await ctx.server.dispose()
    ctx.server = await startTestServer({ env: { COMPACT_AFTER_UPDATES: '5' } })
    const board = await ctx.server.createBoard()
    const a = client(board.id, board.tokens.participant)
    const b = client(board.id, board.tokens.participant)
    await synced(a, b)
    for (let i = 1; i <= 12; i++) {
      a.records.set(`shape:rect${i}`, rectangle(i, `v${i}`))
      if (i % 3 === 0) a.records.delete(`shape:rect${i - 1}`)
      await waitFor(() => b.shapeIds().includes(`shape:rect${i}`), { what: `write ${i}` })
    }
    const stored = (await ctx.server.server.storage.loadBoard(board.id))!
    expect(stored.snapshotSeq).toBeGreaterThan(0)
    expect(stored.updates.length).toBeLessThan(5)
    const expected = b.doc.getArray('tldraw').toJSON()

    a.destroy()
    b.destroy()
    ctx.server = await ctx.server.restart()
    const c = client(board.id, board.tokens.viewer)
    await synced(c)
    expect(c.doc.getArray('tldraw').toJSON()).toEqual(expected)
    expect(c.shapeIds()).toEqual(['shape:rect1', 'shape:rect10', 'shape:rect12', 'shape:rect3', 'shape:rect4', 'shape:rect6', 'shape:rect7', 'shape:rect9'])
  })

  it('unloads an empty room after the delay and loads it again on the next join', async () => {
    const board = await ctx.server.createBoard()
    const a = client(board.id, board.tokens.participant)
    await synced(a)
    a.records.set('shape:rect1', rectangle(1))
    await waitFor(async () => ((await ctx.server.server.storage.loadBoard(board.id))?.lastSeq ?? 0) > 0, { what: 'the write to be stored' })
    expect(ctx.server.server.rooms.size).toBe(1)
    a.destroy()
    await waitFor(() => ctx.server.server.rooms.size === 0, { what: 'the room to unload' })
    const b = client(board.id, board.tokens.viewer)
    await synced(b)
    expect(b.shapeIds()).toEqual(['shape:rect1'])
  })
})
