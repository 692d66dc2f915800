import { describe, expect, it } from 'vitest'
import { isFrozen } from './boardFreeze'

describe('isFrozen', () => {
  it('is true only for a valid freeze that says frozen', () => {
    expect(isFrozen({ frozen: true, since: 1_700_000_000_000 })).toBe(true)
    expect(isFrozen({ frozen: false, since: 1_700_000_000_000 })).toBe(false)
  })

  it('says not frozen for anything else, a board never frozen included', () => {
    for (const value of [undefined, null, 0, 'frozen', true, [], {}, { frozen: true }, { frozen: 'yes', since: 1 }, { frozen: true, since: -1 }]) {
      expect(isFrozen(value)).toBe(false)
    }
  })
})
