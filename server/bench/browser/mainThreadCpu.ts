import type { BrowserContext, CDPSession, Page } from '@playwright/test'

/** Trace categories that carry the renderer's tasks with their thread time. */
const CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline'

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  tdur?: number
  args?: { name?: string }
}

/**
 * Measures the CPU time the page's main thread spends (thread time, from a Chrome trace), as
 * opposed to the wall-clock time the benchmarks also report. On a shared 2-core machine a busy
 * neighbour stretches wall-clock figures several times over (a cold open of 3.98 s on a quiet
 * machine took 10–20 s at load 15); the main thread's own CPU time barely moves, so it is the
 * figure to compare two versions of the client by.
 */
export async function startMainThreadCpu(context: BrowserContext, page: Page): Promise<{ stop(): Promise<number> }> {
  const cdp: CDPSession = await context.newCDPSession(page)
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]))
  })
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' })
  return {
    async stop() {
      const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()))
      await cdp.send('Tracing.end')
      await complete
      await cdp.detach()
      return mainThreadCpuMs(events)
    },
  }
}

/** Thread time of the top-level tasks of every renderer main thread in the trace (a navigation may change renderer). */
function mainThreadCpuMs(events: TraceEvent[]): number {
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`))
  let micros = 0
  for (const e of events) {
    if (e.ph === 'X' && e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`)) micros += e.tdur ?? 0
  }
  return micros / 1000
}
