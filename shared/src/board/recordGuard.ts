import { createTLSchema, type TLRecord } from '@tldraw/tlschema'
import { MAX_RECORD_ID_LENGTH, MAX_RECORD_TEXT_CHARS } from '../protocol/limits'

/**
 * Validation of untrusted tldraw records, used by the server before it applies an
 * update and by the client before it puts a remote record into its store.
 * Only records of document scope may live in the shared doc: instance, camera,
 * pointer and presence records are per-session.
 */
const schema = createTLSchema()

/** The serialized form of the schema this build writes, stored in the doc's `meta`. */
export function currentSerializedSchema() {
  return schema.serialize()
}

export type RecordCheck = { ok: true; record: TLRecord } | { ok: false; reason: string }

const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Deepest nesting accepted in a record; tldraw's deepest (rich text in lists) is about 10. */
const MAX_RECORD_DEPTH = 32

/**
 * Why a decoded value cannot be a plain JSON record, or `undefined` if it can. Besides
 * dangerous own keys this refuses objects whose prototype is not the plain one: lib0's
 * decoder assigns keys with `obj[key] = value`, so a `__proto__` key in an update replaces
 * the prototype instead of creating a key, and `Object.keys` alone would not see it. Counts
 * the characters of all strings on the way, against `MAX_RECORD_TEXT_CHARS`.
 */
export function unsafeJsonReason(root: unknown): string | undefined {
  let chars = 0
  const visit = (value: unknown, depth: number): string | undefined => {
    if (typeof value === 'string') {
      chars += value.length
      return chars > MAX_RECORD_TEXT_CHARS ? `more than ${MAX_RECORD_TEXT_CHARS} characters of text` : undefined
    }
    if (value === null || typeof value !== 'object') return undefined
    if (depth > MAX_RECORD_DEPTH) return 'nested too deeply'
    const proto: unknown = Object.getPrototypeOf(value)
    if (Array.isArray(value)) {
      if (proto !== Array.prototype) return 'forbidden key'
      for (const item of value) {
        const reason = visit(item, depth + 1)
        if (reason) return reason
      }
      return undefined
    }
    if (proto !== Object.prototype && proto !== null) return 'forbidden key'
    for (const key of Object.keys(value)) {
      if (DANGEROUS_KEYS.has(key)) return 'forbidden key'
      chars += key.length
      const reason = visit((value as Record<string, unknown>)[key], depth + 1)
      if (reason) return reason
    }
    return undefined
  }
  return visit(root, 0)
}

/** Checks one record against `@tldraw/tlschema`; `key` is the YKeyValue key it was stored under. */
export function checkRecord(key: string, value: unknown): RecordCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: `${key}: not an object` }
  if (key.length > MAX_RECORD_ID_LENGTH) return { ok: false, reason: `${key.slice(0, 40)}...: id longer than ${MAX_RECORD_ID_LENGTH} characters` }
  const unsafe = unsafeJsonReason(value)
  if (unsafe) return { ok: false, reason: `${key}: ${unsafe}` }
  const rec = value as { id?: unknown; typeName?: unknown }
  if (rec.id !== key) return { ok: false, reason: `${key}: id does not match key` }
  if (typeof rec.typeName !== 'string') return { ok: false, reason: `${key}: no typeName` }
  const type = (schema.types as Record<string, (typeof schema.types)[keyof typeof schema.types] | undefined>)[rec.typeName]
  if (!type) return { ok: false, reason: `${key}: unknown type ${rec.typeName}` }
  if (type.scope !== 'document') return { ok: false, reason: `${key}: ${rec.typeName} is not a document record` }
  if (!key.startsWith(`${rec.typeName}:`) || key.length === rec.typeName.length + 1) return { ok: false, reason: `${key}: malformed id` }
  try {
    const record = type.validate(value) as TLRecord
    return { ok: true, record }
  } catch (err) {
    return { ok: false, reason: `${key}: ${err instanceof Error ? err.message.slice(0, 200) : 'invalid'}` }
  }
}
