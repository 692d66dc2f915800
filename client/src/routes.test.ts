import { describe, expect, it } from 'vitest'
import { parseRoute } from './routes'

const id = 'AAAAAAAAAAAAAAAAAAAAAA'

describe('parseRoute', () => {
  it('finds the home page, a board with its token, and bad links', () => {
    expect(parseRoute({ pathname: '/', hash: '' })).toEqual({ page: 'home' })
    expect(parseRoute({ pathname: `/b/${id}`, hash: '#token=abc.def%2Bx' })).toEqual({ page: 'board', boardId: id, token: 'abc.def+x' })
    expect(parseRoute({ pathname: `/b/${id}`, hash: '' })).toEqual({ page: 'board', boardId: id, token: undefined })
    expect(parseRoute({ pathname: '/b/too-short', hash: '#token=x' })).toEqual({ page: 'bad-board-link' })
    expect(parseRoute({ pathname: '/elsewhere', hash: '' })).toEqual({ page: 'not-found' })
  })

  it('finds a gathering overview with its token', () => {
    expect(parseRoute({ pathname: `/g/${id}`, hash: '#token=gathering.x.y%2B' })).toEqual({ page: 'gathering', gatheringId: id, token: 'gathering.x.y+' })
    expect(parseRoute({ pathname: `/g/${id}/`, hash: '' })).toEqual({ page: 'gathering', gatheringId: id, token: undefined })
    expect(parseRoute({ pathname: '/g/nope', hash: '#token=x' })).toEqual({ page: 'bad-board-link' })
  })
})
