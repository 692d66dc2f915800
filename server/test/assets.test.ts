import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_UPLOAD_BYTES, type CreateBoardResponse } from '@whiteboard/shared'
import type { UploadAssetResponse } from '@whiteboard/shared/api/assetsApi'
import { loadConfig } from '../src/config'
import { startServer, type RunningServer } from '../src/startServer'

let server: RunningServer
let dataDir: string
let origin: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wb-assets-'))
  server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }))
  origin = `http://127.0.0.1:${server.port}`
})

afterAll(async () => {
  await server?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function createBoard(): Promise<CreateBoardResponse> {
  const res = await fetch(`${origin}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Bilder' }) })
  expect(res.status).toBe(201)
  return (await res.json()) as CreateBoardResponse
}

/** A real PNG signature followed by filler: the server judges by the first bytes only. */
function pngBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  for (let i = 16; i < size; i++) bytes[i] = i % 251
  return bytes
}

/**
 * Sends `total` bytes 1 MiB at a time, honouring backpressure, and notes whether the answer
 * arrived only after the whole body had been handed to the socket.
 */
function postInChunks(path: string, token: string, total: number): Promise<{ status: number; body: string; answeredAfterBody: boolean }> {
  const chunk = Buffer.from(pngBytes(1024 * 1024))
  return new Promise((resolve, reject) => {
    let finished = false
    const req = request(
      { host: '127.0.0.1', port: server.port, method: 'POST', path, headers: { 'content-length': total, 'content-type': 'image/png', authorization: `Bearer ${token}` } },
      (res) => {
        const answeredAfterBody = finished
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (text: string) => (body += text))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, answeredAfterBody }))
      },
    )
    req.on('error', reject)
    req.on('finish', () => (finished = true))
    void (async () => {
      for (let sent = 0; sent < total; sent += chunk.length) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent))
        if (!req.write(piece)) await new Promise((drained) => req.once('drain', drained))
      }
      req.end()
    })()
  })
}

function upload(boardId: string, token: string | null, body: RequestInit['body'], contentType = 'image/png'): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': contentType }
  if (token) headers.authorization = `Bearer ${token}`
  return fetch(`${origin}/api/boards/${boardId}/assets`, { method: 'POST', headers, body })
}

describe('POST /api/boards/:id/assets', () => {
  it('stores an image and serves it back with its type, nosniff and immutable caching', async () => {
    const board = await createBoard()
    const bytes = pngBytes(4096)
    const res = await upload(board.id, board.tokens.participant, bytes, 'application/octet-stream')
    expect(res.status).toBe(201)
    const body = (await res.json()) as UploadAssetResponse
    expect(body).toMatchObject({ contentType: 'image/png', size: 4096 })
    expect(body.src).toBe(`/api/boards/${board.id}/assets/${body.id}`)
    expect(body.src).not.toMatch(/token/i)
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/)

    // Every role of the board reads it: by header, or by query for plain links.
    for (const get of [
      () => fetch(`${origin}${body.src}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } }),
      () => fetch(`${origin}${body.src}?token=${encodeURIComponent(board.tokens.facilitator)}`),
    ]) {
      const served = await get()
      expect(served.status).toBe(200)
      expect(served.headers.get('content-type')).toBe('image/png')
      expect(served.headers.get('x-content-type-options')).toBe('nosniff')
      expect(served.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes)
    }
  })

  it('accepts JPEG, WebP and GIF by their bytes, whatever the declared type', async () => {
    const board = await createBoard()
    const samples: Array<[string, Uint8Array]> = [
      ['image/jpeg', Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1)],
      ['image/webp', new TextEncoder().encode('RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00')],
      ['image/gif', new TextEncoder().encode('GIF89a\x01\x00\x01\x00\x00\x00\x00;')],
    ]
    for (const [type, bytes] of samples) {
      const res = await upload(board.id, board.tokens.facilitator, bytes, 'image/png')
      expect(res.status).toBe(201)
      const { src } = (await res.json()) as UploadAssetResponse
      const served = await fetch(`${origin}${src}`, { headers: { authorization: `Bearer ${board.tokens.participant}` } })
      expect(served.headers.get('content-type')).toBe(type)
    }
  })

  it('answers 413 with a JSON message to a body over the limit, only after reading all of it', async () => {
    const board = await createBoard()
    const res = await upload(board.id, board.tokens.participant, pngBytes(MAX_UPLOAD_BYTES + 1))
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: 'too_large', message: expect.stringContaining('10 MiB') })

    // A server that answers while the browser is still sending, then hangs up, shows the browser
    // a connection reset instead of this JSON. So the answer must come after the last byte.
    const answer = await postInChunks(`/api/boards/${board.id}/assets`, board.tokens.participant, MAX_UPLOAD_BYTES + 3 * 1024 * 1024)
    expect(answer).toMatchObject({ status: 413, answeredAfterBody: true })
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'too_large' })
  })

  it('answers 413 to a streamed body with no Content-Length once it passes the limit', async () => {
    const board = await createBoard()
    const chunk = pngBytes(1024 * 1024)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= MAX_UPLOAD_BYTES + chunk.length) return controller.close()
        sent += chunk.length
        controller.enqueue(chunk)
      },
    })
    const res = await fetch(`${origin}/api/boards/${board.id}/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.participant}`, 'content-type': 'image/png' },
      body: stream,
      duplex: 'half',
    })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: 'too_large' })
  })

  it('accepts an image of exactly the limit', async () => {
    const board = await createBoard()
    const res = await upload(board.id, board.tokens.participant, pngBytes(MAX_UPLOAD_BYTES))
    expect(res.status).toBe(201)
  })

  it('answers 415 to a text file named .png', async () => {
    const board = await createBoard()
    const file = new File(['Dette er ikke et bilde, bare tekst.'], 'notat.png', { type: 'image/png' })
    const res = await upload(board.id, board.tokens.participant, file)
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ error: 'unsupported_type', message: expect.stringContaining('PNG, JPEG, WebP and GIF') })
  })

  it('refuses SVG with 415 and says why', async () => {
    const board = await createBoard()
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    const res = await upload(board.id, board.tokens.facilitator, svg, 'image/svg+xml')
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ error: 'svg_refused', message: expect.stringContaining('scripts') })
  })

  it('refuses a viewer with 403 and a message, after reading the body', async () => {
    const board = await createBoard()
    const res = await upload(board.id, board.tokens.viewer, pngBytes(1024))
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining('Viewers') })
    const answer = await postInChunks(`/api/boards/${board.id}/assets`, board.tokens.viewer, 5 * 1024 * 1024)
    expect(answer).toMatchObject({ status: 403, answeredAfterBody: true })
  })

  it('refuses a missing token and a token of another board alike (401), and an empty body (400)', async () => {
    const [a, b] = [await createBoard(), await createBoard()]
    expect((await upload(a.id, null, pngBytes(100))).status).toBe(401)
    expect((await upload(a.id, b.tokens.facilitator, pngBytes(100))).status).toBe(401)
    expect((await upload(a.id, a.tokens.participant, new Uint8Array())).status).toBe(400)
  })
})

describe('GET /api/boards/:id/assets/:assetId', () => {
  it('does not serve an asset of another board with this board\'s token', async () => {
    const [a, b] = [await createBoard(), await createBoard()]
    const { id, src } = (await (await upload(a.id, a.tokens.participant, pngBytes(256))).json()) as UploadAssetResponse
    // B's token on A's path: the signature binds the token to board B.
    const onA = await fetch(`${origin}${src}`, { headers: { authorization: `Bearer ${b.tokens.facilitator}` } })
    expect(onA.status).toBe(401)
    // A's asset id under B's path with B's token: storage keys assets by board.
    const onB = await fetch(`${origin}/api/boards/${b.id}/assets/${id}`, { headers: { authorization: `Bearer ${b.tokens.facilitator}` } })
    expect(onB.status).toBe(404)
    expect(await onB.json()).toMatchObject({ error: 'not_found' })
    // Sanity: A's own token still reads it.
    expect((await fetch(`${origin}${src}`, { headers: { authorization: `Bearer ${a.tokens.viewer}` } })).status).toBe(200)
  })

  it('refuses a missing token, and answers 404 to malformed ids', async () => {
    const board = await createBoard()
    const { src } = (await (await upload(board.id, board.tokens.participant, pngBytes(256))).json()) as UploadAssetResponse
    expect((await fetch(`${origin}${src}`)).status).toBe(401)
    const bad = await fetch(`${origin}/api/boards/${board.id}/assets/..%2F..%2Fsecret`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
    expect(bad.status).toBe(404)
  })

  it('stops serving a board\'s assets once the board is deleted', async () => {
    const board = await createBoard()
    const { src } = (await (await upload(board.id, board.tokens.participant, pngBytes(256))).json()) as UploadAssetResponse
    expect(await server.storage.deleteBoard(board.id)).toBe(true)
    const res = await fetch(`${origin}${src}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
    expect(res.status).toBe(404)
  })
})
