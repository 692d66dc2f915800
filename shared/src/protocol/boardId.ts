/**
 * Board ids are 128 random bits from a CSPRNG, written as 22 base64url characters,
 * so they cannot be guessed. The format check runs before anything touches storage.
 */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/

export function isBoardId(value: unknown): value is string {
  return typeof value === 'string' && BOARD_ID_PATTERN.test(value)
}
