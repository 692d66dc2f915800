import type { TLGeoShape } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { MAX_RECORD_ID_LENGTH, MAX_RECORD_TEXT_CHARS } from '../protocol/limits'
import { rectangleRecord } from '../test/rectangleRecord'
import { checkRecord } from './recordGuard'

/** A valid rectangle whose text is `text`. */
function note(id = 'shape:n1', text = 'hei'): TLGeoShape {
  return rectangleRecord({ id, label: text })
}

describe('checkRecord', () => {
  it('accepts a valid note', () => {
    expect(checkRecord('shape:n1', note()).ok).toBe(true)
  })

  it('refuses a replaced prototype, as lib0 decodes a `__proto__` key', () => {
    const polluted = note()
    Object.setPrototypeOf(polluted, { isLocked: true })
    expect(checkRecord('shape:n1', polluted)).toEqual({ ok: false, reason: 'shape:n1: forbidden key' })
    const deep = note()
    Object.setPrototypeOf(deep.meta as object, { x: 1 })
    expect(checkRecord('shape:n1', deep)).toEqual({ ok: false, reason: 'shape:n1: forbidden key' })
    expect(checkRecord('shape:n1', JSON.parse(JSON.stringify(note()).replace('{', '{"__proto__":{},')))).toEqual({ ok: false, reason: 'shape:n1: forbidden key' })
  })

  it('refuses text beyond MAX_RECORD_TEXT_CHARS and ids beyond MAX_RECORD_ID_LENGTH', () => {
    expect(checkRecord('shape:n1', note('shape:n1', 'x'.repeat(MAX_RECORD_TEXT_CHARS - 1000))).ok).toBe(true)
    expect(checkRecord('shape:n1', note('shape:n1', 'x'.repeat(MAX_RECORD_TEXT_CHARS + 1)))).toEqual({ ok: false, reason: `shape:n1: more than ${MAX_RECORD_TEXT_CHARS} characters of text` })
    const longId = `shape:${'a'.repeat(MAX_RECORD_ID_LENGTH)}`
    expect(checkRecord(longId, note(longId)).ok).toBe(false)
  })

  it('refuses an id without a name after the type', () => {
    expect(checkRecord('shape:', note('shape:'))).toEqual({ ok: false, reason: 'shape:: malformed id' })
  })
})
