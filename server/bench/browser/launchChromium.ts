import { chromium, type Browser, type BrowserContext } from '@playwright/test'
import { CHROMIUM_ARGS } from '../../../e2e/fixtures/chromium'

// The e2e fixture is the one place that knows where Chromium is and which flags it needs here.
export { findChromium } from '../../../e2e/fixtures/chromium'

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true })
}

/** Name of the localStorage entry where the client keeps who this browser is (client/src/board/localIdentity.ts). */
const IDENTITY_KEY = 'whiteboard.identity'

/**
 * A fresh context (no cache, no IndexedDB copy of any board) that has already answered the
 * display-name dialog, so the board opens straight onto the canvas.
 */
export async function freshBoardContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  // tsx compiles with esbuild's keepNames, which wraps inner functions in `__name(...)` calls;
  // functions handed to page.evaluate carry those calls into a page that has no `__name`.
  await context.addInitScript('globalThis.__name = globalThis.__name || ((fn) => fn)')
  await context.addInitScript(
    ([key, value]) => {
      // Runs in the page; the server's tsconfig has no DOM types.
      const { localStorage } = globalThis as unknown as { localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } }
      if (!localStorage.getItem(key)) localStorage.setItem(key, value)
    },
    [IDENTITY_KEY, JSON.stringify({ id: 'benchmark-browser', name: 'Benchmark', color: '#1971c2' })] as const,
  )
  return context
}
