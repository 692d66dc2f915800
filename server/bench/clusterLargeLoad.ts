/**
 * A large board's cold load from Postgres: a board of `boardMiB` stored straight into Postgres,
 * then loaded by two clients on a node that never held it, with the node's event-loop monitor
 * on (stall/measureStall.ts): how long the load blocks every other board on that node.
 */
import { PostgresStorage } from '../src/storage/PostgresStorage'
import { storeLargeBoard } from './board/storeLargeBoard'
import type { ClusterBackends } from './cluster/startClusterBackends'
import { coldLoadByTwoClients, measureStall, type StallScenario } from './stall/measureStall'
import { pause } from './timing/pause'

export interface ClusterLargeLoadOptions {
  boardMiB: number
  log?: (line: string) => void
}

export interface ClusterLargeLoadResult {
  boardBytes: number
  shapes: number
  load: StallScenario
}

/** What a node does in its first second (compiling, first collections) is not the load's doing. */
const STARTUP_SETTLE_MS = 1_000

export async function runClusterLargeLoad(backends: ClusterBackends, opts: ClusterLargeLoadOptions): Promise<ClusterLargeLoadResult> {
  const log = opts.log ?? (() => {})
  const url = await backends.postgres.createDatabase('bench_large_load')
  const [node] = await backends.launchNodes(1, { loopMonitor: true, env: { DATABASE_URL: url } })
  const board = await node!.createBoard('cluster large load')
  const storage = await PostgresStorage.open({ connectionString: url })
  const { bytes, shapes } = await storeLargeBoard(storage, board.room, opts.boardMiB * 2 ** 20).finally(() => storage.close())
  log(`cluster large load: stored a board of ${(bytes / 2 ** 20).toFixed(1)} MiB (${shapes} shapes) in Postgres`)
  await pause(STARTUP_SETTLE_MS)
  const load = await measureStall(node!, 'cold load from Postgres', () => coldLoadByTwoClients(node!.accessTo(board)))
  log(`cluster large load: event loop blocked ≤ ${load.maxLoopDelayMs.toFixed(1)} ms (main-thread CPU ≤ ${load.maxLoopCpuMs?.toFixed(1) ?? 'n/a'} ms) in ${load.durationMs.toFixed(0)} ms`)
  return { boardBytes: bytes, shapes, load }
}
