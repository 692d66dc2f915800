/**
 * Benchmark 3, cold open: a stored board of 5,000 shapes, opened when no one has it loaded.
 * Server part: from a client's connect to the board's full state arriving (sync step 2), on
 * localhost, with a light client that does not apply the state, so the figure is the server's.
 * Browser part: from navigation to the shapes painted, in headless Chromium with an empty cache.
 */
import type { Browser } from '@playwright/test'
import { launchServer, type BoardAccess, type ServerUnderTest } from './servers/ServerUnderTest'
import { untilLogLine } from './servers/untilLogLine'
import { RawSyncClient } from './capacityClients/RawSyncClient'
import { seedBoardOverSync } from './board/seedBoardOverSync'
import { freshBoardContext, launchChromium } from './browser/launchChromium'
import { watchOpen, type OpenMilestones } from './browser/pageApi'
import { startPageProfiler } from './browser/pageProfiler'
import { startMainThreadCpu } from './browser/mainThreadCpu'
import { median } from './stats/summarize'
import { withTimeout } from './timing/withTimeout'

export interface ColdOpenOptions {
  shapes: number
  serverSamples: number
  browserSamples: number
  /** Null skips the browser part (no Chromium or no client build). */
  chromiumPath: string | null
  browserSkipReason?: string
  /** Write a CPU profile of the first browser open (navigation to painted) to this file. */
  profileFile?: string
  log?: (line: string) => void
}

export interface ColdOpenResult {
  shapes: number
  server: {
    /** The first open after a restart: cold process as well as cold board. */
    firstMs: number
    /** Later opens, each after the board was unloaded again. */
    samplesMs: number[]
    medianMs: number
    stateBytes: number
  }
  browser:
    | {
        firstMs: number
        samplesMs: number[]
        medianMs: number
        milestones: OpenMilestones[]
        /** CPU time of the page's main thread from navigation to painted, per sample (wall clock stretches on a busy machine; this does not). */
        mainThreadCpuMs: number[]
        medianMainThreadCpuMs: number
      }
    | { skipped: string }
}

/** Short, so that each sample finds the board unloaded again soon after the last one left. */
const UNLOAD_DELAY_MS = 200
const BROWSER_TIMEOUT_MS = 60_000

export async function runColdOpen(opts: ColdOpenOptions): Promise<ColdOpenResult> {
  const log = opts.log ?? (() => {})
  // Debug logs carry "room unloaded", which tells when the next open will be cold again.
  const env = { ROOM_UNLOAD_DELAY_MS: String(UNLOAD_DELAY_MS), LOG_LEVEL: 'debug' }
  const seeding = await launchServer('ours', { env })
  let server: ServerUnderTest | null = null
  let browser: Browser | null = null
  try {
    const seeded = await seeding.createBoard(`cold open ${opts.shapes}`)
    const { writer } = await seedBoardOverSync(seeded, opts.shapes)
    writer.destroy()
    await seeding.stop()
    server = await launchServer('ours', { env, dataDir: seeding.dataDir! })
    const access = server.accessTo(seeded)
    log(`cold open: ${opts.shapes} shapes stored; server restarted`)

    const samples: number[] = []
    let stateBytes = 0
    for (let i = 0; i < opts.serverSamples + 1; i++) {
      const started = performance.now()
      const client = new RawSyncClient(access, 100 + i, { user: { id: `cold-${i}`, name: 'Kald', color: '#2f9e44' } })
      stateBytes = await client.synced
      samples.push(performance.now() - started)
      await closeAndUnload(server, access, () => client.close())
    }
    const [firstMs, ...rest] = samples
    log(`cold open: server first ${firstMs!.toFixed(1)} ms, median of later ${median(rest).toFixed(1)} ms`)

    let browserResult: ColdOpenResult['browser'] = {
      skipped: opts.browserSamples === 0 ? 'no browser samples asked for' : (opts.browserSkipReason ?? 'no Chromium found'),
    }
    if (opts.chromiumPath && opts.browserSamples > 0) {
      browser = await launchChromium(opts.chromiumPath)
      const url = `${server.origin}/b/${access.room}#token=${access.tokens!.facilitator}`
      const milestones: OpenMilestones[] = []
      const mainThreadCpuMs: number[] = []
      for (let i = 0; i < opts.browserSamples; i++) {
        const context = await freshBoardContext(browser)
        const page = await context.newPage()
        const profiler = i === 0 && opts.profileFile ? await startPageProfiler(context, page) : null
        const cpu = await startMainThreadCpu(context, page)
        await page.goto(url)
        // The page clock starts at navigation, so paintedMs is navigation -> painted.
        milestones.push(await withTimeout(page.evaluate(watchOpen, opts.shapes), BROWSER_TIMEOUT_MS, 'the board did not open'))
        mainThreadCpuMs.push(await cpu.stop())
        if (profiler && opts.profileFile) await profiler.stop(opts.profileFile)
        await closeAndUnload(server, access, () => context.close())
      }
      const browserSamples = milestones.map((m) => m.paintedMs)
      browserResult = {
        firstMs: browserSamples[0]!,
        samplesMs: browserSamples,
        medianMs: median(browserSamples),
        milestones,
        mainThreadCpuMs,
        medianMainThreadCpuMs: median(mainThreadCpuMs),
      }
      log(`cold open: browser median ${browserResult.medianMs.toFixed(0)} ms, main-thread CPU ${browserResult.medianMainThreadCpuMs.toFixed(0)} ms`)
    }
    return { shapes: opts.shapes, server: { firstMs: firstMs!, samplesMs: rest, medianMs: median(rest), stateBytes }, browser: browserResult }
  } finally {
    await browser?.close()
    await server?.stop()
    await seeding.dispose()
  }
}


async function closeAndUnload(server: ServerUnderTest, access: BoardAccess, close: () => Promise<void>): Promise<void> {
  const unloaded = untilLogLine(server, 'room unloaded', { boardId: access.room })
  await close()
  await unloaded
}
