import { describe, expect, it } from 'vitest'
import { CloseCode } from '@whiteboard/shared'
import { FACILITATOR_LOCK_REASON } from '../src/sync/updateGuard'
import { rectangle } from './records'
import type { SyncClient } from './syncClient'
import { serverPerTest } from './serverPerTest'
import { waitFor } from './waitFor'

type Shape = { id: string; x: number; isLocked: boolean; meta: Record<string, unknown> }

const ctx = serverPerTest()
const { client } = ctx

async function synced(boardId: string, token: string): Promise<SyncClient> {
  const c = client(boardId, token)
  await waitFor(() => c.provider.synced, { what: 'sync' })
  return c
}

/** What tldraw's Edit → "Unlock all" writes for every locked shape on the page. */
function unlockAll(c: SyncClient): void {
  for (const key of c.shapeIds()) {
    const shape = c.records.get(key) as Shape
    if (shape.isLocked) c.records.set(key, { ...shape, isLocked: false })
  }
}

describe('facilitator locks', () => {
  it("refuses a stock participant client's Unlock all, move, delete and forged lock of a facilitator-locked shape; the facilitator unlocks it", async () => {
    const board = await ctx.server.createBoard()
    const f = await synced(board.id, board.tokens.facilitator)
    const locked: Shape = { ...(rectangle(1) as unknown as Shape), id: 'shape:locked', isLocked: true, meta: { facilitatorLock: true } }
    f.records.set(locked.id, locked)
    const watcher = await synced(board.id, board.tokens.viewer)
    await waitFor(() => watcher.records.get(locked.id) !== undefined, { what: 'the locked shape' })

    const attempts: { name: string; act: (c: SyncClient) => void }[] = [
      { name: 'Unlock all', act: unlockAll },
      { name: 'unlock by dropping the mark', act: (c) => c.records.set(locked.id, { ...locked, meta: {} }) },
      { name: 'move', act: (c) => c.records.set(locked.id, { ...locked, x: locked.x + 50 }) },
      { name: 'delete', act: (c) => c.records.delete(locked.id) },
      { name: 'forge a facilitator lock', act: (c) => c.records.set('shape:forged', { ...rectangle(2), id: 'shape:forged', isLocked: true, meta: { facilitatorLock: true } }) },
    ]
    for (const attempt of attempts) {
      const p = await synced(board.id, board.tokens.participant)
      attempt.act(p)
      await waitFor(() => p.closes.length > 0, { what: `refusal of ${attempt.name}` })
      expect(p.closes[0], attempt.name).toEqual({ code: CloseCode.FACILITATOR_ONLY, reason: FACILITATOR_LOCK_REASON })
      p.destroy()
    }
    expect(watcher.records.get(locked.id)).toEqual(locked)
    expect(watcher.records.get('shape:forged')).toBeUndefined()

    // A participant's own tldraw lock is anyone's to lift, next to the facilitator's.
    const p = await synced(board.id, board.tokens.participant)
    const own = { ...(rectangle(3) as unknown as Shape), id: 'shape:own', isLocked: true }
    p.records.set(own.id, own)
    await waitFor(() => watcher.records.get(own.id) !== undefined, { what: "the participant's lock" })
    p.records.set(own.id, { ...own, isLocked: false })
    await waitFor(() => (watcher.records.get(own.id) as Shape).isLocked === false, { what: "the participant's unlock" })

    // The facilitator lifts the lock; then the shape is everyone's again.
    f.records.set(locked.id, { ...locked, isLocked: false, meta: {} })
    await waitFor(() => (p.records.get(locked.id) as Shape).isLocked === false, { what: "the facilitator's unlock" })
    p.records.set(locked.id, { ...locked, isLocked: false, meta: {}, x: locked.x + 70 })
    await waitFor(() => (watcher.records.get(locked.id) as Shape).x === locked.x + 70, { what: "the participant's move after the unlock" })
    expect(p.closes).toEqual([])
    expect(f.closes).toEqual([])
  })
})
