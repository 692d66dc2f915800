import { describe, expect, it } from 'vitest'
import { initialUiLang, readStoredUiLang, UI_LANG_STORAGE_KEY, writeStoredUiLang } from './storedUiLang'

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial))
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    items,
  }
}

describe('the remembered UI language', () => {
  it('is the browser language until chosen, then the choice, whatever the browser says', () => {
    const storage = memoryStorage()
    expect(initialUiLang(storage, ['nb-NO', 'en'])).toBe('nb')
    expect(initialUiLang(storage, ['de-DE'])).toBe('en')
    writeStoredUiLang('en', storage)
    expect(storage.items.get(UI_LANG_STORAGE_KEY)).toBe('en')
    expect(initialUiLang(storage, ['nb-NO'])).toBe('en')
    writeStoredUiLang('nb', storage)
    expect(initialUiLang(storage, ['en-US'])).toBe('nb')
    writeStoredUiLang('nn', storage)
    expect(initialUiLang(storage, ['nb-NO'])).toBe('nn')
  })

  it('ignores a stored value that is not one of ours', () => {
    expect(readStoredUiLang(memoryStorage({ [UI_LANG_STORAGE_KEY]: 'de' }))).toBeUndefined()
    expect(initialUiLang(memoryStorage({ [UI_LANG_STORAGE_KEY]: '<script>' }), ['nn'])).toBe('nn')
    expect(initialUiLang(memoryStorage({ [UI_LANG_STORAGE_KEY]: 'nn-NO' }), ['nb'])).toBe('nb')
  })

  it('survives storage that throws (blocked or full) and storage that is missing', () => {
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    expect(readStoredUiLang(throwing)).toBeUndefined()
    expect(() => writeStoredUiLang('en', throwing)).not.toThrow()
    expect(initialUiLang(throwing, ['no'])).toBe('nb')
    expect(initialUiLang(throwing, ['nn-NO'])).toBe('nn')
    expect(initialUiLang(undefined, ['en-GB'])).toBe('en')
  })
})
