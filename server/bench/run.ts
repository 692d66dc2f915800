/**
 * `npm run bench`: runs the five benchmarks of issue 7, the stall benchmark and multi-node mode's (cluster.ts:
 * its own Postgres and Redis, two to four nodes), prints a table, writes
 * server/bench-results/latest.{json,md}, and says which targets are met.
 * `npm run bench:smoke` (`--smoke`): tiny sizes in well under a minute, writes smoke.{json,md},
 * and exits non-zero if a benchmark crashes or any update is lost.
 *
 * Flags: --only fanout,capacity,coldOpen,largeBoard,persistence,stall,productionStart,cluster   --skip <same>
 *        --rounds <n> (fan-out rounds per server)   --sizes 3,10 (fan-out: one board of each size only)   --no-browser   --build-client (rebuild first)
 *        --profile (CPU profiles of our server during fan-out, of the page opening the cold board and of the page receiving moves,
 *                   in bench-results/profiles; print one with profiling/printCpuProfile.ts)
 *        --persisted-anchors (fan-out: the two anchors also with their own persistence on, for comparison; not targets)
 * Env: BENCH_SERVER_ROOT=<checkout> benchmarks our server from another checkout;
 *      BENCH_SERVER_LOG=1 echoes the servers' logs; CHROMIUM_PATH picks the browser.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { runFanout, scenarioLabel } from './fanout'
import { PERSISTED_ANCHORS } from './servers/ServerUnderTest'
import { runCapacity } from './capacity'
import { runColdOpen } from './coldOpen'
import { runLargeBoard } from './largeBoard'
import { runPersistence } from './persistence'
import { runStall } from './stall'
import { runProductionStart } from './productionStart'
import { runCluster } from './cluster'
import { BENCHMARKS, type BenchResults, type BenchmarkName } from './report/BenchResults'
import { describeMachine } from './report/describeMachine'
import { checkTargets } from './report/checkTargets'
import { renderMarkdown } from './report/renderMarkdown'
import { findChromium } from './browser/launchChromium'
import { buildClient, clientIsBuilt } from './browser/clientBuild'
import { SIZES } from './benchSizes'

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    skip: { type: 'string' },
    rounds: { type: 'string' },
    sizes: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
    'build-client': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'persisted-anchors': { type: 'boolean', default: false },
  },
})

const log = (line: string) => console.info(`[bench] ${line}`)
const outDir = resolve(import.meta.dirname, '..', 'bench-results')
const sizes = values.smoke ? SIZES.smoke : SIZES.full
const list = (arg: string | undefined) => (arg ? arg.split(',').map((s) => s.trim()) : [])
for (const name of [...list(values.only), ...list(values.skip)]) {
  if (!(BENCHMARKS as readonly string[]).includes(name)) throw new Error(`unknown benchmark "${name}"; choose from ${BENCHMARKS.join(', ')}`)
}
const selected = BENCHMARKS.filter((b) => (values.only ? list(values.only).includes(b) : true) && !list(values.skip).includes(b))

const started = Date.now()
const results: BenchResults = {
  mode: values.smoke ? 'smoke' : 'full',
  startedAt: new Date(started).toISOString(),
  durationSeconds: 0,
  machine: describeMachine(),
  failures: [],
}

// The browser benchmarks need Chromium and the built client the server serves.
let browserSkip: string | null = null
const chromiumPath = values['no-browser'] ? null : findChromium()
if (values['no-browser']) browserSkip = '--no-browser'
else if (!chromiumPath) browserSkip = 'no Chromium found (set CHROMIUM_PATH or apt-get install chromium)'
else if (selected.includes('coldOpen') || selected.includes('largeBoard')) {
  if (values['build-client'] || !clientIsBuilt()) {
    try {
      buildClient(log)
    } catch (err) {
      browserSkip = `the client did not build: ${(err as Error).message.split('\n')[0]}`
    }
  }
  if (!browserSkip && !clientIsBuilt()) browserSkip = 'the client is not built (npm run build:test)'
}

async function step(name: BenchmarkName, run: () => Promise<void>): Promise<void> {
  if (!selected.includes(name)) return
  log(`${name}...`)
  const t = Date.now()
  try {
    await run()
    log(`${name} done in ${((Date.now() - t) / 1000).toFixed(0)} s`)
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err)
    results.failures.push({ benchmark: name, error })
    console.error(`[bench] ${name} FAILED: ${error}`)
  }
}

const fanout = () =>
  step('fanout', async () => {
    results.fanout = await runFanout({
      ...sizes.fanout,
      ...(values.rounds ? { rounds: Number(values.rounds) } : {}),
      ...(values.sizes ? { rooms: list(values.sizes).map((n) => ({ n: Number(n), boards: 1 })) } : {}),
      ...(values['persisted-anchors'] ? { kinds: [...sizes.fanout.kinds, ...PERSISTED_ANCHORS] } : {}),
      ...(values.profile ? { serverNodeArgs: { ours: ['--cpu-prof', `--cpu-prof-dir=${join(outDir, 'profiles')}`] } } : {}),
      log,
    })
    for (const failed of results.fanout.failedRuns) {
      results.failures.push({ benchmark: 'fanout', error: `${failed.kind} ${scenarioLabel(failed)} round ${failed.round}: ${failed.error}` })
    }
  })
const capacity = () =>
  step('capacity', async () => {
    results.capacity = await runCapacity({ ...sizes.capacity, log })
  })
const coldOpen = () =>
  step('coldOpen', async () => {
    results.coldOpen = await runColdOpen({
      ...sizes.coldOpen,
      chromiumPath: browserSkip ? null : chromiumPath,
      ...(browserSkip ? { browserSkipReason: browserSkip } : {}),
      ...(values.profile ? { profileFile: join(outDir, 'profiles', 'coldOpen-browser.cpuprofile') } : {}),
      log,
    })
  })
const largeBoard = () =>
  step('largeBoard', async () => {
    results.largeBoard = browserSkip || !chromiumPath ? { skipped: browserSkip ?? 'no Chromium' } : await runLargeBoard({
          ...sizes.largeBoard,
          chromiumPath,
          ...(values.profile ? { profileFile: join(outDir, 'profiles', 'largeBoard-moving.cpuprofile') } : {}),
          log,
        })
  })
const persistence = () =>
  step('persistence', async () => {
    results.persistence = await runPersistence({ ...sizes.persistence, log })
  })
const stall = () =>
  step('stall', async () => {
    results.stall = await runStall({
      ...sizes.stall,
      ...(values.profile ? { serverNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${join(outDir, 'profiles', 'stall')}`] } : {}),
      log,
    })
  })
const productionStart = () =>
  step('productionStart', async () => {
    results.productionStart = await runProductionStart({ ...sizes.productionStart, log })
  })

const cluster = () =>
  step('cluster', async () => {
    results.cluster = await runCluster({ ...sizes.cluster, log })
    const { fanout, commits, coldOpen, largeLoad } = results.cluster
    for (const [part, outcome] of [['fan-out', fanout], ['commits', commits], ['cold open', coldOpen], ['large load', largeLoad]] as const) {
      if ('failed' in outcome) results.failures.push({ benchmark: 'cluster', error: `${part}: ${outcome.failed}` })
    }
    if (!('failed' in results.cluster.fanout)) {
      for (const failed of results.cluster.fanout.failedRuns) {
        results.failures.push({ benchmark: 'cluster', error: `fan-out ${failed.mode} N=${failed.n} round ${failed.round}: ${failed.error}` })
      }
    }
  })

if (values.smoke) {
  // The smoke run checks that everything runs and nothing is lost, not speed: three lanes at
  // once keep it near a minute even on a busy machine.
  await Promise.all([
    (async () => {
      await fanout()
      await cluster()
    })(),
    (async () => {
      await capacity()
      await persistence()
      await stall()
      await productionStart()
    })(),
    (async () => {
      await coldOpen()
      await largeBoard()
    })(),
  ])
} else {
  // One at a time: each benchmark has the machine to itself (as far as this run goes).
  await fanout()
  await capacity()
  await coldOpen()
  await largeBoard()
  await persistence()
  await stall()
  await productionStart()
  await cluster()
}

results.durationSeconds = (Date.now() - started) / 1000
const targets = checkTargets(results)
const markdown = renderMarkdown(results, targets)
mkdirSync(outDir, { recursive: true })
const base = values.smoke ? 'smoke' : 'latest'
writeFileSync(join(outDir, `${base}.json`), JSON.stringify({ ...results, targets }, null, 2))
writeFileSync(join(outDir, `${base}.md`), markdown)
console.info(`\n${markdown}`)
log(`results in ${join(outDir, `${base}.json`)} and ${base}.md (${results.durationSeconds.toFixed(0)} s)`)

const losses: string[] = []
for (const s of results.fanout?.summary ?? []) if (s.lost > 0) losses.push(`fan-out ${s.kind} ${scenarioLabel(s)} lost ${s.lost} updates`)
const clusterFanout = results.cluster?.fanout
if (clusterFanout && !('failed' in clusterFanout)) {
  for (const s of clusterFanout.summary) if (s.lost > 0) losses.push(`cluster fan-out ${s.mode} N=${s.n} lost ${s.lost} updates`)
}
const large = results.largeBoard
if (large && !('skipped' in large) && !large.movesSeen.lastApplied) losses.push('large board: the browser never showed the last remote move')
for (const loss of losses) console.error(`[bench] ${loss}`)
for (const failure of results.failures) console.error(`[bench] ${failure.benchmark} crashed`)
process.exit(results.failures.length > 0 || (values.smoke && losses.length > 0) ? 1 : 0)
