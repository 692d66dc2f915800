/**
 * Image assets of a board: `POST /api/boards/:id/assets` (raw image bytes, token of a participant
 * or facilitator) and `GET /api/boards/:id/assets/:assetId` (token of that board).
 *
 * The doc stores only the token-free path from {@link assetPath}. Every reader of a board can read
 * its doc, so a token written there would hand viewers the writer's rights; each client adds its
 * own token when it fetches the asset.
 */

/** Asset ids are 128 random bits as 22 base64url characters, like board ids: unguessable, and checked before storage is touched. */
export const ASSET_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/

export function isAssetId(value: unknown): value is string {
  return typeof value === 'string' && ASSET_ID_PATTERN.test(value)
}

/** The only image types accepted, checked by content on the server. SVG is left out: it can carry scripts. */
export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number]

export function isAcceptedImageType(value: unknown): value is AcceptedImageType {
  return typeof value === 'string' && (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(value)
}

/** The token-free reference to an asset that goes into the doc. */
export function assetPath(boardId: string, assetId: string): string {
  return `/api/boards/${boardId}/assets/${assetId}`
}

const ASSET_PATH = /^\/api\/boards\/([A-Za-z0-9_-]{22})\/assets\/([A-Za-z0-9_-]{22})$/

/** Reads a reference made by {@link assetPath}; anything else (other hosts, data: URLs, query strings) gives null. */
export function parseAssetPath(src: string): { boardId: string; assetId: string } | null {
  const match = ASSET_PATH.exec(src)
  return match ? { boardId: match[1]!, assetId: match[2]! } : null
}

/** `201` answer of the upload. */
export interface UploadAssetResponse {
  id: string
  /** Token-free path, see {@link assetPath}. */
  src: string
  contentType: AcceptedImageType
  size: number
}
