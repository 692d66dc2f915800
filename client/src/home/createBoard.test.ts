import { describe, expect, it } from 'vitest'
import { createBoard } from './createBoard'
import { creatorKeyStore } from './creatorKeyStore'

const BOARD = { id: 'b1', title: 'T', links: { facilitator: 'f', participant: 'p', viewer: 'v' }, tokens: { facilitator: 'f', participant: 'p', viewer: 'v' } }

function answering(status: number, body: unknown, seen?: Headers[]): typeof fetch {
  return async (_url, init) => {
    seen?.push(new Headers(init?.headers))
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  }
}

describe('createBoard and the creator key', () => {
  it('asks for the key on 401, sends the one entered, and forgets it when the server refuses it', async () => {
    await expect(createBoard({}, answering(401, { error: 'creator_key_required', message: 'm' }))).resolves.toEqual({ ok: false, problem: 'creator-key' })
    expect(creatorKeyStore.get()).toMatchObject({ needed: true, key: undefined, problem: 'missing' })

    creatorKeyStore.enter('  the-key  ')
    expect(creatorKeyStore.get()).toMatchObject({ key: 'the-key', problem: undefined })
    const seen: Headers[] = []
    await expect(createBoard({}, answering(403, { error: 'creator_key_wrong', message: 'm' }, seen))).resolves.toEqual({ ok: false, problem: 'creator-key' })
    expect(seen[0]!.get('x-creator-key')).toBe('the-key')
    expect(creatorKeyStore.get()).toMatchObject({ key: undefined, problem: 'wrong' })

    creatorKeyStore.enter('right-key')
    await expect(createBoard({}, answering(201, BOARD, seen))).resolves.toEqual({ ok: true, board: BOARD })
    expect(seen[1]!.get('x-creator-key')).toBe('right-key')
  })

  it('tells a rate limit apart from other refusals', async () => {
    await expect(createBoard({}, answering(429, { error: 'rate_limited', message: 'Too many' }))).resolves.toEqual({ ok: false, problem: 'rate-limited' })
    await expect(createBoard({}, answering(400, { error: 'invalid_body', message: 'bad' }))).resolves.toEqual({ ok: false, problem: 'refused', serverMessage: 'bad' })
  })
})
