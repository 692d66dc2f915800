import { WebSocket } from 'ws'
import type { CloseCode } from '@whiteboard/shared'
import { MAX_CLOSE_REASON_BYTES } from './syncLimits'
import { permissionDeniedFrame } from './syncMessages'

/**
 * Refuses a sync connection so that the person learns why: the auth "permission denied"
 * message with the reason, then a close with a documented 4xxx code (closeCodes.ts) and the
 * same reason, which our client shows and which stops its reconnecting. A plain HTTP 401 at
 * the upgrade would reach a browser only as 1006 without a reason.
 */
export function refuse(ws: WebSocket, code: CloseCode, reason: string): void {
  if (ws.readyState !== WebSocket.OPEN) return
  ws.send(permissionDeniedFrame(reason))
  closeWithReason(ws, code, reason)
}

/** Closes with a reason cut to what fits a close frame. */
export function closeWithReason(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) return
  ws.close(code, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES))
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  let cut = text
  while (Buffer.byteLength(cut) > maxBytes - 3) cut = cut.slice(0, -1)
  return `${cut}...`
}
