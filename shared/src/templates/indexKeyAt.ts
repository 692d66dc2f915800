import type { TLShape } from '@tldraw/tlschema'

export type IndexKey = TLShape['index']

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * The n-th of an ascending run of fractional-index keys ('a1', 'a2', … 'az', 'b00', …), in
 * the format tldraw validates (jittered fractional indexing). Children of a fresh frame need
 * only increasing keys, so counting in the integer part is enough and avoids a dependency on
 * @tldraw/utils, which this package does not declare.
 */
export function indexKeyAt(n: number): IndexKey {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`index key position must be a positive integer, got ${n}`)
  if (n < 62) return `a${BASE62[n]}` as IndexKey
  const m = n - 62
  if (m < 62 * 62) return `b${BASE62[Math.floor(m / 62)]}${BASE62[m % 62]}` as IndexKey
  throw new RangeError(`index key position ${n} is beyond what a template needs`)
}
