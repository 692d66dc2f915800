import { randomBytes } from 'node:crypto'

/** 128 bits from the CSPRNG in the board id format (22 base64url characters): a gathering id is as unguessable as a board id. */
export function newGatheringId(): string {
  return randomBytes(16).toString('base64url')
}
