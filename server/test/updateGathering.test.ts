import { describe, expect, it } from 'vitest'
import { rectangle } from './records'
import { serverPerTest } from './serverPerTest'
import { startTestServer } from './testServer'
import { waitFor } from './waitFor'

const ctx = serverPerTest()

/** Document updates the server has taken in; presence (which clients send and echo all the time) does not count. */
async function updatesAccepted(): Promise<number> {
  const text = await (await fetch(`${ctx.server.origin}/metrics`)).text()
  return Number(/^whiteboard_updates_accepted_total (\d+)/m.exec(text)?.[1] ?? Number.NaN)
}

/**
 * Two people write one after the other: the second only once the server has received the
 * first's update. Returns how many updates a third person's doc applied to receive both.
 */
async function updatesSeenByAThirdPerson(fromConnections: number): Promise<number> {
  await ctx.server.dispose()
  // A window far longer than the test needs between the two writes, so a slow machine cannot split them.
  ctx.server = await startTestServer({ options: { updateGathering: { fromConnections, ms: 1_000 } } })
  const board = await ctx.server.createBoard()
  const [a, b, c] = [0, 1, 2].map(() => ctx.client(board.id, board.tokens.participant))
  await waitFor(() => [a, b, c].every((x) => x!.provider.synced), { what: 'clients to sync' })
  let seenByC = 0
  c!.doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin === c!.provider) seenByC++
  })

  const before = await updatesAccepted()
  a!.records.set('shape:rect1', rectangle(1))
  await waitFor(async () => (await updatesAccepted()) > before, { what: "the server to receive the first person's update" })
  b!.records.set('shape:rect2', rectangle(2))
  await waitFor(() => c!.shapeIds().join() === 'shape:rect1,shape:rect2', { what: 'both shapes to reach the third person' })
  return seenByC
}

describe('update gathering in large rooms', () => {
  it('sends updates that arrive within the window as one frame in a room that large', async () => {
    expect(await updatesSeenByAThirdPerson(3)).toBe(1)
  })

  it('sends each update as it comes in a smaller room', async () => {
    expect(await updatesSeenByAThirdPerson(4)).toBe(2)
  })
})
