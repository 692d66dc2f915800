/**
 * Benchmark 1, fan-out: one board, N clients, W writers at 10 Hz, every cursor at 5 Hz.
 * Our server and the two anchors run alternately in the same run, each in its own process,
 * with the clients in separate worker processes.
 */
import { processRssMb } from './servers/processCpuSeconds'
import { SERVER_LABEL, launchServer, type ServerKind, type ServerUnderTest } from './servers/ServerUnderTest'
import { driveFanoutClients } from './fanoutClients/driveFanoutClients'
import { summarize, type Distribution } from './stats/summarize'

export interface FanoutOptions {
  sizes: number[]
  kinds: ServerKind[]
  rounds: number
  writers: number
  writerHz: number
  cursorHz: number
  warmupMs: number
  windowMs: number
  /** Client worker processes; two keep 100 clients' decoding off any single core. */
  workers: number
  /** Extra node flags for the servers, e.g. `--cpu-prof` to profile one. */
  serverNodeArgs?: Partial<Record<ServerKind, string[]>>
  log?: (line: string) => void
}

export interface FanoutRun {
  kind: ServerKind
  n: number
  round: number
  serverCpuSeconds: number
  deliveredInWindow: number
  cpuPerDeliveredUs: number
  latencyMs: Distribution
  sent: number
  expected: number
  delivered: number
  lost: number
  connectMs: number
  clientCpuSeconds: number
  windowSeconds: number
  serverRssMb: number | null
  /** Connections the server closed during the run, by close code. */
  closes: Record<string, number>
}

export interface FailedFanoutRun {
  kind: ServerKind
  n: number
  round: number
  error: string
}

export interface FanoutSummary {
  kind: ServerKind
  label: string
  n: number
  cpuPerDeliveredUs: number
  latencyMs: Distribution
  lost: number
  deliveredInWindow: number
  /** Connections the server closed over all rounds (e.g. 4029 rate limit); the clients reconnected. */
  closes: number
}

export interface FanoutResult {
  options: Omit<FanoutOptions, 'log' | 'serverNodeArgs'>
  runs: FanoutRun[]
  /** Runs that crashed or timed out; the others still count. */
  failedRuns: FailedFanoutRun[]
  summary: FanoutSummary[]
  /** Ours divided by each anchor, per N: below 1 is better for ours. */
  ratios: { n: number; anchor: ServerKind; cpu: number; p99: number }[]
}

export async function runFanout(opts: FanoutOptions): Promise<FanoutResult> {
  const log = opts.log ?? (() => {})
  const servers = new Map<ServerKind, ServerUnderTest>()
  const runs: FanoutRun[] = []
  const failedRuns: FailedFanoutRun[] = []
  const pooled = new Map<string, { latencies: number[]; cpu: number; delivered: number; lost: number; closes: number }>()
  try {
    for (const kind of opts.kinds) servers.set(kind, await launchServer(kind, { nodeArgs: opts.serverNodeArgs?.[kind] ?? [] }))
    for (const n of opts.sizes) {
      for (let round = 1; round <= opts.rounds; round++) {
        for (const kind of opts.kinds) {
          let outcome: Awaited<ReturnType<typeof runOnce>>
          try {
            outcome = await runOnce(servers.get(kind)!, n, round, opts)
          } catch (err) {
            const error = err instanceof Error ? err.message : String(err)
            failedRuns.push({ kind, n, round, error })
            log(`fanout ${kind.padEnd(5)} N=${String(n).padEnd(3)} round ${round}: FAILED: ${error}`)
            continue
          }
          const { run, latencies } = outcome
          runs.push(run)
          log(
            `fanout ${kind.padEnd(5)} N=${String(n).padEnd(3)} round ${round}: ${run.cpuPerDeliveredUs.toFixed(1)} µs/delivered, ` +
              `p50 ${run.latencyMs.p50.toFixed(1)} p99 ${run.latencyMs.p99.toFixed(1)} max ${run.latencyMs.max.toFixed(1)} ms, ` +
              `lost ${run.lost}/${run.expected}, clients ${run.clientCpuSeconds.toFixed(2)} s CPU` +
              (Object.keys(run.closes).length > 0 ? `, server closed ${JSON.stringify(run.closes)}` : ''),
          )
          const key = `${kind}/${n}`
          const pool = pooled.get(key) ?? { latencies: [], cpu: 0, delivered: 0, lost: 0, closes: 0 }
          pool.closes += Object.values(run.closes).reduce((sum, count) => sum + count, 0)
          for (const l of latencies) pool.latencies.push(l)
          pool.cpu += run.serverCpuSeconds
          pool.delivered += run.deliveredInWindow
          pool.lost += run.lost
          pooled.set(key, pool)
        }
      }
    }
  } finally {
    for (const server of servers.values()) await server.dispose()
  }
  const summary: FanoutSummary[] = []
  for (const n of opts.sizes) {
    for (const kind of opts.kinds) {
      const pool = pooled.get(`${kind}/${n}`)
      if (!pool) continue
      summary.push({
        kind,
        label: SERVER_LABEL[kind],
        n,
        cpuPerDeliveredUs: (pool.cpu / Math.max(1, pool.delivered)) * 1e6,
        latencyMs: summarize(pool.latencies),
        lost: pool.lost,
        deliveredInWindow: pool.delivered,
        closes: pool.closes,
      })
    }
  }
  const ratios: FanoutResult['ratios'] = []
  for (const n of opts.sizes) {
    const ours = summary.find((s) => s.kind === 'ours' && s.n === n)
    if (!ours) continue
    for (const anchor of summary.filter((s) => s.kind !== 'ours' && s.n === n)) {
      ratios.push({ n, anchor: anchor.kind, cpu: ours.cpuPerDeliveredUs / anchor.cpuPerDeliveredUs, p99: ours.latencyMs.p99 / anchor.latencyMs.p99 })
    }
  }
  const { log: _log, serverNodeArgs: _args, ...options } = opts
  return { options, runs, failedRuns, summary, ratios }
}

async function runOnce(server: ServerUnderTest, n: number, round: number, opts: FanoutOptions): Promise<{ run: FanoutRun; latencies: number[] }> {
  const access = await server.createBoard(`fan-out N=${n}`)
  const outcome = await driveFanoutClients({ ...opts, n, protocol: server.protocol, accessFor: () => access, sampleCpu: () => server.sampleCpu() })
  const { cpuBefore: before, cpuAfter: after, perWorker: collected } = outcome
  const latencies = collected.flatMap((c) => c.latencies)
  const deliveredInWindow = collected.reduce((sum, c) => sum + c.deliveredInWindow, 0)
  const serverCpu = after.seconds - before.seconds
  const run: FanoutRun = {
    kind: server.kind,
    n,
    round,
    serverCpuSeconds: serverCpu,
    deliveredInWindow,
    cpuPerDeliveredUs: (serverCpu / Math.max(1, deliveredInWindow)) * 1e6,
    latencyMs: summarize(latencies),
    sent: outcome.sent,
    expected: outcome.expected,
    delivered: outcome.delivered,
    lost: outcome.lost,
    connectMs: outcome.connectMs,
    clientCpuSeconds: outcome.clientCpuSeconds,
    windowSeconds: (after.at - before.at) / 1000,
    serverRssMb: processRssMb(server.pid),
    closes: collected.reduce<Record<string, number>>((all, c) => {
      for (const [code, count] of Object.entries(c.closes)) all[code] = (all[code] ?? 0) + count
      return all
    }, {}),
  }
  return { run, latencies }
}
