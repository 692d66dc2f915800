import { describe, expect, it } from 'vitest'
import { storageFailureKind, storageFailureText } from './storageFailureText'

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code })

describe('storageFailureKind', () => {
  it('names SQLite and Postgres faults alike', () => {
    expect(storageFailureKind(withCode('SQLITE_FULL'))).toBe('disk full')
    expect(storageFailureKind(withCode('53100'))).toBe('disk full')
    expect(storageFailureKind(withCode('SQLITE_READONLY_DBMOVED'))).toBe('read-only')
    expect(storageFailureKind(withCode('25006'))).toBe('read-only')
  })

  it('tells a database out of reach from other errors', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '08006', '57P01', '57P03']) expect(storageFailureKind(withCode(code))).toBe('unreachable')
    expect(storageFailureKind(new Error('Connection terminated unexpectedly'))).toBe('unreachable')
    expect(storageFailureKind(new Error('timeout exceeded when trying to connect'))).toBe('unreachable')
    // A constraint violation or a bug is not the network's fault.
    expect(storageFailureKind(withCode('23505'))).toBe('storage error')
    expect(storageFailureKind(new Error('Connection terminated'.toLowerCase()))).toBe('storage error')
    expect(storageFailureKind('not an error')).toBe('storage error')
  })

  it('gives each kind its own sentence', () => {
    expect(storageFailureText(withCode('ECONNREFUSED'))).toBe('Your change was not saved: the server cannot reach its database right now. Reconnecting.')
    expect(storageFailureText(withCode('23505'))).toBe('Your change was not saved: the server could not store it. Reconnecting.')
  })
})
