import { describe, expect, it } from 'vitest'
import { MAX_DISPLAY_NAME_LENGTH } from '@whiteboard/shared'
import { cleanDisplayName, CURSOR_COLORS, loadIdentity, saveDisplayName } from './localIdentity'

function memoryStorage() {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  }
}

describe('local identity', () => {
  it('creates an id and a colour once, and asks for a name until one is saved', () => {
    const storage = memoryStorage()
    const first = loadIdentity(storage)
    expect(first.name).toBeUndefined()
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(CURSOR_COLORS).toContain(first.color)

    saveDisplayName('  Kari   Nordmann ', storage)
    expect(loadIdentity(storage)).toEqual({ ...first, name: 'Kari Nordmann' })
  })

  it('ignores a damaged stored value instead of failing', () => {
    const storage = memoryStorage()
    storage.setItem('whiteboard.identity', '{"id": 5, "name": "   ", "color": "red"')
    const identity = loadIdentity(storage)
    expect(identity.name).toBeUndefined()
    expect(identity.id).toMatch(/^[A-Za-z0-9_-]{16}$/)
  })

  it('cleans display names to one line of bounded length', () => {
    expect(cleanDisplayName('\tOla\n Nordmann  ')).toBe('Ola Nordmann')
    expect(Array.from(cleanDisplayName('Ø'.repeat(500)))).toHaveLength(MAX_DISPLAY_NAME_LENGTH)
    expect(cleanDisplayName('   ')).toBe('')
  })
})
