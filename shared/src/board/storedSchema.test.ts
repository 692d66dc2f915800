import { describe, expect, it, vi } from 'vitest'
import { rectangleRecord } from '../test/rectangleRecord'
import { judgeStoredSchema, migrateStoredRecords, ownSchemaSerialized } from './storedSchema'

const own = ownSchemaSerialized()
const withSequences = (sequences: unknown) => ({ schemaVersion: 2, sequences })

describe('judgeStoredSchema', () => {
  it('knows our own schema, and an older one it can migrate from', () => {
    expect(judgeStoredSchema(own)).toEqual({ kind: 'current' })
    expect(judgeStoredSchema(withSequences({ ...own.sequences, 'com.tldraw.shape.note': 8 })).kind).toBe('older')
  })

  it('does not use a missing, unreadable or newer schema, nor the reported attack (every sequence at 0)', () => {
    expect(judgeStoredSchema(undefined)).toEqual({ kind: 'unusable', why: 'missing' })
    for (const value of ['v2', 42, [], { schemaVersion: 1, recordVersions: {}, storeVersion: 1 }, withSequences([]), withSequences({ 'com.tldraw.shape.geo': -1 }), withSequences({ 'com.tldraw.shape.geo': 1.5 }), withSequences({ 'com.tldraw.shape.geo': '3' })]) {
      expect(judgeStoredSchema(value), JSON.stringify(value)).toEqual({ kind: 'unusable', why: 'unreadable' })
    }
    expect(judgeStoredSchema(withSequences(Object.fromEntries(Object.keys(own.sequences).map((k) => [k, 0]))))).toEqual({ kind: 'unusable', why: 'unreadable' })
    expect(judgeStoredSchema(withSequences({ ...own.sequences, 'com.tldraw.shape.geo': own.sequences['com.tldraw.shape.geo']! + 1 }))).toEqual({ kind: 'unusable', why: 'newer' })
    expect(judgeStoredSchema(withSequences({ ...own.sequences, 'com.example.spaceship': 1 }))).toEqual({ kind: 'unusable', why: 'newer' })
  })
})

describe('migrateStoredRecords', () => {
  it('keeps a record in its own shape when its migration from the stored schema fails', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const rect = rectangleRecord({ id: 'shape:a', label: 'hei' })
    // Geo at version 0 claims the record has no rich text yet; migrating it fails on a current record.
    const verdict = judgeStoredSchema(withSequences({ ...own.sequences, 'com.tldraw.shape.geo': 0 }))
    expect(verdict.kind).toBe('older')
    const result = migrateStoredRecords(new Map([['shape:a', rect]]), verdict)
    expect(result.records.get('shape:a')).toEqual(rect)
    expect(result.asStored).toBe(1)
  })

  it('uses records as they are under an unusable schema', () => {
    const rect = rectangleRecord({ id: 'shape:a' })
    const result = migrateStoredRecords(new Map([['shape:a', rect]]), { kind: 'unusable', why: 'newer' })
    expect(result).toEqual({ records: new Map([['shape:a', rect]]), asStored: 0 })
  })
})
