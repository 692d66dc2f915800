import { afterEach, describe, expect, it, vi } from 'vitest'
import { prefetchBoardInfo, takeBoardInfo } from './boardInfoPrefetch'

const board = { id: 'b1', title: 'Tavle', lang: 'nb', role: 'participant' }

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('board info prefetch', () => {
  it('asks once for a prefetched board, and anew for a later take', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(board), { status: 200 }))
    vi.stubGlobal('fetch', fetchMock)

    prefetchBoardInfo('b1', 'tok')
    prefetchBoardInfo('b1', 'tok')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await expect(takeBoardInfo('b1', 'tok')).resolves.toEqual({ ok: true, board })
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await takeBoardInfo('b1', 'tok')
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('keeps boards and tokens apart', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ message: 'nei' }), { status: 401 }))
    vi.stubGlobal('fetch', fetchMock)

    prefetchBoardInfo('b2', 'viewer-token')
    await expect(takeBoardInfo('b2', 'other-token')).resolves.toMatchObject({ ok: false, problem: 'unauthorized' })
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })
})
