/**
 * Multi-node fan-out: the fan-out benchmark's load (one board, N clients, W writers at 10 Hz,
 * every cursor at 5 Hz) on two nodes in multi-node mode (Postgres + Redis). The anchor is the
 * same cluster in the same run with every client on one node, so the only difference measured
 * is the hop through Redis to the other node. The modes alternate, round by round.
 */
import { driveFanoutClients } from './fanoutClients/driveFanoutClients'
import { cpuSecondsUsed, type CpuSample, type ServerUnderTest } from './servers/ServerUnderTest'
import { summarize, type Distribution } from './stats/summarize'

export interface ClusterFanoutOptions {
  sizes: number[]
  rounds: number
  writers: number
  writerHz: number
  cursorHz: number
  warmupMs: number
  windowMs: number
  log?: (line: string) => void
}

/** `oneNode`: every client on node A (the anchor); `twoNodes`: client i on node A or B by its parity. */
export type ClusterFanoutMode = 'oneNode' | 'twoNodes'
export const CLUSTER_FANOUT_MODES: readonly ClusterFanoutMode[] = ['oneNode', 'twoNodes']

export interface NodeShare {
  cpuSeconds: number
  /** Updates delivered to this node's clients inside the window. */
  deliveredInWindow: number
  /** This node's CPU divided by the updates its clients received; null without clients. */
  cpuPerDeliveredUs: number | null
}

export interface ClusterFanoutSummary {
  mode: ClusterFanoutMode
  n: number
  /** Node A, node B. */
  nodes: NodeShare[]
  /** Both nodes' CPU over every delivery: what the whole cluster spends per delivered update. */
  cpuPerDeliveredUs: number
  latencyMs: Distribution
  /** Deliveries whose writer was on the other node (twoNodes only). */
  crossNodeLatencyMs: Distribution | null
  lost: number
  closes: number
  runs: number
}

export interface ClusterFanoutResult {
  options: Omit<ClusterFanoutOptions, 'log'>
  summary: ClusterFanoutSummary[]
  failedRuns: { mode: ClusterFanoutMode; n: number; round: number; error: string }[]
  /** Per N: the two-node cross-node p99 over the one-node p99. */
  ratios: { n: number; p99: number }[]
}

/** Two workers: worker w's clients are on node w in the twoNodes mode. */
const WORKERS = 2

interface Pool {
  latencies: number[]
  cross: number[]
  cpu: number[]
  delivered: number[]
  lost: number
  closes: number
  runs: number
}

/** Runs on the first two of `nodes` (nodes of one cluster). */
export async function runClusterFanout(nodes: ServerUnderTest[], opts: ClusterFanoutOptions): Promise<ClusterFanoutResult> {
  const log = opts.log ?? (() => {})
  const pools = new Map<string, Pool>()
  const failedRuns: ClusterFanoutResult['failedRuns'] = []
  for (const n of opts.sizes) {
    for (let round = 1; round <= opts.rounds; round++) {
      for (const mode of CLUSTER_FANOUT_MODES) {
        try {
          const pool = pools.get(`${mode}/${n}`) ?? { latencies: [], cross: [], cpu: [0, 0], delivered: [0, 0], lost: 0, closes: 0, runs: 0 }
          pools.set(`${mode}/${n}`, pool)
          const line = await runOnce(nodes, mode, n, opts, pool)
          log(`cluster fan-out ${mode.padEnd(8)} N=${String(n).padEnd(3)} round ${round}: ${line}`)
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err)
          failedRuns.push({ mode, n, round, error })
          log(`cluster fan-out ${mode} N=${n} round ${round}: FAILED: ${error}`)
        }
      }
    }
  }
  const summary: ClusterFanoutSummary[] = []
  for (const n of opts.sizes) {
    for (const mode of CLUSTER_FANOUT_MODES) {
      const pool = pools.get(`${mode}/${n}`)
      if (!pool || pool.runs === 0) continue
      const totalCpu = pool.cpu[0]! + pool.cpu[1]!
      const totalDelivered = pool.delivered[0]! + pool.delivered[1]!
      summary.push({
        mode,
        n,
        nodes: [0, 1].map((i) => ({
          cpuSeconds: pool.cpu[i]!,
          deliveredInWindow: pool.delivered[i]!,
          cpuPerDeliveredUs: pool.delivered[i]! > 0 ? (pool.cpu[i]! / pool.delivered[i]!) * 1e6 : null,
        })),
        cpuPerDeliveredUs: (totalCpu / Math.max(1, totalDelivered)) * 1e6,
        latencyMs: summarize(pool.latencies),
        crossNodeLatencyMs: mode === 'twoNodes' ? summarize(pool.cross) : null,
        lost: pool.lost,
        closes: pool.closes,
        runs: pool.runs,
      })
    }
  }
  const ratios: ClusterFanoutResult['ratios'] = []
  for (const n of opts.sizes) {
    const one = summary.find((s) => s.mode === 'oneNode' && s.n === n)
    const two = summary.find((s) => s.mode === 'twoNodes' && s.n === n)
    if (one && two?.crossNodeLatencyMs) ratios.push({ n, p99: two.crossNodeLatencyMs.p99 / one.latencyMs.p99 })
  }
  const { log: _log, ...options } = opts
  return { options, summary, failedRuns, ratios }
}

async function runOnce(nodes: ServerUnderTest[], mode: ClusterFanoutMode, n: number, opts: ClusterFanoutOptions, pool: Pool): Promise<string> {
  const [a, b] = nodes as [ServerUnderTest, ServerUnderTest]
  const board = await a.createBoard(`cluster fan-out N=${n}`)
  // Worker w's clients join node nodeOf(w).
  const nodeOf = (worker: number) => (mode === 'twoNodes' ? worker % 2 : 0)
  const outcome = await driveFanoutClients({
    ...opts,
    n,
    workers: WORKERS,
    protocol: a.protocol,
    accessFor: (w) => (nodeOf(w) === 0 ? board : b.accessTo(board)),
    sampleCpu: (): Promise<CpuSample[]> => Promise.all([a.sampleCpu(), b.sampleCpu()]),
  })
  const cpu = [0, 1].map((i) => cpuSecondsUsed(outcome.cpuBefore[i]!, outcome.cpuAfter[i]!))
  const delivered = [0, 0]
  const latencies: number[] = []
  const cross: number[] = []
  outcome.perWorker.forEach((c, w) => {
    delivered[nodeOf(w)]! += c.deliveredInWindow
    c.latencies.forEach((latency, i) => {
      latencies.push(latency)
      if (nodeOf(outcome.workerOf(c.latencyWriters[i]!)) !== nodeOf(w)) cross.push(latency)
    })
    pool.closes += Object.values(c.closes).reduce((sum, count) => sum + count, 0)
  })
  for (const l of latencies) pool.latencies.push(l)
  for (const l of cross) pool.cross.push(l)
  for (const i of [0, 1]) {
    pool.cpu[i]! += cpu[i]!
    pool.delivered[i]! += delivered[i]!
  }
  pool.lost += outcome.lost
  pool.runs++
  const all = summarize(latencies)
  const perNode = [0, 1].map((i) => (delivered[i]! > 0 ? `${((cpu[i]! / delivered[i]!) * 1e6).toFixed(1)}` : `— (${cpu[i]!.toFixed(2)} s idle)`)).join(' / ')
  return (
    `µs/delivered A / B ${perNode}, p50 ${all.p50.toFixed(1)} p99 ${all.p99.toFixed(1)} ms` +
    (mode === 'twoNodes' ? `, across nodes p99 ${summarize(cross).p99.toFixed(1)} ms` : '') +
    `, lost ${outcome.lost}/${outcome.expected}`
  )
}
