import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode, metaMap, recordsArray } from '@whiteboard/shared'
import { assetPath } from '@whiteboard/shared/api/assetsApi'
import { updateFrame } from '../src/sync/syncMessages'
import { rawSocket } from './rawSocket'
import { rectangle } from './records'
import { entryKeys, storedDoc } from './storedDoc'
import { connectClient, type SyncClient } from './syncClient'
import { capturedLogger } from './capturedLogger'
import { startTestServer, type TestServer } from './testServer'
import { updateOf } from './updateOf'
import { waitFor } from './waitFor'

let server: TestServer
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.dispose()
})

const ASSET_ID = 'CCCCCCCCCCCCCCCCCCCCCC'

function imageAsset(id: string, src: string | null) {
  return { id, typeName: 'asset', type: 'image', props: { w: 10, h: 10, name: 'bilde.png', isAnimated: false, mimeType: 'image/png', src, fileSize: 10 }, meta: {} }
}

function bookmarkAsset(id: string, image: string, favicon: string) {
  return { id, typeName: 'asset', type: 'bookmark', props: { src: 'https://example.com/side', title: 'Side', description: '', image, favicon }, meta: {} }
}

function embedShape(id: string, url: string) {
  const rect = JSON.parse(JSON.stringify(rectangle(1))) as Record<string, unknown>
  return { ...rect, id, type: 'embed', props: { w: 560, h: 315, url } }
}

function connect(boardId: string, token: string): SyncClient {
  const c = connectClient(server.syncUrl, boardId, token)
  clients.push(c)
  return c
}

describe('records that would load from elsewhere', () => {
  it('are refused for every role: image sources elsewhere or on another board, bookmark pictures from other sites, embeds', async () => {
    server = await startTestServer()
    const board = await server.createBoard()
    const other = await server.createBoard()
    const peer = connect(board.id, board.tokens.facilitator)
    await waitFor(() => peer.provider.synced, { what: 'sync' })
    const cases: { name: string; key: string; val: unknown; reason: string }[] = [
      { name: 'image from another site', key: 'asset:evil', val: imageAsset('asset:evil', 'https://evil.example/pixel.png'), reason: 'asset at props.src: not an image of this board' },
      { name: "another board's image", key: 'asset:other', val: imageAsset('asset:other', assetPath(other.id, ASSET_ID)), reason: 'asset at props.src: not an image of this board' },
      { name: 'inline SVG', key: 'asset:svg', val: imageAsset('asset:svg', 'data:image/svg+xml;base64,PHN2Zz4='), reason: 'asset at props.src: not an image of this board' },
      { name: 'bookmark picture', key: 'asset:bm1', val: bookmarkAsset('asset:bm1', 'https://evil.example/og.png', ''), reason: 'asset at props.image: not an image of this board' },
      { name: 'bookmark icon', key: 'asset:bm2', val: bookmarkAsset('asset:bm2', '', 'https://evil.example/favicon.ico'), reason: 'asset at props.favicon: not an image of this board' },
      { name: 'embed', key: 'shape:embed', val: embedShape('shape:embed', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'), reason: 'shape at type: embeds are not allowed' },
    ]
    for (const token of [board.tokens.participant, board.tokens.facilitator]) {
      for (const c of cases) {
        const attacker = rawSocket(`${server.syncUrl}/${board.id}?token=${encodeURIComponent(token)}`)
        await attacker.opened
        attacker.ws.send(updateFrame(updateOf(peer.doc, (d) => recordsArray(d).push([{ key: c.key, val: c.val }]))))
        expect(await attacker.closed, c.name).toEqual({ code: CloseCode.INVALID_UPDATE, reason: `Refused an invalid record: ${c.reason}` })
      }
    }
    expect(entryKeys(await storedDoc(server.server.storage, board.id))).toEqual(['document:document', 'page:page'])

    // What our own client writes passes: this board's own image path, an empty one while uploading, a plain bookmark.
    const honest = connect(board.id, board.tokens.participant)
    await waitFor(() => honest.provider.synced, { what: 'sync' })
    honest.records.set('asset:own', imageAsset('asset:own', assetPath(board.id, ASSET_ID)))
    honest.records.set('asset:uploading', imageAsset('asset:uploading', null))
    honest.records.set('asset:link', bookmarkAsset('asset:link', '', ''))
    await waitFor(async () => entryKeys(await storedDoc(server.server.storage, board.id)).length === 5, { what: 'the honest assets stored' })
    expect(honest.closes).toEqual([])
  })

  it('are logged by type and field path; no refused content reaches the log', async () => {
    const { logger, lines } = capturedLogger()
    server = await startTestServer({ options: { logger } })
    const board = await server.createBoard()
    const peer = connect(board.id, board.tokens.facilitator)
    await waitFor(() => peer.provider.synced, { what: 'sync' })
    const marker = 'HEMMELIG-INNHOLD-7f3a'
    const rect = JSON.parse(JSON.stringify(rectangle(2))) as { props: Record<string, unknown> }
    const attempts = [
      updateOf(peer.doc, (d) => recordsArray(d).push([{ key: 'asset:a', val: imageAsset('asset:a', `https://evil.example/${marker}.png`) }])),
      updateOf(peer.doc, (d) => recordsArray(d).push([{ key: 'shape:e', val: embedShape('shape:e', `https://www.youtube.com/watch?v=${marker}`) }])),
      updateOf(peer.doc, (d) => recordsArray(d).push([{ key: 'shape:rect2', val: { ...rect, props: { ...rect.props, geo: marker } } }])),
      updateOf(peer.doc, (d) => recordsArray(d).push([{ key: 'shape:rect2', val: { ...rect, props: { ...rect.props, [marker]: 1 } } }])),
      updateOf(peer.doc, (d) => recordsArray(d).push([{ key: `shape:${marker}`, val: { ...rect, id: `shape:${marker}`, x: marker } }])),
      updateOf(peer.doc, (d) => recordsArray(d).push([{ key: `${marker}:1`, val: { ...rect, id: `${marker}:1`, typeName: marker } }])),
      updateOf(peer.doc, (d) => metaMap(d).set(marker, marker)),
      updateOf(peer.doc, (d) => metaMap(d).set('title', { text: marker })),
    ]
    for (const update of attempts) {
      const attacker = rawSocket(`${server.syncUrl}/${board.id}?token=${encodeURIComponent(board.tokens.facilitator)}`)
      await attacker.opened
      attacker.ws.send(updateFrame(update))
      const closed = await attacker.closed
      expect(closed.code).toBe(CloseCode.INVALID_UPDATE)
      expect(closed.reason).not.toContain(marker)
    }
    await waitFor(() => lines.filter((l) => l.includes('connection refused')).length >= attempts.length, { what: 'the refusals logged' })
    expect(lines.join('\n')).not.toContain(marker)
    expect(lines.some((l) => l.includes('asset at props.src: not an image of this board'))).toBe(true)
    expect(lines.some((l) => l.includes('shape at (type = geo).props.geo: not valid'))).toBe(true)
  })
})
