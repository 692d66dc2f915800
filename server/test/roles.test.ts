import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { CloseCode, facilitationMap, recordsArray, type CreateBoardResponse } from '@whiteboard/shared'
import { TEMPLATE_IDS } from '@whiteboard/shared/templates/catalog'
import { isScaffolding } from '@whiteboard/shared/templates/templateMeta'
import { updateFrame } from '../src/sync/syncMessages'
import { rawSocket } from './rawSocket'
import { rectangle } from './records'
import { storedDoc } from './storedDoc'
import type { SyncClient } from './syncClient'
import { serverPerTest } from './serverPerTest'
import { updateOf } from './updateOf'
import { waitFor } from './waitFor'

type Shape = { id: string; x: number; isLocked: boolean; meta: unknown }

const ctx = serverPerTest()
const { client } = ctx

async function templateBoard(): Promise<{ board: CreateBoardResponse; scaffold: Shape; starter: Shape | undefined }> {
  const board = await ctx.server.createBoard({ template: TEMPLATE_IDS[0] })
  const probe = client(board.id, board.tokens.viewer)
  await waitFor(() => probe.provider.synced, { what: 'sync' })
  const shapes = [...probe.records.map.values()].map((e) => (e as { val: Shape }).val).filter((v) => v.id.startsWith('shape:'))
  const scaffold = shapes.find((s) => isScaffolding(s) && s.isLocked)
  if (!scaffold) throw new Error('the template has no scaffolding')
  return { board, scaffold, starter: shapes.find((s) => !isScaffolding(s)) }
}

/** The raw live entries of a key in the records array (duplicates included). */
function liveEntries(doc: Y.Doc, key: string): unknown[] {
  return recordsArray(doc)
    .toArray()
    .filter((e) => e.key === key)
    .map((e) => e.val)
}

describe('roles, judged by effect', () => {
  it('a participant cannot move, unlock or delete template scaffolding, nor create any; a facilitator can', async () => {
    const { board, scaffold, starter } = await templateBoard()
    const watcher = client(board.id, board.tokens.viewer)
    await waitFor(() => watcher.provider.synced, { what: 'sync' })

    const attempts: { name: string; act: (c: SyncClient) => void }[] = [
      { name: 'move', act: (c) => c.records.set(scaffold.id, { ...scaffold, x: scaffold.x + 50 }) },
      { name: 'unlock', act: (c) => c.records.set(scaffold.id, { ...scaffold, isLocked: false }) },
      { name: 'delete', act: (c) => c.records.delete(scaffold.id) },
      { name: 'create', act: (c) => c.records.set('shape:fake', { ...rectangle(1), id: 'shape:fake', meta: scaffold.meta }) },
    ]
    if (starter) attempts.push({ name: 'turn starter content into scaffolding', act: (c) => c.records.set(starter.id, { ...starter, meta: scaffold.meta }) })
    for (const attempt of attempts) {
      const p = client(board.id, board.tokens.participant)
      await waitFor(() => p.provider.synced, { what: 'sync' })
      attempt.act(p)
      await waitFor(() => p.closes.length > 0, { what: `refusal of ${attempt.name}` })
      expect(p.closes[0], attempt.name).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'Only a facilitator can change or unlock the template scaffolding' })
      p.destroy()
    }
    expect(watcher.records.get(scaffold.id)).toEqual(scaffold)
    expect(watcher.records.get('shape:fake')).toBeUndefined()

    // Ordinary content stays a participant's to change, next to the scaffolding.
    const p = client(board.id, board.tokens.participant)
    await waitFor(() => p.provider.synced, { what: 'sync' })
    p.records.set('shape:note', { ...rectangle(2), id: 'shape:note' })
    if (starter) p.records.set(starter.id, { ...starter, x: starter.x + 10 })
    await waitFor(() => watcher.records.get('shape:note') !== undefined, { what: 'a participant write' })

    const f = client(board.id, board.tokens.facilitator)
    await waitFor(() => f.provider.synced, { what: 'sync' })
    f.records.set(scaffold.id, { ...scaffold, isLocked: false, x: scaffold.x + 50 })
    await waitFor(() => (watcher.records.get(scaffold.id) as Shape).x === scaffold.x + 50, { what: 'the facilitator unlock and move' })
    f.records.delete(scaffold.id)
    await waitFor(() => watcher.records.get(scaffold.id) === undefined, { what: 'the facilitator delete' })
    expect(f.closes).toEqual([])
    expect(p.closes).toEqual([])
  })

  it("passes a participant's YKeyValue housekeeping of a superseded scaffolding duplicate, and refuses deleting the shown entry", async () => {
    const { board, scaffold } = await templateBoard()
    const participant = client(board.id, board.tokens.participant)
    await waitFor(() => participant.provider.synced, { what: 'sync' })

    // Two facilitators move the same scaffolding shape at once, each from its own copy of the board.
    const copyDocs: Y.Doc[] = []
    const copies = [1, 2].map((n) => {
      const doc = new Y.Doc()
      copyDocs.push(doc)
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(participant.doc))
      const before = Y.encodeStateVector(doc)
      const kv = new YKeyValue<unknown>(recordsArray(doc))
      kv.set(scaffold.id, { ...scaffold, x: scaffold.x + n * 100 })
      return Y.encodeStateAsUpdate(doc, before)
    })
    // A raw socket does no housekeeping of its own, so only the participant's YKeyValue does it.
    const facilitator = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.facilitator)}`)
    await facilitator.opened
    facilitator.ws.send(updateFrame(copies[0]!))
    await waitFor(() => (participant.records.get(scaffold.id) as Shape).x === scaffold.x + 100, { what: 'the first move' })
    // The second arrives at a client that holds the first: it sees two entries for one key and
    // deletes the one on the left, whichever that is. Allowed: it is housekeeping, not an attack.
    facilitator.ws.send(updateFrame(copies[1]!))
    const room = ctx.server.server.rooms.peek(board.id)!
    await waitFor(() => Y.getState(room.doc.store, copyDocs[1]!.clientID) > 0, { what: 'the second move on the server' })
    await waitFor(() => liveEntries(room.doc, scaffold.id).length === 1, { what: 'the housekeeping to reach the server' })
    expect(participant.closes).toEqual([])
    const shown = participant.records.get(scaffold.id)
    expect(liveEntries(room.doc, scaffold.id)).toEqual([shown])

    // Deleting the one entry shown is deleting the scaffolding: refused.
    const attacker = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.participant)}`)
    await attacker.opened
    const deletion = updateOf(room.doc, (doc) => {
      const arr = recordsArray(doc)
      arr.delete(arr.toArray().findIndex((e) => e.key === scaffold.id))
    })
    attacker.ws.send(updateFrame(deletion))
    expect((await attacker.closed).code).toBe(CloseCode.FACILITATOR_ONLY)
    expect(liveEntries(room.doc, scaffold.id)).toEqual([shown])
  })

  it('a participant cannot change the facilitation state; a facilitator can', async () => {
    const board = await ctx.server.createBoard()
    const f = client(board.id, board.tokens.facilitator)
    await waitFor(() => f.provider.synced, { what: 'sync' })
    const timer = { status: 'idle', durationMs: 300_000 }
    facilitationMap(f.doc).set('timer', timer)
    const writes: [string, unknown][] = [
      ['timer', { status: 'running', durationMs: 300_000, endsAt: Date.now() + 300_000 }],
      ['voting', { roundId: 'r1', votesPerPerson: 3, frameId: null, visibility: 'hidden', status: 'open', startedAt: Date.now() }],
      ['summon', { seq: 1, by: 'me', pageId: 'page:page', bounds: { x: 0, y: 0, w: 100, h: 100 } }],
      ['presenter', { presenceUserId: 'me', since: Date.now() }],
    ]
    for (const [key, value] of writes) {
      const p = client(board.id, board.tokens.participant)
      await waitFor(() => p.provider.synced && facilitationMap(p.doc).get('timer') !== undefined, { what: 'sync' })
      facilitationMap(p.doc).set(key, value)
      await waitFor(() => p.closes.length > 0, { what: `refusal of ${key}` })
      expect(p.closes[0], key).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: 'Only a facilitator can control the timer, voting, summon, presenting and the run sheet' })
      p.destroy()
    }
    const p = client(board.id, board.tokens.participant)
    await waitFor(() => p.provider.synced && facilitationMap(p.doc).get('timer') !== undefined, { what: 'sync' })
    facilitationMap(p.doc).delete('timer')
    await waitFor(() => p.closes.length > 0, { what: 'refusal of a delete' })
    expect(p.closes[0]!.code).toBe(CloseCode.FACILITATOR_ONLY)

    for (const [key, value] of writes) facilitationMap(f.doc).set(key, value)
    facilitationMap(f.doc).delete('presenter')
    await waitFor(async () => {
      const stored = facilitationMap(await storedDoc(ctx.server.server.storage, board.id))
      return stored.get('summon') !== undefined && !stored.has('presenter')
    }, { what: 'the facilitator writes to be stored' })
    expect(f.closes).toEqual([])
    expect(facilitationMap(await storedDoc(ctx.server.server.storage, board.id)).get('timer')).toEqual(writes[0]![1])
  })
})
