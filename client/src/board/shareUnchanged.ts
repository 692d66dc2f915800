import type { TLRecord } from 'tldraw'

/**
 * A remote record as the store should get it: every part equal to the store's current version
 * (`props`, each prop such as a label's rich text, `meta`) is that version's own object, and
 * a record equal in every part is the current record itself, which the store then skips.
 * Records from the doc are new objects on every change, and tldraw validates rich text and
 * meta without keeping equal values, so without this a remote move gave the moved shape new
 * props: its content drew again, its label was rendered and measured again (tldraw caches
 * both per rich-text object) and the canvas's render list changed for a change of position.
 */
export function shareUnchanged<R extends TLRecord>(current: R | undefined, incoming: R): R {
  if (!current || current.typeName !== incoming.typeName) return incoming
  // One level deeper for `props`, so that an unchanged label survives a changed size.
  return shareFields(current, incoming, (key, before, value) => (key === 'props' ? shareFields(before, value, keepEqual) : keepEqual(key, before, value))) as R
}

type ShareField = (key: string, before: unknown, incoming: unknown) => unknown

/** `incoming` with each field `share` keeps from `before`; `before` itself when every field is kept and no key differs. */
function shareFields(before: unknown, incoming: unknown, share: ShareField): unknown {
  if (!isPlainObject(before) || !isPlainObject(incoming)) return incoming
  const shared: Record<string, unknown> = {}
  let same = Object.keys(before).length === Object.keys(incoming).length
  for (const [key, value] of Object.entries(incoming)) {
    const kept = share(key, before[key], value)
    if (kept !== before[key]) same = false
    shared[key] = kept
  }
  return same ? before : shared
}

function keepEqual(_key: string, before: unknown, incoming: unknown): unknown {
  return sameValue(before, incoming) ? before : incoming
}

/** Equality of JSON values (what records are made of), by content. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
  if (Array.isArray(b)) return false
  const aFields = a as Record<string, unknown>
  const bFields = b as Record<string, unknown>
  const keys = Object.keys(aFields)
  return keys.length === Object.keys(bFields).length && keys.every((key) => key in bFields && sameValue(aFields[key], bFields[key]))
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
