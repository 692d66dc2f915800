import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { createUserId, UserRecordType } from '@tldraw/tlschema'
import { CloseCode, facilitationMap, recordsArray, votesMap } from '@whiteboard/shared'
import { updateFrame } from '../src/sync/syncMessages'
import { FROZEN_REASON } from '../src/sync/frozenBoardGuard'
import { rawSocket } from './rawSocket'
import { rectangle } from './records'
import type { SyncClient } from './syncClient'
import { serverPerTest } from './serverPerTest'
import { issueVoterVia } from './voters'
import { waitFor } from './waitFor'

type Shape = { id: string; x: number }

const ctx = serverPerTest()
const { client } = ctx

const FROZEN = { frozen: true, since: 1 }
const THAWED = { frozen: false, since: 2 }

async function synced(boardId: string, token: string, opts: Parameters<typeof client>[3] = {}): Promise<SyncClient> {
  const c = client(boardId, token, undefined, opts)
  await waitFor(() => c.provider.synced, { what: 'sync' })
  return c
}

/** A board with one rectangle, frozen by its facilitator, and a viewer that watches it. */
async function frozenBoard() {
  const board = await ctx.server.createBoard()
  const f = await synced(board.id, board.tokens.facilitator)
  const note = { ...rectangle(1), id: 'shape:note' } as unknown as Shape
  f.records.set(note.id, note)
  facilitationMap(f.doc).set('freeze', FROZEN)
  const watcher = await synced(board.id, board.tokens.viewer)
  await waitFor(() => facilitationMap(watcher.doc).get('freeze') !== undefined && watcher.records.get(note.id) !== undefined, { what: 'the freeze' })
  return { board, f, watcher, note }
}

describe('freeze board', () => {
  it("refuses a stock participant client's creates, moves and deletes while frozen, and its unfreezing; the facilitator still writes", async () => {
    const { board, f, watcher, note } = await frozenBoard()
    const attempts: { name: string; act: (c: SyncClient) => void; code: number }[] = [
      { name: 'create', act: (c) => c.records.set('shape:new', { ...rectangle(2), id: 'shape:new' }), code: CloseCode.BOARD_FROZEN },
      { name: 'move', act: (c) => c.records.set(note.id, { ...note, x: note.x + 50 }), code: CloseCode.BOARD_FROZEN },
      { name: 'delete', act: (c) => c.records.delete(note.id), code: CloseCode.BOARD_FROZEN },
      { name: 'unfreeze', act: (c) => facilitationMap(c.doc).set('freeze', THAWED), code: CloseCode.FACILITATOR_ONLY },
      { name: 'remove the freeze', act: (c) => facilitationMap(c.doc).delete('freeze'), code: CloseCode.FACILITATOR_ONLY },
    ]
    for (const attempt of attempts) {
      const p = await synced(board.id, board.tokens.participant)
      attempt.act(p)
      await waitFor(() => p.closes.length > 0, { what: `refusal of ${attempt.name}` })
      expect(p.closes[0]!.code, attempt.name).toBe(attempt.code)
      if (attempt.code === CloseCode.BOARD_FROZEN) expect(p.closes[0]!.reason).toBe(FROZEN_REASON)
      p.destroy()
    }
    expect(watcher.records.get(note.id)).toEqual(note)
    expect(watcher.records.get('shape:new')).toBeUndefined()
    expect(facilitationMap(watcher.doc).get('freeze')).toEqual(FROZEN)

    f.records.set(note.id, { ...note, x: note.x + 100 })
    await waitFor(() => (watcher.records.get(note.id) as Shape).x === note.x + 100, { what: "the facilitator's move" })

    // Thawed, the same change from a participant goes through.
    facilitationMap(f.doc).set('freeze', THAWED)
    const p = await synced(board.id, board.tokens.participant)
    await waitFor(() => facilitationMap(p.doc).get('freeze') !== undefined, { what: 'the thaw' })
    p.records.set('shape:new', { ...rectangle(2), id: 'shape:new' })
    await waitFor(() => watcher.records.get('shape:new') !== undefined, { what: 'a participant write after the thaw' })
    expect(p.closes).toEqual([])
    expect(f.closes).toEqual([])
  })

  it('lets a participant vote, write its own attribution record and do YKeyValue housekeeping while frozen', async () => {
    const { board, watcher, note } = await frozenBoard()
    const voter = await issueVoterVia(ctx.server.origin, board.id, board.tokens.participant)
    const p = await synced(board.id, board.tokens.participant, { voterToken: voter.voterToken })

    votesMap(p.doc).set(voter.voterId, { roundId: 'r1', noteIds: [note.id] })
    const user = UserRecordType.create({ id: createUserId('participant-1'), name: '', color: '#ff0000' })
    p.records.set(user.id, user)
    await waitFor(() => votesMap(watcher.doc).get(voter.voterId) !== undefined && watcher.records.get(user.id) !== undefined, { what: 'the vote and the user record' })

    // Two facilitators move the note at once: the participant's YKeyValue deletes the superseded entry.
    const copyDocs = [1, 2].map(() => new Y.Doc())
    const copies = copyDocs.map((doc, i) => {
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(p.doc))
      const before = Y.encodeStateVector(doc)
      new YKeyValue<unknown>(recordsArray(doc)).set(note.id, { ...note, x: note.x + (i + 1) * 100 })
      return Y.encodeStateAsUpdate(doc, before)
    })
    const facilitator = rawSocket(`${ctx.server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.facilitator)}`)
    await facilitator.opened
    facilitator.ws.send(updateFrame(copies[0]!))
    await waitFor(() => (p.records.get(note.id) as Shape).x === note.x + 100, { what: 'the first move' })
    facilitator.ws.send(updateFrame(copies[1]!))
    const room = ctx.server.server.rooms.peek(board.id)!
    await waitFor(() => Y.getState(room.doc.store, copyDocs[1]!.clientID) > 0, { what: 'the second move on the server' })
    // Only the participant does housekeeping here (the raw socket and the viewer do none): one entry left means it passed.
    await waitFor(() => recordsArray(room.doc).toArray().filter((e) => e.key === note.id).length === 1, { what: "the participant's housekeeping on the server" })
    expect(p.closes).toEqual([])
    facilitator.ws.close()
  })

  it('refuses an invalid freeze value from a facilitator', async () => {
    const board = await ctx.server.createBoard()
    const f = await synced(board.id, board.tokens.facilitator)
    facilitationMap(f.doc).set('freeze', { frozen: 'yes', since: 1 })
    await waitFor(() => f.closes.length > 0, { what: 'the refusal' })
    expect(f.closes[0]!.code).toBe(CloseCode.INVALID_UPDATE)
  })
})
