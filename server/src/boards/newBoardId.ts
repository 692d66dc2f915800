import { randomBytes } from 'node:crypto'

/** 128 bits from the CSPRNG as 22 base64url characters: the format `isBoardId` checks, and unguessable. */
export function newBoardId(): string {
  return randomBytes(16).toString('base64url')
}
