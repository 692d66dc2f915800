import type { CloseCode } from '@whiteboard/shared'

/** Why a board could not be opened, as the close code and reason its connections get. */
export class RoomLoadError extends Error {
  constructor(
    readonly code: CloseCode,
    readonly reason: string,
  ) {
    super(reason)
    this.name = 'RoomLoadError'
  }
}
