import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Whether `given` is the configured secret (CREATOR_KEY, METRICS_TOKEN), in constant time.
 * Both are hashed first: timingSafeEqual needs equal lengths, and comparing digests keeps the
 * secret's length from leaking through an early length check too.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}
