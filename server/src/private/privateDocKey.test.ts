import { describe, expect, it } from 'vitest'
import { isPrivateDocKey, parsePrivateDocKey, privateDocKey } from './privateDocKey'

describe('privateDocKey', () => {
  it('names one private doc and splits back into its board and person; a board id is no private doc key', () => {
    const key = privateDocKey('board1', 'voter-7')
    expect(key).toBe('board1/private/voter-7')
    expect(isPrivateDocKey(key)).toBe(true)
    expect(parsePrivateDocKey(key)).toEqual({ boardId: 'board1', personId: 'voter-7' })
    for (const boardId of ['board1', 'private', 'a-private-board']) {
      expect(isPrivateDocKey(boardId)).toBe(false)
      expect(() => parsePrivateDocKey(boardId)).toThrow()
    }
    // A key must name a board before the separator.
    expect(isPrivateDocKey('/private/voter-7')).toBe(false)
  })
})
