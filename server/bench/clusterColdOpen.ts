/**
 * Cold open from Postgres: a board of `shapes` shapes written through one node, then opened once
 * on each of `samples` other nodes, none of which ever held it (they did serve other boards), from a client's connect to the
 * board's full state arriving (sync step 2), with the cold-open benchmark's light client
 * (coldOpen.ts), so the figure is the node's and Postgres's, not a client's.
 */
import type { ServerUnderTest } from './servers/ServerUnderTest'
import { RawSyncClient } from './capacityClients/RawSyncClient'
import { seedBoardOverSync } from './board/seedBoardOverSync'
import { median } from './stats/summarize'

export interface ClusterColdOpenOptions {
  shapes: number
  /** Nodes that each open the board once, one after another. */
  samples: number
  log?: (line: string) => void
}

export interface ClusterColdOpenResult {
  shapes: number
  stateBytes: number
  samplesMs: number[]
  medianMs: number
}

/** Writes through the first of `nodes` and opens on the next `samples` (nodes of one cluster). */
export async function runClusterColdOpen(nodes: ServerUnderTest[], opts: ClusterColdOpenOptions): Promise<ClusterColdOpenResult> {
  const log = opts.log ?? (() => {})
  const [writerNode, ...rest] = nodes
  const openers = rest.slice(0, opts.samples)
  if (!writerNode || openers.length < opts.samples) throw new Error(`the cold open needs ${1 + opts.samples} nodes`)
  const board = await writerNode.createBoard(`cluster cold open ${opts.shapes}`)
  const { writer } = await seedBoardOverSync(board, opts.shapes)
  writer.destroy()
  log(`cluster cold open: ${opts.shapes} shapes stored through one node`)
  const samplesMs: number[] = []
  let stateBytes = 0
  for (const [i, node] of openers.entries()) {
    const started = performance.now()
    const client = new RawSyncClient(node.accessTo(board), 100 + i, { user: { id: `cold-${i}`, name: 'Kald', color: '#2f9e44' } })
    try {
      stateBytes = await client.synced
      samplesMs.push(performance.now() - started)
    } finally {
      await client.close()
    }
  }
  log(`cluster cold open: ${samplesMs.map((ms) => ms.toFixed(1)).join(', ')} ms on ${openers.length} node(s) that never held the board`)
  return { shapes: opts.shapes, stateBytes, samplesMs, medianMs: median(samplesMs) }
}
