import { expect, test } from '@playwright/test'
import { addNote, createBoard, drawRectangle, shapesOf } from './fixtures/boards'
import { pastePng } from './fixtures/pastePng'
import { startServer, type RunningServer } from './fixtures/serverProcess'

/**
 * The server sends a Content-Security-Policy that allows only the app's own origin (plus the
 * data: and blob: URLs and inline styles tldraw needs, see server/src/http/securityHeaders.ts).
 * This drives the built app through what touches those exceptions (drawing, text, a pasted
 * photo, an export) and fails on any violation the browser reports.
 */
let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

test('the built app works under its Content-Security-Policy: no violation while drawing, writing, pasting a photo and exporting', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'CSP' })
  const context = await browser.newContext({ locale: 'nb-NO', acceptDownloads: true })
  await context.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __cspViolations: string[] }).__cspViolations = seen
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  const page = await context.newPage()
  const consoleViolations: string[] = []
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) consoleViolations.push(msg.text())
  })

  const response = await page.goto(board.links.facilitator)
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'")
  const nameInput = page.getByTestId('display-name')
  const status = page.getByTestId('connection-status')
  await expect(nameInput.or(status).first()).toBeVisible({ timeout: 20_000 })
  if (await nameInput.isVisible()) {
    await nameInput.fill('Fasilitator')
    await page.getByTestId('display-name-submit').click()
  }
  // The sync websocket (connect-src 'self') came up.
  await expect(status).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })

  await drawRectangle(page, { x: 300, y: 300 }, { x: 420, y: 380 })
  await addNote(page, 650, 350, 'Innhold under CSP')
  await pastePng(page, 120, 80)
  await expect.poll(async () => (await shapesOf(page)).map((s) => s.type).sort(), { timeout: 15_000 }).toEqual(['geo', 'image', 'note'])

  await page.getByTestId('export-open').click()
  await page.getByTestId('export-target').selectOption('board')
  await page.getByTestId('export-format').selectOption('png')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()])
  expect(download.suggestedFilename()).toMatch(/\.png$/)

  // zod probes once whether it may compile validators (`Function('')` in a try) and, refused,
  // validates without compiling. That probe is the one report allowed; `z.config({ jitless: true })`
  // at the client's start would silence it.
  const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)
  const probe = violations.filter((v) => v === 'script-src eval')
  expect(probe.length).toBeLessThanOrEqual(1)
  expect(violations.filter((v) => v !== 'script-src eval')).toEqual([])
  expect(consoleViolations.filter((m) => !m.includes("'unsafe-eval'"))).toEqual([])
  await context.close()
})
