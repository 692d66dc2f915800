import { sameScenario, scenarioLabel, type Spread } from '../fanout'
import { SERVER_LABEL } from '../servers/ServerUnderTest'
import type { BenchResults } from './BenchResults'
import type { TargetCheck } from './checkTargets'
import { renderClusterMarkdown } from './clusterReport'

const f = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits))

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

/** The results as Markdown: the machine, one table per benchmark, and the targets. */
export function renderMarkdown(results: BenchResults, targets: TargetCheck[]): string {
  const m = results.machine
  const out: string[] = []
  out.push(`Measured ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC (${results.mode} run, ${f(results.durationSeconds, 0)} s) on ${m.cores} × ${m.cpu}, ${m.memoryGb} GB RAM, ${m.os}, Node ${m.node}; load average at start ${f(m.loadAtStart, 2)}.`)

  const fanout = results.fanout
  if (fanout) {
    const o = fanout.options
    out.push(
      `\n**Fan-out**: ${o.writers} writers per board at ${o.writerHz} Hz; every cursor at ${o.cursorHz} Hz (cursors) or none (documents); ` +
        `${o.rounds} alternating round(s) of ${f(o.windowMs / 1000, 0)} s per server and scenario, median [min–max] of the rounds; clients in ${o.workers} worker processes.\n`,
    )
    const range = (s: Spread, digits = 1) => `${f(s.median, digits)} [${f(s.min, digits)}–${f(s.max, digits)}]`
    const rows = fanout.summary.map((s) => {
      const ratio = fanout.ratios.find((r) => sameScenario(r, s) && r.anchor === s.kind)
      return [
        scenarioLabel(s),
        s.label,
        range(s.cpuPerDeliveredUs),
        f(s.p50Ms.median),
        range(s.p99Ms),
        String(s.lost),
        String(s.closes),
        ratio ? `${f(ratio.cpu, 2)} / ${f(ratio.p99, 2)}` : '—',
      ]
    })
    out.push(table(['Room', 'Server', 'CPU µs / delivered update', 'p50 ms', 'p99 ms', 'lost', 'server closes', 'ours ÷ this (CPU / p99)'], rows))
  }

  const cap = results.capacity
  if (cap) {
    out.push(`\n**Capacity** (${SERVER_LABEL[cap.kind]}): ${cap.boards} boards × ${cap.shapesPerBoard} shapes, ${cap.clients} clients.\n`)
    out.push(
      table(
        ['RSS / board', 'heap / board', 'RSS before → loaded', 'heap before → loaded', 'load time', 'unloaded after last client left'],
        [
          [
            `${f(cap.perBoardKb.rss, 0)} kB`,
            `${f(cap.perBoardKb.heapUsed, 0)} kB`,
            `${f(cap.baseline.rssMb, 0)} → ${f(cap.loaded.rssMb, 0)} MB`,
            `${f(cap.baseline.heapUsedMb, 0)} → ${f(cap.loaded.heapUsedMb, 0)} MB`,
            `${f(cap.loadSeconds)} s`,
            cap.unload.seconds === null ? 'not seen' : `${f(cap.unload.seconds)} s (${cap.unload.observedBy})`,
          ],
        ],
      ),
    )
  }

  const cold = results.coldOpen
  if (cold) {
    out.push(`\n**Cold open** of a stored board of ${cold.shapes} shapes (${f(cold.server.stateBytes / 2 ** 20, 2)} MB of state).\n`)
    let browser: string
    if ('skipped' in cold.browser) browser = `skipped: ${cold.browser.skipped}`
    else {
      const medianMs = cold.browser.medianMs
      const m = cold.browser.milestones.find((x) => x.paintedMs === medianMs)
      const steps = m ? `: scripts loaded ${f(m.scriptsMs, 0)}, editor up ${f(m.editorMs, 0)}, all shapes in store ${f(m.shapesMs, 0)}` : ''
      browser = `${f(medianMs, 0)} ms median of ${cold.browser.samplesMs.length}${steps} (first ${f(cold.browser.firstMs, 0)} ms); page main-thread CPU ${f(cold.browser.medianMainThreadCpuMs, 0)} ms median`
    }
    out.push(
      table(
        ['Server: connect → sync step 2 received', 'Browser: navigation → shapes painted'],
        [[`${f(cold.server.medianMs)} ms median of ${cold.server.samplesMs.length} (first after restart ${f(cold.server.firstMs)} ms)`, browser]],
      ),
    )
  }

  const large = results.largeBoard
  if (large) {
    if ('skipped' in large) out.push(`\n**Large-board client**: skipped: ${large.skipped}`)
    else {
      out.push(`\n**Large-board client**: headless Chromium holding ${large.shapes} shapes (zoomed to fit), a Node client moving ${large.movesPerSecond} shapes/s.\n`)
      out.push(
        table(
          ['Frame time idle p50 / p95', 'Frame time while moving p50 / p95 / max', 'Page main-thread CPU per remote update', 'Template insert: painted (insert call); main-thread CPU', 'Same template on an empty board'],
          [
            [
              `${f(large.idleFrameMs.p50)} / ${f(large.idleFrameMs.p95)} ms`,
              `${f(large.movingFrameMs.p50)} / ${f(large.movingFrameMs.p95)} / ${f(large.movingFrameMs.max)} ms`,
              `${f(large.mainThreadCpuMs.perRemoteUpdate)} ms`,
              'skipped' in large.templateInsert
                ? `n/a (${large.templateInsert.skipped})`
                : `${f(large.templateInsert.ms, 0)} ms (${f(large.templateInsert.callMs, 0)} ms) (${large.templateInsert.templateId}, ${large.templateInsert.shapes} shapes, via ${large.templateInsert.via}); ${f(large.mainThreadCpuMs.templateInsert, 0)} ms CPU`,
              large.templateInsertEmptyBoard
                ? `${f(large.templateInsertEmptyBoard.ms, 0)} ms (${f(large.templateInsertEmptyBoard.callMs, 0)} ms)`
                : 'not measured',
            ],
          ],
        ),
      )
    }
  }

  const p = results.persistence
  if (p) {
    out.push(`\n**Persistence** (SqliteStorage: WAL, synchronous=NORMAL, checkpointed and fsynced every second on a worker thread), shape-move updates of ${f(p.updateBytes, 0)} B.\n`)
    out.push(
      table(
        ['Updates per commit', 'Updates / s', 'Commits / s'],
        p.commits.map((c) => [String(c.groupSize), f(c.updatesPerSecond, 0), f(c.commitsPerSecond, 0)]),
      ),
    )
    const c = p.compaction
    out.push('')
    out.push(
      table(
        ['Log', 'Compaction (encode + store)', 'Replaying the log (cold load)', 'Snapshot'],
        [[`${f(c.logBytes / 2 ** 20)} MB in ${c.logUpdates} updates`, `${f((c.encodeSeconds + c.storageSeconds) * 1000, 0)} ms (${f(c.encodeSeconds * 1000, 0)} + ${f(c.storageSeconds * 1000, 0)})`, `${f(c.loadSeconds * 1000, 0)} ms`, `${f(c.snapshotBytes / 1024, 0)} kB`]],
      ),
    )
  }

  const stall = results.stall
  if (stall) {
    out.push(
      `\n**Stalls**: a board of ${f(stall.boardBytes / 2 ** 20)} MiB (${stall.shapes} shapes) and a snapshot of it; its cold load, ${stall.jsonDownloads} parallel JSON downloads of the snapshot, ${stall.stuckSockets} clients asking for its Yjs download and never reading. Event loop: the longest block inside the server (monitorEventLoopDelay, 5 ms resolution), and the most CPU time the server's main thread used in one block (what the block costs by itself; on a busy machine the wall-clock block is longer).\n`,
    )
    out.push(
      table(
        ['Scenario', 'Event loop blocked (max)', 'Main-thread CPU in one block (max)', 'Slowest /healthz', 'RSS before → peak', 'Duration'],
        stall.scenarios.map((s) => [s.name, `${f(s.maxLoopDelayMs)} ms`, s.maxLoopCpuMs === null ? 'n/a' : `${f(s.maxLoopCpuMs)} ms`, `${f(s.maxHealthzMs)} ms${s.healthzFailures > 0 ? ` (${s.healthzFailures} failed)` : ''}`, `${f(s.rssBeforeMb, 0)} → ${f(s.rssPeakMb, 0)} MB`, `${f(s.durationMs / 1000, 2)} s`]),
      ),
    )
  }

  const start = results.productionStart
  if (start) {
    out.push(`\n**Production start** (spawn to the first answered /healthz, and RSS then; median of ${start.samples} starts each, alternating): \`npm run serve\` (the built server) against the TypeScript sources through tsx.\n`)
    out.push(
      table(
        ['Start', 'Time', 'RSS'],
        [
          ['built (node server/dist/main.js)', `${f(start.built.startMs, 0)} ms`, `${f(start.built.rssMb, 0)} MB`],
          ['tsx (server/src/main.ts)', `${f(start.tsx.startMs, 0)} ms`, `${f(start.tsx.rssMb, 0)} MB`],
          ['built ÷ tsx', f(start.ratio.startMs, 2), f(start.ratio.rssMb, 2)],
        ],
      ),
    )
  }

  out.push(...renderClusterMarkdown(results))

  out.push('\n**Targets**\n')
  out.push(table(['Target', 'Measured', 'Met'], targets.map((t) => [t.target, t.measured, t.met === null ? '—' : t.met ? 'yes' : '**no**'])))
  if (results.failures.length > 0) {
    out.push('\n**Failed benchmarks**\n')
    for (const failure of results.failures) out.push(`- ${failure.benchmark}: ${failure.error.split('\n')[0]}`)
  }
  return out.join('\n') + '\n'
}
