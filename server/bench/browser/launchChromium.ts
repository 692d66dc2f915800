import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext } from '@playwright/test'

/**
 * Without these, Chromium keeps dialling Google's hosts, which the closed network refuses
 * (the same flags as e2e/fixtures/chromium.ts).
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

/** CHROMIUM_PATH, then Playwright's own build, then Debian's. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  try {
    const own = chromium.executablePath()
    if (own && existsSync(own)) return own
  } catch {
    // Playwright throws when its own browser was never installed.
  }
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(path)) return path
  return null
}

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
