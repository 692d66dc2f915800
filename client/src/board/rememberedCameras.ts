/**
 * Where each board's camera was when this browser last left it, so that a returning person
 * finds the board as they left it rather than framed anew. Kept in localStorage under one key,
 * for the few most recent boards only.
 */

export interface RememberedCamera {
  pageId: string
  x: number
  y: number
  z: number
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>

const STORAGE_KEY = 'whiteboard.cameras'

/**
 * Boards whose camera is kept. A person visits a few boards a week; each entry is under 100
 * bytes, and the oldest go first, so a browser that has seen hundreds of boards does not fill
 * the site's storage with cameras.
 */
export const MAX_REMEMBERED_CAMERAS = 50

/** tldraw's own zoom range is 0.1–8; a stored value outside a wider band is not ours. */
const MIN_ZOOM = 0.01
const MAX_ZOOM = 64

/** The camera this browser last had on `boardId`, or `undefined` on a first visit (or unreadable storage). */
export function rememberedCamera(boardId: string, storage: StorageLike | undefined = safeLocalStorage()): RememberedCamera | undefined {
  return readAll(storage).get(boardId)
}

/** Keeps `camera` as the last one on `boardId`, dropping the oldest boards past MAX_REMEMBERED_CAMERAS. */
export function rememberCamera(boardId: string, camera: RememberedCamera, storage: StorageLike | undefined = safeLocalStorage()): void {
  if (!storage || !isCamera(camera)) return
  const all = readAll(storage)
  // Most recent last: a Map keeps insertion order, so re-inserting moves the board to the end.
  all.delete(boardId)
  all.set(boardId, { pageId: camera.pageId, x: camera.x, y: camera.y, z: camera.z })
  while (all.size > MAX_REMEMBERED_CAMERAS) {
    const oldest = all.keys().next().value
    if (oldest === undefined) break
    all.delete(oldest)
  }
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify([...all]))
  } catch {
    // Storage disabled or full: the next visit frames the board again.
  }
}

function readAll(storage: StorageLike | undefined): Map<string, RememberedCamera> {
  const out = new Map<string, RememberedCamera>()
  let parsed: unknown
  try {
    parsed = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]')
  } catch {
    return out
  }
  if (!Array.isArray(parsed)) return out
  for (const entry of parsed.slice(-MAX_REMEMBERED_CAMERAS)) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue
    const camera: unknown = entry[1]
    if (isCamera(camera)) out.set(entry[0], { pageId: camera.pageId, x: camera.x, y: camera.y, z: camera.z })
  }
  return out
}

function isCamera(value: unknown): value is RememberedCamera {
  if (value === null || typeof value !== 'object') return false
  const { pageId, x, y, z } = value as Record<string, unknown>
  return (
    typeof pageId === 'string' &&
    pageId.startsWith('page:') &&
    pageId.length <= 100 &&
    Number.isFinite(x) &&
    Number.isFinite(y) &&
    typeof z === 'number' &&
    z >= MIN_ZOOM &&
    z <= MAX_ZOOM
  )
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}
