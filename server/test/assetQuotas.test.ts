import { describe, expect, it } from 'vitest'
import { CloseCode, MAX_UPLOAD_BYTES, type CreateBoardResponse } from '@whiteboard/shared'
import { assetPath, type UploadAssetResponse } from '@whiteboard/shared/api/assetsApi'
import { MAX_ASSET_BYTES_PER_BOARD } from '../src/assets/assetLimits'
import { UNREFERENCED_ASSET_TTL_MS } from '../src/assets/AssetSweeper'
import { rectangle } from './records'
import { ownServerPerTest } from './ownServerPerTest'
import type { TestServer } from './testServer'
import { waitFor } from './waitFor'
import { wordyText } from '@whiteboard/shared/test/wordyText'

const { start, client } = ownServerPerTest()

/** A real PNG signature followed by filler: the server judges by the first bytes only. */
function pngBytes(size: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(size)
  for (let i = 16; i < size; i++) bytes[i] = (i + seed) % 251
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  return bytes
}

function upload(s: TestServer, board: CreateBoardResponse, bytes: Uint8Array, role: 'facilitator' | 'participant' = 'participant'): Promise<Response> {
  return fetch(`${s.origin}/api/boards/${board.id}/assets`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', authorization: `Bearer ${board.tokens[role]}` },
    body: bytes,
  })
}

async function uploaded(s: TestServer, board: CreateBoardResponse, bytes: Uint8Array): Promise<UploadAssetResponse> {
  const res = await upload(s, board, bytes)
  expect(res.status).toBe(201)
  return (await res.json()) as UploadAssetResponse
}

/** The tldraw image asset record a browser writes for an upload. */
function imageAsset(id: string, src: string): { id: string; typeName: 'asset'; type: 'image'; props: Record<string, unknown>; meta: Record<string, never> } {
  return { id, typeName: 'asset', type: 'image', props: { w: 10, h: 10, name: 'photo.png', isAnimated: false, mimeType: 'image/png', src, fileSize: 10 }, meta: {} }
}

describe('per-board image quotas', () => {
  it('stops one participant\'s 20 uploads of 10 MiB at the board\'s image quota, with 413 and the reason', async () => {
    const s = await start()
    const board = await s.createBoard()
    const statuses: number[] = []
    let refusal: { error: string; message: string } | undefined
    for (let i = 0; i < 20; i++) {
      const res = await upload(s, board, pngBytes(MAX_UPLOAD_BYTES, i))
      statuses.push(res.status)
      if (res.status !== 201) refusal ??= (await res.json()) as { error: string; message: string }
      else await res.arrayBuffer()
    }
    const kept = Math.floor(MAX_ASSET_BYTES_PER_BOARD / MAX_UPLOAD_BYTES)
    expect(statuses).toEqual([...Array<number>(kept).fill(201), ...Array<number>(20 - kept).fill(413)])
    expect(refusal).toEqual({ error: 'images_too_large', message: expect.stringContaining("The board's images would take more than 20 MiB") as unknown })
    expect(await s.server.storage.assetUsage(board.id)).toEqual({ count: kept, bytes: kept * MAX_UPLOAD_BYTES })
  })

  it('refuses an upload past the count limit', async () => {
    const s = await start({ MAX_ASSETS_PER_BOARD: '3' })
    const board = await s.createBoard()
    for (let i = 0; i < 3; i++) await uploaded(s, board, pngBytes(100, i))
    const res = await upload(s, board, pngBytes(100, 9))
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ error: 'too_many_images', message: expect.stringContaining('already holds 3 images') as unknown })
    // Another board has its own quota.
    await uploaded(s, await s.createBoard(), pngBytes(100))
  })

  it('counts images in the board size: an upload past MAX_BOARD_BYTES is refused, and so is a sync write once images filled the board', async () => {
    const s = await start({ MAX_BOARD_BYTES: String(64 * 1024) })
    const board = await s.createBoard()
    const participant = client(s, board, 'participant')
    await waitFor(() => participant.provider.synced, { what: 'the participant to sync' })
    participant.records.set('shape:rect1', rectangle(1, 'a note'))
    await waitFor(() => (s.server.rooms.peek(board.id)?.doc.getArray('tldraw').length ?? 0) > 2, { what: 'the note to be committed' })

    // The room is loaded: it learns the image's bytes from the upload.
    await uploaded(s, board, pngBytes(56 * 1024))
    expect(s.server.rooms.peek(board.id)?.assetBytes).toBe(56 * 1024)
    const tooMuch = await upload(s, board, pngBytes(10 * 1024))
    expect(tooMuch.status).toBe(413)
    expect(await tooMuch.json()).toEqual({ error: 'board_too_large', message: expect.stringContaining('larger than 64 KiB, its maximum size with images') as unknown })

    participant.records.set('shape:rect2', rectangle(2, wordyText(9000)))
    await waitFor(() => participant.closes.length > 0, { what: 'the write to be refused' })
    expect(participant.closes[0]?.code).toBe(CloseCode.BOARD_TOO_LARGE)

    // A room loaded after the upload counts it too.
    participant.destroy()
    await waitFor(() => s.server.rooms.peek(board.id) === undefined, { what: 'the room to unload' })
    const again = client(s, board, 'participant')
    await waitFor(() => again.provider.synced, { what: 'the second participant to sync' })
    await waitFor(() => s.server.rooms.peek(board.id)?.assetBytes === 56 * 1024, { what: 'the reloaded room to count the image' })
    again.records.set('shape:rect3', rectangle(3, wordyText(9000, 'y')))
    await waitFor(() => again.closes.length > 0, { what: 'the write after reload to be refused' })
    expect(again.closes[0]?.code).toBe(CloseCode.BOARD_TOO_LARGE)
  })
})

describe('asset sweep', () => {
  it('deletes an image unreferenced for a day, and keeps a recent one, one the board uses and one a snapshot holds', async () => {
    let now = Date.now()
    const s = await start({}, { clock: () => now })
    const board = await s.createBoard()
    const facilitator = client(s, board, 'facilitator')
    await waitFor(() => facilitator.provider.synced, { what: 'the facilitator to sync' })
    const used = await uploaded(s, board, pngBytes(100, 1))
    const inSnapshot = await uploaded(s, board, pngBytes(100, 2))
    const never = await uploaded(s, board, pngBytes(100, 3))
    facilitator.records.set('asset:used', imageAsset('asset:used', assetPath(board.id, used.id)))
    facilitator.records.set('asset:snap', imageAsset('asset:snap', assetPath(board.id, inSnapshot.id)))
    await waitFor(() => (s.server.rooms.peek(board.id)?.doc.getArray('tldraw').length ?? 0) >= 4, { what: 'the asset records to be committed' })
    const snapshot = await fetch(`${s.origin}/api/boards/${board.id}/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'with both images' }),
    })
    expect(snapshot.status).toBe(201)
    const { id: snapshotId } = (await snapshot.json()) as { id: string }
    facilitator.records.delete('asset:snap')
    await waitFor(() => s.server.rooms.peek(board.id)?.doc.getArray('tldraw').toArray().every((e) => (e as { key: string }).key !== 'asset:snap'), {
      what: 'the deletion to be committed',
    })
    // Unloading compacts the board: the deleted record's bytes leave the stored state.
    facilitator.destroy()
    await waitFor(() => s.server.rooms.peek(board.id) === undefined, { what: 'the room to unload' })

    // Uploaded less than a day ago: nothing goes, referenced or not.
    expect((await s.server.assetSweeper.sweep()).deleted).toBe(0)
    expect(await s.server.storage.assetUsage(board.id)).toEqual({ count: 3, bytes: 300 })

    now += UNREFERENCED_ASSET_TTL_MS + 60_000
    const outcome = await s.server.assetSweeper.sweep()
    expect(outcome).toMatchObject({ deleted: 1, deletedBytes: 100 })
    const left = new Map((await s.server.storage.listAssets(board.id)).map((a) => [a.id, a.referencedAt]))
    expect([...left.keys()].sort()).toEqual([used.id, inSnapshot.id].sort())
    expect(left.has(never.id)).toBe(false)
    // The sweep saw the used one referenced now; the one only the snapshot holds keeps its old time.
    expect(left.get(used.id)).toBe(now)
    expect(left.get(inSnapshot.id)).toBeLessThan(now - UNREFERENCED_ASSET_TTL_MS)

    // Once the snapshot is gone, nothing holds it any more.
    const del = await fetch(`${s.origin}/api/boards/${board.id}/snapshots/${snapshotId}`, { method: 'DELETE', headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
    expect(del.status).toBe(204)
    expect((await s.server.assetSweeper.sweep()).deleted).toBe(1)
    expect((await s.server.storage.listAssets(board.id)).map((a) => a.id)).toEqual([used.id])
  })
})
