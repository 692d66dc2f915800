import { createTLSchema, type TLRecord } from '@tldraw/tlschema'

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

function hasDangerousKey(value: unknown, depth = 0): boolean {
  if (depth > 32) return true
  if (value === null || typeof value !== 'object') return false
  for (const key of Object.keys(value)) {
    if (DANGEROUS_KEYS.has(key)) return true
    if (hasDangerousKey((value as Record<string, unknown>)[key], depth + 1)) return true
  }
  return false
}

/** Checks one record against `@tldraw/tlschema`; `key` is the YKeyValue key it was stored under. */
export function checkRecord(key: string, value: unknown): RecordCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: `${key}: not an object` }
  if (hasDangerousKey(value)) return { ok: false, reason: `${key}: forbidden key` }
  const rec = value as { id?: unknown; typeName?: unknown }
  if (rec.id !== key) return { ok: false, reason: `${key}: id does not match key` }
  if (typeof rec.typeName !== 'string') return { ok: false, reason: `${key}: no typeName` }
  const type = (schema.types as Record<string, (typeof schema.types)[keyof typeof schema.types] | undefined>)[rec.typeName]
  if (!type) return { ok: false, reason: `${key}: unknown type ${rec.typeName}` }
  if (type.scope !== 'document') return { ok: false, reason: `${key}: ${rec.typeName} is not a document record` }
  if (!key.startsWith(`${rec.typeName}:`)) return { ok: false, reason: `${key}: malformed id` }
  try {
    const record = type.validate(value) as TLRecord
    return { ok: true, record }
  } catch (err) {
    return { ok: false, reason: `${key}: ${err instanceof Error ? err.message.slice(0, 200) : 'invalid'}` }
  }
}
