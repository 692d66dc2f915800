import { MAX_UPLOAD_BYTES } from '@whiteboard/shared'
import { isAcceptedImageType } from '@whiteboard/shared/api/assetsApi'
import type { UploadErrorCode } from './UploadError'

/**
 * Why the browser refuses `file` before any upload, or undefined if it may go to the server
 * (which checks again). One check for tldraw's file handler (registerFileRefusals.ts), so the
 * person reads our message in their language rather than tldraw's English one, and for the
 * asset store, which uploads what gets through.
 */
export function uploadRefusal(file: File): UploadErrorCode | undefined {
  if (file.size > MAX_UPLOAD_BYTES) return 'too_large'
  if (file.type === 'image/svg+xml') return 'svg_refused'
  if (!isAcceptedImageType(file.type)) return 'unsupported_type'
  return undefined
}
