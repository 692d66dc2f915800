import type { TLAsset, TLAssetStore } from 'tldraw'
import { parseAssetPath, type UploadAssetResponse } from '@whiteboard/shared/api/assetsApi'
import { UploadError } from './UploadError'
import { uploadRefusal } from './uploadRefusal'

export interface BoardAssetStoreOptions {
  boardId: string
  /** This client's own board token. It is sent in headers only and never returned as a `src`. */
  token: string
  /** Where the API lives; the page's own origin unless given (tests). */
  origin?: string
}

export interface BoardAssetStore extends TLAssetStore {
  /** Called for every refused or failed upload, so the UI can tell the person why. */
  onUploadError(listener: (error: UploadError) => void): () => void
  /** Tells the listeners of a refusal made before the upload (a file tldraw was handed but we do not take). */
  report(error: UploadError): void
  /** Frees the cached image blobs; call when the board closes. */
  dispose(): void
}

/**
 * tldraw's asset store for a board: images go to `POST /api/boards/:id/assets` and the doc gets
 * a token-free path. Paste, drag-and-drop and the image tool all reach `upload` through tldraw.
 *
 * The doc is readable by every reader of the board, so a token written into it would hand
 * viewers edit rights. Instead `resolve` fetches each image with this client's own token in the
 * Authorization header and hands tldraw a `blob:` URL. The blobs stay in memory, so images keep
 * showing, and exports keep working, while the server is unreachable.
 */
export function createBoardAssetStore({ boardId, token, origin = '' }: BoardAssetStoreOptions): BoardAssetStore {
  const objectUrls = new Map<string, Promise<string | null>>()
  const listeners = new Set<(error: UploadError) => void>()
  const authorization = { Authorization: `Bearer ${token}` }

  const fail = (error: UploadError): never => {
    for (const listener of listeners) listener(error)
    throw error
  }

  const remember = (src: string, url: Promise<string | null>) => {
    objectUrls.set(src, url)
    // A failed fetch must not stick: the next render tries again, e.g. once the server is back.
    void url.then((resolved) => {
      if (resolved === null && objectUrls.get(src) === url) objectUrls.delete(src)
    })
    return url
  }

  return {
    async upload(_asset: TLAsset, file: File, abortSignal?: AbortSignal) {
      const refusal = uploadRefusal(file)
      if (refusal) fail(new UploadError(refusal))

      let response: Response
      try {
        response = await fetch(`${origin}/api/boards/${boardId}/assets`, {
          method: 'POST',
          headers: { ...authorization, 'Content-Type': file.type },
          body: file,
          signal: abortSignal,
        })
      } catch (error) {
        if (abortSignal?.aborted) throw error
        return fail(new UploadError('network'))
      }
      const body: unknown = await response.json().catch(() => null)
      if (response.status !== 201) return fail(UploadError.fromServer(response.status, body))
      const { src } = body as UploadAssetResponse
      // We already hold the bytes: show them without a download round trip.
      void remember(src, Promise.resolve(URL.createObjectURL(file)))
      return { src }
    },

    resolve(asset: TLAsset) {
      const src = asset.props.src
      if (!src) return null
      // Images inlined by other tools still render; they need no network.
      if (src.startsWith('data:')) return src
      const ref = parseAssetPath(src)
      // Anything else would make every reader's browser call a host we do not control
      // (the app promises that no request goes to third parties), and our token belongs to this board only.
      if (!ref || ref.boardId !== boardId) return null
      return objectUrls.get(src) ?? remember(src, fetchObjectUrl(`${origin}${src}`, authorization))
    },

    onUploadError(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    report(error) {
      for (const listener of listeners) listener(error)
    },

    dispose() {
      for (const url of objectUrls.values()) void url.then((resolved) => resolved && URL.revokeObjectURL(resolved))
      objectUrls.clear()
      listeners.clear()
    },
  }
}

async function fetchObjectUrl(url: string, headers: Record<string, string>): Promise<string | null> {
  try {
    const response = await fetch(url, { headers })
    if (!response.ok) return null
    return URL.createObjectURL(await response.blob())
  } catch {
    return null
  }
}
