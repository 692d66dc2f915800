import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CloseCode, privateSyncRoom, type CreateBoardResponse } from '@whiteboard/shared'
import type { BoardListing } from '../../src/storage/Storage'
import type { ChildServer } from '../childServer'
import { rectangle } from '../records'
import { createBoardVia } from '../testServer'
import { issueVoterVia } from '../voters'
import { waitFor } from '../waitFor'
import { runAdmin } from './runAdmin'
import { childServersPerTest } from '../childServersPerTest'

const { tempDir, spawn, client } = childServersPerTest()

/** A PNG signature and header, then filler: what the upload route takes as a PNG. */
function pngBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  for (let i = 16; i < size; i++) bytes[i] = i % 251
  return bytes
}

/** When each board's named snapshot was taken, as its server answered. */
const takenAt = new Map<string, number>()

async function boardWithContent(server: ChildServer, title: string): Promise<{ board: CreateBoardResponse; assetId: string }> {
  const board = await createBoardVia(server.origin, { title })
  // The edit comes in a later millisecond than the creation, so its time can tell them apart.
  const created = Date.now()
  await waitFor(() => Date.now() > created, { what: 'the clock to move past the creation' })
  const writer = client(server, board.id, board.tokens.participant)
  const watcher = client(server, board.id, board.tokens.viewer)
  await waitFor(() => writer.provider.synced && watcher.provider.synced, { what: 'the writer and the watcher to sync' })
  for (let i = 1; i <= 3; i++) writer.records.set(`shape:rect${i}`, rectangle(i))
  // The server passes an edit on only once it is stored: then the board's last change is recorded.
  await waitFor(() => watcher.shapeIds().length === 3, { what: 'the edit to be stored and reach the watcher' })
  const snapshot = await fetch(`${server.origin}/api/boards/${board.id}/snapshots`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.tokens.facilitator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Før pausen', author: 'Kari' }),
  })
  expect(snapshot.status).toBe(201)
  takenAt.set(board.id, ((await snapshot.json()) as { takenAt: number }).takenAt)
  const upload = await fetch(`${server.origin}/api/boards/${board.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${board.tokens.participant}`, 'content-type': 'image/png' }, body: pngBytes(5000) })
  expect(upload.status).toBe(201)
  return { board, assetId: ((await upload.json()) as { id: string }).id }
}

describe('npm run admin', () => {
  it('lists boards and totals, deletes a board under a running server whose clients are then closed with "board does not exist", and moves a board with history and images to another server', async () => {
    const dataDir = tempDir('wb-admin-')
    const server = await spawn({ DATA_DIR: dataDir })
    const { board: kept, assetId } = await boardWithContent(server, 'Beholdes')
    const doomed = await createBoardVia(server.origin, { title: 'Slettes' })

    const listed = await runAdmin(['--json', 'boards', 'list'], { DATA_DIR: dataDir })
    expect(listed.code).toBe(0)
    const boards = JSON.parse(listed.stdout) as BoardListing[]
    expect(boards.map((b) => [b.id, b.title, b.gatheringId])).toEqual([
      [kept.id, 'Beholdes', null],
      [doomed.id, 'Slettes', null],
    ])
    const keptListing = boards.find((b) => b.id === kept.id)!
    expect(keptListing.stateBytes).toBeGreaterThan(0)
    expect(keptListing.historyBytes).toBeGreaterThan(0)
    expect(keptListing.assetBytes).toBe(5000)
    // Edited by a client after its creation, the kept board's last change is that edit; the other one was never edited.
    expect(keptListing.lastChangedAt).toBeGreaterThan(keptListing.createdAt)
    const doomedListing = boards.find((b) => b.id === doomed.id)!
    expect(doomedListing.lastChangedAt).toBe(doomedListing.createdAt)
    const human = await runAdmin(['boards', 'list'], { DATA_DIR: dataDir })
    expect(human.stdout.split('\n')[0]).toMatch(/^id +title +created \(UTC\) +last change \(UTC\) +last used \(UTC\) +size +history +images +gathering$/)
    const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
    expect(human.stdout).toMatch(new RegExp(`${kept.id}  Beholdes +${when(keptListing.createdAt)} +${when(keptListing.lastChangedAt)} +${when(keptListing.lastUsedAt)} `))
    expect(human.stdout).toMatch(/4\.9 KiB/)

    const stats = await runAdmin(['--json', 'stats'], { DATA_DIR: dataDir })
    expect(JSON.parse(stats.stdout)).toMatchObject({ boards: 2, gatherings: 0, usedWithin7Days: 2, assetBytes: 5000, retentionDays: null })

    // Two people are on the board when it is deleted from the command line; on another board, one
    // person has only a private-mode tab open (no room of that board is loaded here).
    const people = [client(server, doomed.id, doomed.tokens.facilitator), client(server, doomed.id, doomed.tokens.viewer)]
    const alone = await createBoardVia(server.origin, { title: 'Bare privat' })
    const { voterToken } = await issueVoterVia(server.origin, alone.id, alone.tokens.participant)
    const privateTab = client(server, privateSyncRoom(alone.id), alone.tokens.participant, { voterToken })
    await waitFor(() => [...people, privateTab].every((p) => p.provider.synced), { what: 'people on the doomed boards' })
    for (const board of [doomed, alone]) {
      const deleted = await runAdmin(['boards', 'delete', board.id], { DATA_DIR: dataDir })
      expect(deleted.stderr).toBe('')
      expect(deleted.code).toBe(0)
    }
    await waitFor(() => [...people, privateTab].every((p) => p.closes.length > 0), { what: 'the running server to close the deleted boards', timeoutMs: 15_000 })
    for (const p of [...people, privateTab]) expect(p.closes[0]).toEqual({ code: CloseCode.BOARD_NOT_FOUND, reason: 'This board was deleted by the server administrator' })
    expect((JSON.parse((await runAdmin(['--json', 'boards', 'list'], { DATA_DIR: dataDir })).stdout) as BoardListing[]).map((b) => b.id)).toEqual([kept.id])

    // Export from the running server, import into another DATA_DIR with a secret of its own.
    const file = join(tempDir('wb-admin-file-'), 'board.json')
    const exported = await runAdmin(['boards', 'export', kept.id, file], { DATA_DIR: dataDir })
    expect(exported.code).toBe(0)
    expect(exported.stdout).toContain('with 1 history snapshots and 1 images')
    const otherDir = tempDir('wb-admin-other-')
    const imported = await runAdmin(['--json', 'boards', 'import', file], { DATA_DIR: otherDir, PUBLIC_URL: 'https://tavle.example.no' })
    expect(imported.stderr).toBe('')
    const { links } = JSON.parse(imported.stdout) as { links: Record<string, string> }
    expect(links.participant).toMatch(new RegExp(`^https://tavle\\.example\\.no/b/${kept.id}#token=`))
    // Moving a board changes nothing in it: it keeps the time of its last change.
    const importedListing = (JSON.parse((await runAdmin(['--json', 'boards', 'list'], { DATA_DIR: otherDir })).stdout) as BoardListing[])[0]
    expect(importedListing).toMatchObject({ id: kept.id, lastChangedAt: keptListing.lastChangedAt })
    const again = await runAdmin(['boards', 'import', file], { DATA_DIR: otherDir })
    expect(again.code).toBe(1)
    expect(again.stderr.trim()).toBe(`This server has a board ${kept.id} already; delete it first (boards delete ${kept.id}) to replace it.`)

    const other = await spawn({ DATA_DIR: otherDir })
    const token = decodeURIComponent(links.participant!.split('#token=')[1]!)
    const reader = client(other, kept.id, token)
    await waitFor(() => reader.provider.synced, { what: 'the imported board to open with its new link' })
    expect(reader.shapeIds()).toEqual(['shape:rect1', 'shape:rect2', 'shape:rect3'])
    const facilitator = decodeURIComponent(links.facilitator!.split('#token=')[1]!)
    const history = await fetch(`${other.origin}/api/boards/${kept.id}/snapshots`, { headers: { authorization: `Bearer ${facilitator}` } })
    expect(history.status).toBe(200)
    // The snapshot keeps its name, author and the time it was taken.
    expect(((await history.json()) as { snapshots: { author: string }[] }).snapshots).toEqual([expect.objectContaining({ name: 'Før pausen', author: 'Kari', takenAt: takenAt.get(kept.id) })])
    const image = await fetch(`${other.origin}/api/boards/${kept.id}/assets/${assetId}`, { headers: { authorization: `Bearer ${token}` } })
    expect(image.status).toBe(200)
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(pngBytes(5000))
  }, 180_000)

  it('says what is wrong in plain words: an unknown board, a missing argument, an unknown command, a file that is not a board file', async () => {
    const dataDir = tempDir('wb-admin-errors-')
    const nowhere = await runAdmin(['boards', 'list'], { DATA_DIR: join(dataDir, 'typo') })
    expect([nowhere.code, nowhere.stderr.trim()]).toEqual([1, `${join(dataDir, 'typo')} holds no boards.db: is DATA_DIR right?`])
    const server = await spawn({ DATA_DIR: dataDir })
    await server.kill('SIGTERM')
    const unknown = await runAdmin(['boards', 'delete', 'AAAAAAAAAAAAAAAAAAAAAA'], { DATA_DIR: dataDir })
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'There is no board AAAAAAAAAAAAAAAAAAAAAA.'])
    // Ids are base64url, so one in 64 begins with "-": it is an id, not an option.
    const dashed = await runAdmin(['boards', 'delete', '-fAAAAAAAAAAAAAAAAAAAA'], { DATA_DIR: dataDir })
    expect([dashed.code, dashed.stderr.trim()]).toEqual([1, 'There is no board -fAAAAAAAAAAAAAAAAAAAA.'])
    const missing = await runAdmin(['boards', 'export'], { DATA_DIR: dataDir })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^Missing the id of the board to export\./)
    const wrong = await runAdmin(['frobnicate'], { DATA_DIR: dataDir })
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/^Unknown command "frobnicate"\./)
    const notBoard = join(dataDir, 'x.json')
    await import('node:fs/promises').then((fs) => fs.writeFile(notBoard, JSON.stringify({ format: 'something-else' })))
    const bad = await runAdmin(['boards', 'import', notBoard], { DATA_DIR: dataDir })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/is not a board file this server reads: format: /)
    for (const run of [nowhere, unknown, dashed, missing, wrong, bad]) expect(run.stderr).not.toMatch(/\n\s+at /)
  }, 120_000)
})
