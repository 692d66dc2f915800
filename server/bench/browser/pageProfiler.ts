import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { BrowserContext, Page } from '@playwright/test'

/**
 * Records a CPU profile of a page through the Chrome DevTools Protocol; `stop` writes it as a
 * `.cpuprofile` (open it in Chrome DevTools, or print it with profiling/printCpuProfile.ts).
 */
export async function startPageProfiler(context: BrowserContext, page: Page): Promise<{ stop(file: string): Promise<void> }> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 })
  await cdp.send('Profiler.start')
  return {
    async stop(file) {
      const { profile } = await cdp.send('Profiler.stop')
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, JSON.stringify(profile))
      await cdp.detach()
    },
  }
}
