/**
 * Benchmark 1, fan-out: N clients per board, W writers per board at 10 Hz, and cursors.
 * Our server and the two anchors run alternately in the same run, each in its own process,
 * with the clients in separate worker processes.
 *
 * Every room runs twice: with every cursor moving (`cursors`) and with none (`documents`).
 * Presence is where the servers differ most: Hocuspocus 4.7 builds a scratch Y.Doc (with a
 * random id from the OS) for every presence message it receives, stock clients echo every
 * presence frame back, and our server relays presence once per interval; with every cursor at
 * 5 Hz, that decides the comparison. Without cursors, each server pays only for documents, its
 * best case. The targets must hold in both.
 *
 * Without cursors a bare relay runs too (servers/bareRelayMain.ts): not an anchor, but the floor
 * that receiving and sending the same frames costs on this machine, so the report can say how
 * much of each update's cost the CPU target leaves for everything else.
 */
import { processRssMb } from './servers/processCpu'
import { ANCHORS, PERSISTED_ANCHORS, SERVER_LABEL, cpuSecondsUsed, launchServer, type ServerKind, type ServerUnderTest } from './servers/ServerUnderTest'
import { driveFanoutClients } from './fanoutClients/driveFanoutClients'
import { median, summarize, type Distribution } from './stats/summarize'

/** `cursors`: every client moves its cursor at cursorHz; `documents`: nobody does. */
export type PresenceLoad = 'cursors' | 'documents'

/** N people on each of `boards` boards (one team board, or a gathering of several). */
export interface FanoutRoom {
  n: number
  boards: number
}

export interface FanoutOptions {
  rooms: FanoutRoom[]
  presence: PresenceLoad[]
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

/** One room under one presence load: what a row of the table and a target are about. */
export interface FanoutScenario extends FanoutRoom {
  presence: PresenceLoad
}

export interface FanoutRun extends FanoutScenario {
  kind: ServerKind
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

export interface FailedFanoutRun extends FanoutScenario {
  kind: ServerKind
  round: number
  error: string
}

/** The median of the rounds and their range. */
export interface Spread {
  median: number
  min: number
  max: number
}

export interface FanoutSummary extends FanoutScenario {
  kind: ServerKind
  label: string
  rounds: number
  cpuPerDeliveredUs: Spread
  p50Ms: Spread
  p99Ms: Spread
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
  /** Ours divided by each anchor, in memory or persisted (medians of the rounds), per scenario: below 1 is better for ours. The bare relay is no anchor. */
  ratios: (FanoutScenario & { anchor: ServerKind; cpu: number; p99: number })[]
}

/** "N=10", or "10 boards × 8" for a gathering; with the presence load. */
export function scenarioLabel(s: FanoutScenario): string {
  return `${s.boards > 1 ? `${s.boards} boards × ${s.n}` : `N=${s.n}`}, ${s.presence}`
}

/** Every room under every presence load, in the order they run. */
export function fanoutScenarios(opts: Pick<FanoutOptions, 'rooms' | 'presence'>): FanoutScenario[] {
  return opts.rooms.flatMap((room) => opts.presence.map((presence): FanoutScenario => ({ ...room, presence })))
}

export function sameScenario(a: FanoutScenario, b: FanoutScenario): boolean {
  return a.n === b.n && a.boards === b.boards && a.presence === b.presence
}

function spread(values: readonly number[]): Spread {
  return values.length === 0 ? { median: NaN, min: NaN, max: NaN } : { median: median(values), min: Math.min(...values), max: Math.max(...values) }
}

export async function runFanout(opts: FanoutOptions): Promise<FanoutResult> {
  const log = opts.log ?? (() => {})
  const servers = new Map<ServerKind, ServerUnderTest>()
  const runs: FanoutRun[] = []
  const failedRuns: FailedFanoutRun[] = []
  const scenarios = fanoutScenarios(opts)
  try {
    for (const kind of opts.kinds) servers.set(kind, await launchServer(kind, { nodeArgs: opts.serverNodeArgs?.[kind] ?? [] }))
    for (const scenario of scenarios) {
      for (let round = 1; round <= opts.rounds; round++) {
        for (const kind of opts.kinds) {
          // The bare relay drops presence, so with cursors it would not be doing the same work.
          if (kind === 'relay' && scenario.presence === 'cursors') continue
          let run: FanoutRun
          try {
            run = await runOnce(servers.get(kind)!, scenario, round, opts)
          } catch (err) {
            const error = err instanceof Error ? err.message : String(err)
            failedRuns.push({ ...scenario, kind, round, error })
            log(`fanout ${kind.padEnd(5)} ${scenarioLabel(scenario)} round ${round}: FAILED: ${error}`)
            continue
          }
          runs.push(run)
          log(
            `fanout ${kind.padEnd(5)} ${scenarioLabel(scenario)} round ${round}: ${run.cpuPerDeliveredUs.toFixed(1)} µs/delivered, ` +
              `p50 ${run.latencyMs.p50.toFixed(1)} p99 ${run.latencyMs.p99.toFixed(1)} max ${run.latencyMs.max.toFixed(1)} ms, ` +
              `lost ${run.lost}/${run.expected}, clients ${run.clientCpuSeconds.toFixed(2)} s CPU` +
              (Object.keys(run.closes).length > 0 ? `, server closed ${JSON.stringify(run.closes)}` : ''),
          )
        }
      }
    }
  } finally {
    for (const server of servers.values()) await server.dispose()
  }
  const summary: FanoutSummary[] = []
  for (const scenario of scenarios) {
    for (const kind of opts.kinds) {
      const mine = runs.filter((r) => r.kind === kind && sameScenario(r, scenario))
      if (mine.length === 0) continue
      summary.push({
        ...scenario,
        kind,
        label: SERVER_LABEL[kind],
        rounds: mine.length,
        cpuPerDeliveredUs: spread(mine.map((r) => r.cpuPerDeliveredUs)),
        p50Ms: spread(mine.map((r) => r.latencyMs.p50)),
        p99Ms: spread(mine.map((r) => r.latencyMs.p99)),
        lost: mine.reduce((sum, r) => sum + r.lost, 0),
        deliveredInWindow: mine.reduce((sum, r) => sum + r.deliveredInWindow, 0),
        closes: mine.reduce((sum, r) => sum + Object.values(r.closes).reduce((a, b) => a + b, 0), 0),
      })
    }
  }
  const ratios: FanoutResult['ratios'] = []
  for (const scenario of scenarios) {
    const rows = summary.filter((s) => sameScenario(s, scenario))
    const ours = rows.find((s) => s.kind === 'ours')
    if (!ours) continue
    for (const anchor of rows.filter((s) => ANCHORS.includes(s.kind) || PERSISTED_ANCHORS.includes(s.kind))) {
      ratios.push({
        ...scenario,
        anchor: anchor.kind,
        cpu: ours.cpuPerDeliveredUs.median / anchor.cpuPerDeliveredUs.median,
        p99: ours.p99Ms.median / anchor.p99Ms.median,
      })
    }
  }
  const { log: _log, serverNodeArgs: _args, ...options } = opts
  return { options, runs, failedRuns, summary, ratios }
}

async function runOnce(server: ServerUnderTest, scenario: FanoutScenario, round: number, opts: FanoutOptions): Promise<FanoutRun> {
  const boards = await Promise.all(Array.from({ length: scenario.boards }, (_, b) => server.createBoard(`fan-out ${scenarioLabel(scenario)} #${b + 1}`)))
  const outcome = await driveFanoutClients({
    ...opts,
    n: scenario.n,
    boards: scenario.boards,
    cursorHz: scenario.presence === 'cursors' ? opts.cursorHz : 0,
    protocol: server.protocol,
    accessFor: (_worker, board) => boards[board]!,
    sampleCpu: () => server.sampleCpu(),
  })
  const { cpuBefore: before, cpuAfter: after, perWorker: collected } = outcome
  const latencies = collected.flatMap((c) => c.latencies)
  const deliveredInWindow = collected.reduce((sum, c) => sum + c.deliveredInWindow, 0)
  const serverCpu = cpuSecondsUsed(before, after)
  return {
    ...scenario,
    kind: server.kind,
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
}
