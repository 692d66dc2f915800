import * as Y from 'yjs'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { BoardFollower, FILL_BATCH, type CommittedTail } from './BoardFollower'
import { waitFor } from '../../test/waitFor'

/** A board's history: update n sets key `k<n>`; Postgres holds all of them. */
function history(n: number): Uint8Array[] {
  const source = new Y.Doc()
  const updates: Uint8Array[] = []
  source.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 1; i <= n; i++) source.getMap('m').set(`k${i}`, i)
  return updates
}

function setup(opts: { loadedSeq?: number; total?: number; compactedTo?: number } = {}) {
  const updates = history(opts.total ?? 10)
  const doc = new Y.Doc()
  const loadedSeq = opts.loadedSeq ?? 0
  for (let i = 0; i < loadedSeq; i++) Y.applyUpdate(doc, updates[i]!)
  const applied: Uint8Array[] = []
  const reads: number[] = []
  const counts = { duplicates: 0, fills: 0, filled: 0 }
  let failReads = false
  const readTail = (_board: string, afterSeq: number, limit: number): Promise<CommittedTail> => {
    reads.push(afterSeq)
    if (failReads) return Promise.reject(new Error('database unreachable'))
    const compactedTo = opts.compactedTo ?? 0
    const snapshot = afterSeq < compactedTo ? Y.mergeUpdates(updates.slice(0, compactedTo)) : null
    const from = Math.max(afterSeq, compactedTo)
    return Promise.resolve({ snapshot, snapshotSeq: compactedTo, updates: updates.slice(from, from + limit).map((update, i) => ({ seq: from + i + 1, update })) })
  }
  const follower = new BoardFollower({
    boardId: 'b',
    loadedSeq,
    room: {
      doc,
      applyRemote: (u) => {
        applied.push(u)
        Y.applyUpdate(doc, u)
      },
    },
    readTail,
    log: pino({ level: 'silent' }),
    observer: { duplicate: () => counts.duplicates++, filled: (n) => ((counts.fills += 1), (counts.filled += n)) },
    gapGraceMs: 20,
  })
  const keys = () => [...doc.getMap('m').keys()].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
  return { updates, doc, applied, reads, counts, follower, keys, failReads: (v: boolean) => (failReads = v) }
}

describe('BoardFollower', () => {
  it('applies entries in seq order and drops a duplicate without applying it again', () => {
    const t = setup()
    t.follower.received(1, t.updates[0]!)
    t.follower.received(2, t.updates[1]!)
    t.follower.received(2, t.updates[1]!)
    t.follower.received(1, t.updates[0]!)
    expect(t.applied).toHaveLength(2)
    expect(t.counts.duplicates).toBe(2)
    expect(t.follower.appliedThrough).toBe(2)
    expect(t.reads).toEqual([])
  })

  it('holds an entry past a gap until the missing one arrives, without asking Postgres', async () => {
    const t = setup()
    t.follower.received(2, t.updates[1]!)
    expect(t.applied).toHaveLength(0)
    t.follower.received(1, t.updates[0]!)
    expect(t.applied).toEqual([t.updates[0], t.updates[1]])
    expect(t.follower.appliedThrough).toBe(2)
    expect(t.follower.hasGap).toBe(false)
    expect(t.follower.fillPending).toBe(false)
    expect(t.reads).toEqual([])
  })

  it('fills a gap that does not close from Postgres by seq, in order, and applies nothing twice', async () => {
    const t = setup({ total: 5 })
    t.follower.received(1, t.updates[0]!)
    // 2 and 3 are lost; 4 arrives.
    t.follower.received(4, t.updates[3]!)
    await waitFor(() => t.follower.appliedThrough === 5, { what: 'the gap to be filled' })
    expect(t.reads).toEqual([1])
    expect(t.keys()).toEqual(['k1', 'k2', 'k3', 'k4', 'k5'])
    expect(t.applied).toHaveLength(5)
    expect(t.counts).toMatchObject({ fills: 1, filled: 4 })
    t.follower.received(3, t.updates[2]!)
    expect(t.applied).toHaveLength(5)
  })

  it("skips this node's own commits when filling, and reads updates that came without their bytes", async () => {
    const t = setup({ total: 4 })
    t.follower.committedHere(2)
    t.follower.received(3, null)
    await waitFor(() => t.follower.appliedThrough === 4, { what: 'the fill' })
    // 1, 3 and 4 from Postgres; 2 is ours, already in the doc (the room applied it).
    expect(t.applied).toEqual([t.updates[0], t.updates[2], t.updates[3]])
  })

  it('merges the snapshot when the log was compacted past its seq', async () => {
    const t = setup({ loadedSeq: 2, total: 8, compactedTo: 6 })
    t.follower.received(8, t.updates[7]!)
    await waitFor(() => t.follower.appliedThrough === 8, { what: 'the fill' })
    expect(t.keys()).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'])
  })

  it('catches up a long way behind in reads of FILL_BATCH updates', async () => {
    const total = FILL_BATCH * 2 + 10
    const t = setup({ total })
    await t.follower.catchUp()
    await waitFor(() => t.follower.appliedThrough === total, { what: 'every batch' })
    expect(t.reads).toEqual([0, FILL_BATCH, FILL_BATCH * 2])
    expect(t.keys()).toHaveLength(total)
  })

  it('tries a failed fill again and catches up once Postgres answers', async () => {
    const t = setup({ total: 3 })
    t.failReads(true)
    await expect(t.follower.catchUp()).rejects.toThrow('unreachable')
    t.failReads(false)
    await waitFor(() => t.follower.appliedThrough === 3, { what: 'the retried fill', timeoutMs: 5_000 })
    expect(t.keys()).toEqual(['k1', 'k2', 'k3'])
  })
})
