/**
 * Multi-node mode's benchmarks on a throwaway Postgres and Redis of their own (started and
 * stopped here, by process id): fan-out across two nodes against one (clusterFanout.ts),
 * commit throughput to Postgres beside SQLite's (postgresCommits.ts), a cold open from
 * Postgres on a node that never held the board (clusterColdOpen.ts), and how long a large
 * board's cold load from Postgres blocks its node (clusterLargeLoad.ts).
 */
import { startClusterBackends } from './cluster/startClusterBackends'
import { runClusterFanout, type ClusterFanoutOptions, type ClusterFanoutResult } from './clusterFanout'
import { runPostgresCommits, type PostgresCommitsOptions, type PostgresCommitsResult } from './postgresCommits'
import { runClusterColdOpen, type ClusterColdOpenOptions, type ClusterColdOpenResult } from './clusterColdOpen'
import { runClusterLargeLoad, type ClusterLargeLoadOptions, type ClusterLargeLoadResult } from './clusterLargeLoad'

export interface ClusterOptions {
  fanout: Omit<ClusterFanoutOptions, 'log'>
  commits: Omit<PostgresCommitsOptions, 'log'>
  coldOpen: Omit<ClusterColdOpenOptions, 'log'>
  largeLoad: Omit<ClusterLargeLoadOptions, 'log'>
  log?: (line: string) => void
}

export interface ClusterResult {
  fanout: ClusterFanoutResult | { failed: string }
  commits: PostgresCommitsResult | { failed: string }
  coldOpen: ClusterColdOpenResult | { failed: string }
  largeLoad: ClusterLargeLoadResult | { failed: string }
}

export async function runCluster(opts: ClusterOptions): Promise<ClusterResult> {
  const log = opts.log ?? (() => {})
  const backends = await startClusterBackends()
  log(`cluster: Postgres (port ${backends.postgres.port}) and Redis (port ${backends.redis.port}) up`)
  // One part failing leaves the others' figures; run.ts reports the failure.
  const part = async <T>(name: string, run: () => Promise<T>): Promise<T | { failed: string }> => {
    try {
      return await run()
    } catch (err) {
      const failed = err instanceof Error ? (err.stack ?? err.message) : String(err)
      log(`cluster ${name} FAILED: ${failed}`)
      return { failed }
    }
  }
  try {
    // One set of nodes serves every part, as a deployment's would: started together (tsx's
    // start is the slow part of a smoke run), the fan-out on the first two, the cold open
    // written through the first and opened on the others, none of which held that board.
    const nodes = await backends.launchNodes(Math.max(2, 1 + opts.coldOpen.samples))
    log(`cluster: ${nodes.length} nodes up`)
    const fanout = await part('fan-out', () => runClusterFanout(nodes, { ...opts.fanout, log }))
    const commits = await part('commits', () => runPostgresCommits(backends, { ...opts.commits, log }))
    const coldOpen = await part('cold open', () => runClusterColdOpen(nodes, { ...opts.coldOpen, log }))
    // On a node of its own, with its event-loop monitor on (it wakes the node 400 times a second, which the fan-out's CPU must not pay).
    const largeLoad = await part('large load', () => runClusterLargeLoad(backends, { ...opts.largeLoad, log }))
    return { fanout, commits, coldOpen, largeLoad }
  } finally {
    await backends.dispose()
  }
}
