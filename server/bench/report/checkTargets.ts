import { fanoutScenarios, sameScenario, scenarioLabel } from '../fanout'
import { ANCHORS, PERSISTED_ANCHORS } from '../servers/ServerUnderTest'
import { STALL_TARGET_MS } from '../stall/measureStall'
import type { BenchResults } from './BenchResults'
import { checkClusterTargets } from './clusterReport'

/** One target of issue 7 and whether this run met it; `met` is null when it was not measured. */
export interface TargetCheck {
  target: string
  measured: string
  met: boolean | null
}

/**
 * "33 ms" is two frames at 60 Hz (30 fps). requestAnimationFrame deltas come in multiples of
 * the 16.7 ms vsync, so a p95 of one missed frame reads 33.3-33.4 ms; that still meets it.
 */
const FRAME_BUDGET_MS = (2 * 1000) / 60 + 0.5

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')

/**
 * Measured, not targeted: what the CPU target leaves a server for an update beyond relaying it.
 * The bare relay only receives each update and writes it to the room's other `n - 1` sockets,
 * so a server's CPU above it, times those deliveries, is what it spends per incoming update on
 * everything else (for ours: decoding, guards, commit, apply, framing).
 */
function aboveTheFloor(label: string, n: number, targetUs: number, oursUs: number, relayUs: number): TargetCheck {
  const perUpdate = (perDelivered: number) => `${fmt(perDelivered)} µs per delivered update, ${fmt(perDelivered * (n - 1), 0)} µs per incoming update`
  return {
    target: `Fan-out ${label}: what the CPU target leaves above the bare relay (${fmt(relayUs)} µs)`,
    measured: `the target leaves ${perUpdate(targetUs - relayUs)}; ours spends ${perUpdate(oursUs - relayUs)}`,
    met: null,
  }
}

/** The targets of issue 7, each checked against what this run measured. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = []
  const fanout = results.fanout
  // Each scenario against the better anchor in it, medians of the rounds (ranges in the table).
  for (const scenario of fanout ? fanoutScenarios(fanout.options) : []) {
    const rows = fanout!.summary.filter((s) => sameScenario(s, scenario))
    const ours = rows.find((s) => s.kind === 'ours')
    const anchors = rows.filter((s) => ANCHORS.includes(s.kind))
    if (!ours || anchors.length === 0) continue
    const bestCpu = Math.min(...anchors.map((a) => a.cpuPerDeliveredUs.median))
    const bestP99 = Math.min(...anchors.map((a) => a.p99Ms.median))
    const label = scenarioLabel(scenario)
    checks.push({
      target: `Fan-out ${label}: server CPU per delivered update ≤ 0.8 × better anchor`,
      measured: `${fmt(ours.cpuPerDeliveredUs.median)} µs vs ${fmt(bestCpu)} µs (${fmt(ours.cpuPerDeliveredUs.median / bestCpu, 2)}×)`,
      met: ours.cpuPerDeliveredUs.median <= 0.8 * bestCpu,
    })
    const persisted = rows.filter((s) => PERSISTED_ANCHORS.includes(s.kind))
    if (persisted.length > 0) {
      const best = persisted.reduce((a, b) => (b.cpuPerDeliveredUs.median < a.cpuPerDeliveredUs.median ? b : a))
      checks.push({
        target: `Fan-out ${label}: against the better anchor with its own persistence on (compared, not targeted)`,
        measured: `${fmt(ours.cpuPerDeliveredUs.median)} µs vs ${fmt(best.cpuPerDeliveredUs.median)} µs, ${best.label} (${fmt(ours.cpuPerDeliveredUs.median / best.cpuPerDeliveredUs.median, 2)}×)`,
        met: null,
      })
    }
    const relay = rows.find((s) => s.kind === 'relay')
    if (relay) checks.push(aboveTheFloor(label, scenario.n, 0.8 * bestCpu, ours.cpuPerDeliveredUs.median, relay.cpuPerDeliveredUs.median))
    checks.push({
      target: `Fan-out ${label}: p99 latency ≤ better anchor's`,
      measured: `${fmt(ours.p99Ms.median)} ms vs ${fmt(bestP99)} ms`,
      met: ours.p99Ms.median <= bestP99,
    })
    checks.push({ target: `Fan-out ${label}: zero loss (persistence on)`, measured: `${ours.lost} lost${ours.closes > 0 ? `, ${ours.closes} connections closed by the server (clients reconnected)` : ''}`, met: ours.lost === 0 })
  }
  const capacity = results.capacity
  // Both figures, judged apart: the heap is what a loaded board holds; RSS also keeps the peak
  // that loading reached (V8 and the allocator do not give it back, even once boards unload).
  for (const [label, key] of [['heap', 'heapUsed'], ['RSS', 'rss']] as const) {
    const target = `Memory per loaded small board ≤ 150 kB (${label})`
    checks.push(
      capacity
        ? {
            target,
            measured: `${fmt(capacity.perBoardKb[key], 0)} kB ${label} at ${capacity.boards} boards × ${capacity.shapesPerBoard} shapes${
              key === 'rss' && capacity.unload.after ? ` (RSS after every board unloaded: ${fmt(capacity.unload.after.rssMb, 0)} MB, loaded ${fmt(capacity.loaded.rssMb, 0)} MB)` : ''
            }`,
            met: capacity.perBoardKb[key] <= 150,
          }
        : { target, measured: 'not run', met: null },
    )
  }
  checks.push(
    capacity
      ? {
          target: 'Boards unloaded ≤ 30 s after the last client leaves',
          measured: capacity.unload.seconds === null ? 'not seen within the timeout' : `${fmt(capacity.unload.seconds)} s`,
          met: capacity.unload.seconds !== null && capacity.unload.seconds <= 30,
        }
      : { target: 'Boards unloaded ≤ 30 s after the last client leaves', measured: 'not run', met: null },
  )
  const cold = results.coldOpen
  if (cold) {
    const all = [cold.server.firstMs, ...cold.server.samplesMs].sort((a, b) => a - b)
    const medianAll = all[Math.ceil(all.length / 2) - 1]!
    checks.push({
      target: `Cold open of ${cold.shapes} shapes: server part ≤ 100 ms`,
      measured: `median ${fmt(medianAll)} ms (first after restart ${fmt(cold.server.firstMs)} ms)`,
      met: medianAll <= 100,
    })
    checks.push(
      'skipped' in cold.browser
        ? { target: `Cold open of ${cold.shapes} shapes: rendered in the browser ≤ 1.5 s`, measured: `skipped: ${cold.browser.skipped}`, met: null }
        : { target: `Cold open of ${cold.shapes} shapes: rendered in the browser ≤ 1.5 s`, measured: `median ${fmt(cold.browser.medianMs, 0)} ms`, met: cold.browser.medianMs <= 1500 },
    )
  } else {
    checks.push({ target: 'Cold open: server ≤ 100 ms, browser ≤ 1.5 s', measured: 'not run', met: null })
  }
  const large = results.largeBoard
  if (large && !('skipped' in large)) {
    checks.push({
      target: 'Large board: p95 frame time ≤ 33 ms (two 60 Hz frames) while receiving remote moves',
      measured: `p95 ${fmt(large.movingFrameMs.p95)} ms (p50 ${fmt(large.movingFrameMs.p50)} ms) at ${large.movesPerSecond} moves/s on ${large.shapes} shapes`,
      met: large.movingFrameMs.p95 <= FRAME_BUDGET_MS,
    })
    checks.push(
      'skipped' in large.templateInsert
        ? { target: 'Template insert ≤ 150 ms', measured: `n/a: ${large.templateInsert.skipped}`, met: null }
        : { target: 'Template insert ≤ 150 ms', measured: `${fmt(large.templateInsert.ms, 0)} ms (${large.templateInsert.shapes} shapes, ${large.templateInsert.via}, on a ${large.shapes}-shape board)`, met: large.templateInsert.ms <= 150 },
    )
  } else {
    const why = large && 'skipped' in large ? `skipped: ${large.skipped}` : 'not run'
    checks.push({ target: 'Large board: p95 frame time ≤ 33 ms while receiving remote moves', measured: why, met: null })
    checks.push({ target: 'Template insert ≤ 150 ms', measured: why, met: null })
  }
  const stall = results.stall
  if (stall) {
    const idle = stall.scenarios.find((s) => s.name === 'idle')
    for (const s of stall.scenarios) {
      if (s === idle) continue
      checks.push({
        target: `Stall of other boards ≤ ${STALL_TARGET_MS} ms: ${s.name} (${fmt(stall.boardBytes / 2 ** 20)} MiB board)`,
        measured: `event loop blocked ≤ ${fmt(s.maxLoopDelayMs)} ms (idle: ${idle ? fmt(idle.maxLoopDelayMs) : 'n/a'} ms), main-thread CPU in one block ≤ ${s.maxLoopCpuMs === null ? 'n/a' : `${fmt(s.maxLoopCpuMs)} ms`}; slowest /healthz ${fmt(s.maxHealthzMs)} ms${s.healthzFailures > 0 ? `, ${s.healthzFailures} failed` : ''}; RSS ${fmt(s.rssBeforeMb, 0)} → ${fmt(s.rssPeakMb, 0)} MB`,
        met: s.maxLoopDelayMs <= STALL_TARGET_MS && s.healthzFailures === 0,
      })
    }
  } else {
    checks.push({ target: `Stall of other boards ≤ ${STALL_TARGET_MS} ms (cold load, JSON downloads, unread downloads)`, measured: 'not run', met: null })
  }
  // Measured, not targeted: what the production start saves against the tsx start it replaced.
  const start = results.productionStart
  checks.push({
    target: 'Production start (npm run serve) against the tsx start: time and RSS, built ÷ tsx',
    measured: start ? `${fmt(start.ratio.startMs, 2)}× the time (${fmt(start.built.startMs, 0)} vs ${fmt(start.tsx.startMs, 0)} ms), ${fmt(start.ratio.rssMb, 2)}× the RSS (${fmt(start.built.rssMb, 0)} vs ${fmt(start.tsx.rssMb, 0)} MB)` : 'not run',
    met: null,
  })
  checks.push(...checkClusterTargets(results))
  return checks
}
