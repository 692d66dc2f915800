import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TLAsset, TLAssetContext } from 'tldraw'
import { MAX_UPLOAD_BYTES } from '@whiteboard/shared'
import { createBoardAssetStore } from './createBoardAssetStore'
import { UploadError } from './UploadError'

const boardId = 'b'.repeat(22)
const assetId = 'a'.repeat(22)
const token = 'participant.secret-signature'
const ctx = { screenScale: 1, steppedScreenScale: 1, dpr: 1, networkEffectiveType: null, shouldResolveToOriginal: false } satisfies TLAssetContext
const asset = (src: string | null) => ({ id: 'asset:x', typeName: 'asset', type: 'image', props: { src }, meta: {} }) as unknown as TLAsset
const png = (size = 8) => new File([new Uint8Array(size)], 'foto.png', { type: 'image/png' })

type FetchArgs = [string, RequestInit | undefined]
function stubFetch(answer: (url: string, init?: RequestInit) => Response) {
  const calls: FetchArgs[] = []
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    calls.push([url, init])
    return answer(url, init)
  })
  return calls
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

afterEach(() => vi.unstubAllGlobals())

describe('createBoardAssetStore.upload', () => {
  it('posts the bytes with the token in a header and returns a token-free src', async () => {
    const calls = stubFetch(() => json(201, { id: assetId, src: `/api/boards/${boardId}/assets/${assetId}`, contentType: 'image/png', size: 8 }))
    const store = createBoardAssetStore({ boardId, token })
    const { src } = await store.upload(asset(null), png())
    expect(src).toBe(`/api/boards/${boardId}/assets/${assetId}`)
    expect(src).not.toContain('token')
    const [url, init] = calls[0]!
    expect(url).toBe(`/api/boards/${boardId}/assets`)
    expect(init?.method).toBe('POST')
    expect(new Headers(init?.headers).get('authorization')).toBe(`Bearer ${token}`)
    // The uploaded bytes are shown from memory: resolving needs no download.
    expect(await store.resolve!(asset(src), ctx)).toMatch(/^blob:/)
    expect(calls).toHaveLength(1)
    store.dispose()
  })

  it('refuses oversized and SVG files before any request, and tells the listener', async () => {
    const calls = stubFetch(() => json(500, {}))
    const store = createBoardAssetStore({ boardId, token })
    const seen: string[] = []
    store.onUploadError((error) => seen.push(error.code))
    await expect(store.upload(asset(null), png(MAX_UPLOAD_BYTES + 1))).rejects.toMatchObject({ code: 'too_large' })
    await expect(store.upload(asset(null), new File(['<svg/>'], 'x.svg', { type: 'image/svg+xml' }))).rejects.toMatchObject({ code: 'svg_refused' })
    await expect(store.upload(asset(null), new File(['x'], 'x.pdf', { type: 'application/pdf' }))).rejects.toMatchObject({ code: 'unsupported_type' })
    expect(seen).toEqual(['too_large', 'svg_refused', 'unsupported_type'])
    expect(calls).toHaveLength(0)
  })

  it('passes the server refusal on with its code and message', async () => {
    stubFetch(() => json(415, { error: 'unsupported_type', message: 'Only PNG, JPEG, WebP and GIF images can be added.' }))
    const store = createBoardAssetStore({ boardId, token })
    const error = await store.upload(asset(null), png()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UploadError)
    expect(error).toMatchObject({ code: 'unsupported_type', serverMessage: 'Only PNG, JPEG, WebP and GIF images can be added.' })
  })

  it('tells a full board and a full server disk apart from an image over the upload limit', async () => {
    const store = createBoardAssetStore({ boardId, token })
    const codeOf = async (status: number, error: string) => {
      stubFetch(() => json(status, { error, message: 'from the server' }))
      return ((await store.upload(asset(null), png()).catch((e: unknown) => e)) as UploadError).code
    }
    expect(await codeOf(413, 'too_many_images')).toBe('too_many_images')
    expect(await codeOf(413, 'images_too_large')).toBe('images_too_large')
    expect(await codeOf(413, 'board_too_large')).toBe('board_too_large')
    expect(await codeOf(507, 'disk_budget')).toBe('disk_budget')
    expect(await codeOf(507, 'something_new')).toBe('disk_budget')
  })

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed')
    })
    const store = createBoardAssetStore({ boardId, token })
    await expect(store.upload(asset(null), png())).rejects.toMatchObject({ code: 'network' })
  })
})

describe('createBoardAssetStore.resolve', () => {
  it('fetches this board\'s assets with the token header, once, as a blob URL', async () => {
    const calls = stubFetch(() => new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { 'content-type': 'image/png' } }))
    const store = createBoardAssetStore({ boardId, token, origin: 'http://host' })
    const src = `/api/boards/${boardId}/assets/${assetId}`
    const first = await store.resolve!(asset(src), ctx)
    const second = await store.resolve!(asset(src), ctx)
    expect(first).toMatch(/^blob:/)
    expect(second).toBe(first)
    expect(calls).toHaveLength(1)
    expect(calls[0]![0]).toBe(`http://host${src}`)
    expect(new Headers(calls[0]![1]?.headers).get('authorization')).toBe(`Bearer ${token}`)
  })

  it('retries after a failed fetch', async () => {
    let status = 503
    const calls = stubFetch(() => new Response(new Uint8Array([1]), { status }))
    const store = createBoardAssetStore({ boardId, token })
    const src = `/api/boards/${boardId}/assets/${assetId}`
    expect(await store.resolve!(asset(src), ctx)).toBeNull()
    status = 200
    expect(await store.resolve!(asset(src), ctx)).toMatch(/^blob:/)
    expect(calls).toHaveLength(2)
  })

  it('resolves nothing outside this board and never calls foreign hosts', async () => {
    const calls = stubFetch(() => new Response(new Uint8Array([1])))
    const store = createBoardAssetStore({ boardId, token })
    expect(await store.resolve!(asset(`/api/boards/${'c'.repeat(22)}/assets/${assetId}`), ctx)).toBeNull()
    expect(await store.resolve!(asset('https://tracker.example/pixel.png'), ctx)).toBeNull()
    expect(await store.resolve!(asset(null), ctx)).toBeNull()
    expect(await store.resolve!(asset('data:image/png;base64,AAAA'), ctx)).toBe('data:image/png;base64,AAAA')
    expect(calls).toHaveLength(0)
  })
})
