import { CloseCode } from '@whiteboard/shared'
import type { Messages } from '../i18n/messages'

/** What a person reads when the server closed the connection with `code`. */
export function refusalMessage(code: number, t: Messages): string {
  const r = t.refusal
  switch (code) {
    case CloseCode.AUTH_DENIED:
      return r.authDenied
    case CloseCode.FORBIDDEN:
      return r.forbidden
    case CloseCode.FACILITATOR_ONLY:
      return r.facilitatorOnly
    case CloseCode.BOARD_FROZEN:
      return r.frozen
    case CloseCode.BOARD_NOT_FOUND:
      return r.notFound
    case CloseCode.BAD_BOARD_ID:
      return r.badBoardId
    case CloseCode.MALFORMED_FRAME:
      return r.malformed
    case CloseCode.INVALID_UPDATE:
      return r.invalidUpdate
    case CloseCode.BOARD_TOO_LARGE:
      return r.tooLarge
    case CloseCode.BOARD_FULL:
      return r.boardFull
    case CloseCode.TOO_MANY_CONNECTIONS:
      return r.tooManyConnections
    case CloseCode.ORIGIN_NOT_ALLOWED:
      return r.originNotAllowed
    case CloseCode.RATE_LIMITED:
      return r.rateLimited
    case CloseCode.SLOW_CONSUMER:
      return r.slowConsumer
    case CloseCode.STORAGE_UNAVAILABLE:
      return r.storage
    case CloseCode.BOARD_DAMAGED:
      return r.damaged
    case CloseCode.MESSAGE_TOO_BIG:
      return r.tooBig
    default:
      return r.unknown
  }
}
