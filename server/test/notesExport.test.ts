import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { facilitationMap, votesMap, type CreateBoardResponse } from '@whiteboard/shared'
import type { NoteRow, NotesExportResponse } from '@whiteboard/shared/api/notesExportApi'
import { getTemplate, TEMPLATE_IDS } from '@whiteboard/shared/templates/catalog'
import type { BoxItem } from '@whiteboard/shared/templates/types'
import { noteRecord } from '@whiteboard/shared/test/noteRecord'
import { connectClient, type SyncClient } from './syncClient'
import { startTestServer, type TestServer } from './testServer'
import { issueVoterVia } from './voters'
import { waitFor } from './waitFor'

let server: TestServer
const clients: SyncClient[] = []

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.dispose()
})

async function client(board: CreateBoardResponse, token: string, voterToken?: string): Promise<SyncClient> {
  const c = connectClient(server.syncUrl, board.id, token, voterToken ? { voterToken } : {})
  clients.push(c)
  await waitFor(() => c.provider.synced, { what: 'sync' })
  return c
}

function close(c: SyncClient): void {
  c.destroy()
  clients.splice(clients.indexOf(c), 1)
}

async function exportJson(board: CreateBoardResponse, token: string): Promise<NotesExportResponse> {
  const res = await fetch(`${server.origin}/api/boards/${board.id}/export/notes.json`, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as NotesExportResponse
}

/** Where the template's frame landed on the board (the client reads it, as a person would see it). */
function frameOrigin(c: SyncClient, templateId: string): { x: number; y: number } {
  for (const { val } of c.records.map.values()) {
    const r = val as { type?: string; x: number; y: number; meta?: { role?: string; template?: string } }
    if (r.type === 'frame' && r.meta?.role === 'frame' && r.meta.template === templateId) return { x: r.x, y: r.y }
  }
  throw new Error(`no ${templateId} frame`)
}

function part(templateId: string, name: string): BoxItem {
  const item = getTemplate(templateId)!.items.find((i) => i.part === name)
  if (item?.kind !== 'box') throw new Error(`no box ${name}`)
  return item
}

describe('the notes of a board made from every template', () => {
  for (const id of TEMPLATE_IDS) {
    it(`${id}: notes placed in known cells by a stock client come back in those cells, live and after the board is unloaded`, async () => {
      const board = await server.createBoard({ template: id, lang: 'nb', title: `Prøve ${id}` })
      const p = await client(board, board.tokens.participant)
      const origin = frameOrigin(p, id)
      const def = getTemplate(id)!
      const cells = def.items.filter((i): i is BoxItem => i.kind === 'box' && ['lane', 'quadrant', 'step'].includes(i.role) && i.label !== undefined)
      const expected: Partial<NoteRow>[] = []
      cells.forEach((cell, i) => {
        const cx = origin.x + cell.x + cell.w / 2 + 120
        const cy = origin.y + cell.y + cell.h / 2
        p.records.set(`shape:placed${i}`, noteRecord({ id: `shape:placed${i}`, cx, cy, text: `lapp ${i}` }))
        expected.push({ frame: def.name.nb, template: id, row: cell.label!.nb, text: `lapp ${i}`, x: cx, y: cy, votes: null })
      })
      p.records.set('shape:outside', noteRecord({ id: 'shape:outside', cx: origin.x - 5000, cy: origin.y, text: 'utenfor' }))
      expected.push({ frame: '', template: '', row: '', column: '', text: 'utenfor', votes: null })

      const ours = (rows: NoteRow[]) => rows.filter((r) => r.text.startsWith('lapp ') || r.text === 'utenfor')
      const live = await waitFor(async () => {
        const body = await exportJson(board, board.tokens.viewer)
        return ours(body.notes).length === expected.length ? body : undefined
      }, { what: 'the notes in the export' })
      expect(live.title).toBe(`Prøve ${id}`)
      expect(live.lang).toBe('nb')
      expect(ours(live.notes)).toEqual(expected.map((e): unknown => expect.objectContaining(e)))

      close(p)
      await waitFor(() => server.server.rooms.peek(board.id) === undefined, { what: 'the board to be unloaded' })
      expect((await exportJson(board, board.tokens.viewer)).notes).toEqual(live.notes)
    })
  }

  it('service journey: the lane is the row and the stage the column, in the CSV too', async () => {
    const board = await server.createBoard({ template: 'service-journey', lang: 'nb' })
    const p = await client(board, board.tokens.participant)
    const origin = frameOrigin(p, 'service-journey')
    const pain = part('service-journey', 'lane:painPoints')
    const stage = part('service-journey', 'stage:2')
    p.records.set('shape:ko', noteRecord({ id: 'shape:ko', cx: origin.x + stage.x + 200, cy: origin.y + pain.y + 110, text: '=Lang kø, "igjen"' }))
    const csv = await waitFor(async () => {
      const res = await fetch(`${server.origin}/api/boards/${board.id}/export/notes.csv?token=${encodeURIComponent(board.tokens.viewer)}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".*-notes\.csv"; filename\*=UTF-8''/)
      expect(res.headers.get('cache-control')).toBe('no-store')
      const bytes = Buffer.from(await res.arrayBuffer())
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const text = bytes.toString('utf8')
      return text.includes('Lang kø') ? text : undefined
    }, { what: 'the note in the CSV' })
    expect(csv.split('\r\n')[0]).toBe('\ufeffframe,template,row,column,text,color,votes,x,y')
    expect(csv).toContain(`Tjenestereise,service-journey,Smertepunkter,Under,"'=Lang kø, ""igjen""",yellow,,${origin.x + stage.x + 200},${origin.y + pain.y + 110}\r\n`)
  })
})

describe('votes', () => {
  it('gives the dots of a live round, and none while a hidden round is not revealed', async () => {
    const board = await server.createBoard({ title: 'Stemmer' })
    const { voterToken, voterId } = await issueVoterVia(server.origin, board.id, board.tokens.facilitator)
    const f = await client(board, board.tokens.facilitator, voterToken)
    f.records.set('shape:a', noteRecord({ id: 'shape:a', cx: 0, cy: 0, text: 'A' }))
    f.records.set('shape:b', noteRecord({ id: 'shape:b', cx: 300, cy: 0, text: 'B' }))
    const round = { roundId: 'r1', votesPerPerson: 3, frameId: null, visibility: 'hidden', status: 'open', startedAt: 0 }
    facilitationMap(f.doc).set('voting', round)
    votesMap(f.doc).set(voterId, { roundId: 'r1', noteIds: ['shape:b'] })
    await waitFor(async () => (await exportJson(board, board.tokens.participant)).notes.length === 2, { what: 'the notes' })
    await waitFor(() => server.server.rooms.peek(board.id)?.doc.getMap('votes').has(voterId), { what: 'the vote on the server' })
    expect((await exportJson(board, board.tokens.participant)).notes.map((n) => n.votes)).toEqual([null, null])

    facilitationMap(f.doc).set('voting', { ...round, status: 'revealed' })
    const revealed = await waitFor(async () => {
      const { notes } = await exportJson(board, board.tokens.viewer)
      return notes[0]!.votes !== null ? notes : undefined
    }, { what: 'the revealed totals' })
    expect(revealed.map((n) => [n.text, n.votes])).toEqual([
      ['A', 0],
      ['B', 1],
    ])
  })
})

describe('who may read', () => {
  it('answers every role in both formats, with the token in the header or the query', async () => {
    const board = await server.createBoard({ title: 'Roller' })
    for (const role of ['viewer', 'participant', 'facilitator'] as const) {
      for (const format of ['csv', 'json']) {
        const viaHeader = await fetch(`${server.origin}/api/boards/${board.id}/export/notes.${format}`, { headers: { authorization: `Bearer ${board.tokens[role]}` } })
        expect(viaHeader.status, `${role} ${format}`).toBe(200)
        await viaHeader.arrayBuffer()
        const viaQuery = await fetch(`${server.origin}/api/boards/${board.id}/export/notes.${format}?token=${encodeURIComponent(board.tokens[role])}`)
        expect(viaQuery.status, `${role} ${format}`).toBe(200)
        await viaQuery.arrayBuffer()
      }
    }
  })

  it('answers a deleted board with 404 and an unknown format with 404, both as JSON', async () => {
    const board = await server.createBoard({ title: 'Borte' })
    const xml = await fetch(`${server.origin}/api/boards/${board.id}/export/notes.xml`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
    expect(xml.status).toBe(404)
    expect(((await xml.json()) as { error: string }).error).toBe('not_found')
    const del = await fetch(`${server.origin}/api/boards/${board.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
    expect(del.status).toBe(204)
    const gone = await fetch(`${server.origin}/api/boards/${board.id}/export/notes.json`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
    expect(gone.status).toBe(404)
    expect(await gone.json()).toEqual({ error: 'board_not_found', message: 'This board does not exist' })
  })
})
