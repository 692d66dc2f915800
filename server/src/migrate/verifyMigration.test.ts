import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { MemoryStorage } from '../storage/MemoryStorage'
import { verifyMigration } from './verifyMigration'

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'

afterEach(() => {
  vi.restoreAllMocks()
})

/** The same board on both sides, made at the same instant, whose last change is `sourceChange` in SQLite and `targetChange` in Postgres. */
async function sides(sourceChange: number, targetChange: number): Promise<{ source: MemoryStorage; target: MemoryStorage }> {
  const doc = new Y.Doc()
  doc.getMap('records').set('shape:a', { id: 'shape:a' })
  const state = Y.encodeStateAsUpdate(doc)
  vi.spyOn(Date, 'now').mockReturnValue(1_000)
  const source = new MemoryStorage()
  const target = new MemoryStorage()
  const meta = { id: BOARD, title: 'Tavle', lang: 'nb' as const, templates: [] }
  await source.createBoard({ ...meta, lastChangedAt: sourceChange }, state)
  await target.createBoard({ ...meta, lastChangedAt: targetChange }, state)
  vi.restoreAllMocks()
  return { source, target }
}

describe('verifyMigration', () => {
  it("fails a board copied now whose last change differs, and leaves one copied earlier (the cluster may have edited it since)", async () => {
    const { source, target } = await sides(5_000, 6_000)
    const copiedNow = await verifyMigration({ source, target, boardIds: [BOARD], gatheringIds: [], createdNow: new Set([BOARD]) })
    expect(copiedNow.problems).toEqual([`board ${BOARD}: its last change differs in Postgres`])
    const copiedEarlier = await verifyMigration({ source, target, boardIds: [BOARD], gatheringIds: [], createdNow: new Set() })
    expect(copiedEarlier.problems).toEqual([])
    expect(copiedEarlier.identicalBoards).toBe(1)

    const same = await sides(5_000, 5_000)
    expect((await verifyMigration({ ...same, boardIds: [BOARD], gatheringIds: [], createdNow: new Set([BOARD]) })).problems).toEqual([])
  })

  it("fails when Postgres lacks part of a person's private items, and keeps what a person added there since", async () => {
    const { source, target } = await sides(5_000, 5_000)
    const note = (key: string) => {
      const doc = new Y.Doc()
      doc.getArray('records').push([{ key, val: { id: key } }])
      return doc
    }
    const own = note('shape:mine')
    await source.appendPrivateUpdates(BOARD, 'voter-ada', [Y.encodeStateAsUpdate(own)])
    const check = () => verifyMigration({ source, target, boardIds: [BOARD], gatheringIds: [], createdNow: new Set() })
    expect((await check()).problems).toEqual([`board ${BOARD}: a person's private items in Postgres lack some that SQLite holds`])

    // Copied, then added to on the cluster: no problem.
    await target.appendPrivateUpdates(BOARD, 'voter-ada', [Y.encodeStateAsUpdate(own)])
    await target.appendPrivateUpdates(BOARD, 'voter-ada', [Y.encodeStateAsUpdate(note('shape:later'))])
    const verified = await check()
    expect(verified.problems).toEqual([])
    expect(verified.privateDocs).toBe(1)
  })
})
