import { expect, test, type Page } from '@playwright/test'
import { facilitationMap } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { createBoard, openBoard } from './fixtures/boards'
import { connectDoc } from './fixtures/docClient'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// A finished timer offers no "Pause"; its red "Tiden er ute!" fades a minute after the end for
// everyone, reckoned from the timer's end on the server's clock (someone who comes later sees
// it faded at once); the facilitator can have a sound at the end, made in the browser.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** Playwright's fake clock on a page: time runs as usual until the test moves it on. The clock offset is measured before anything else. */
async function withFakeClock(page: Page): Promise<void> {
  await page.clock.install()
  await page.reload()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
  await page.waitForLoadState('networkidle')
}

test('an ended timer has no pause, its red cue fades after a minute for everyone, and the facilitator hears the end', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Tid', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Kari')
  // Counts the tones the page makes, through the browser's own WebAudio.
  await facilitator.context().addInitScript(() => {
    const Real = window.AudioContext
    const counted = window as unknown as { __tones: number }
    counted.__tones = 0
    window.AudioContext = class extends Real {
      override createOscillator(): OscillatorNode {
        counted.__tones++
        return super.createOscillator()
      }
    }
  })
  await withFakeClock(facilitator)
  const anna = await openBoard(browser, board.links.participant, 'Anna')
  await withFakeClock(anna)

  // Off by default; the facilitator turns it on.
  await expect(facilitator.getByTestId('timer-sound')).not.toBeChecked()
  await facilitator.getByTestId('timer-sound').check()
  await facilitator.getByTestId('timer-minutes').fill('1')
  // Starting also syncs the clock with the server; a sync landing after the jump below would
  // take the page back to the server's real time. The sync takes CLOCK_SAMPLES (5) exchanges
  // (client/src/facilitation/clockOffset.ts): all must be in first.
  let timeAnswers = 0
  facilitator.on('response', (r) => {
    if (new URL(r.url()).pathname === '/api/time') timeAnswers++
  })
  await facilitator.getByTestId('timer-start').click()
  await expect.poll(() => timeAnswers).toBeGreaterThanOrEqual(5)
  await expect(facilitator.getByTestId('timer-pause')).toBeVisible()
  await expect(anna.getByTestId('timer-display')).toHaveAttribute('data-status', 'running')

  for (const page of [facilitator, anna]) await page.clock.fastForward('01:01')
  for (const page of [facilitator, anna]) {
    await expect(page.getByTestId('timer-display')).toHaveAttribute('data-status', 'ended')
    await expect(page.getByTestId('timer-display')).toContainText('Tiden er ute!')
    await expect(page.getByTestId('timer-display')).toHaveCSS('background-color', 'rgb(201, 42, 42)')
  }
  await expect(facilitator.getByTestId('timer-pause')).toHaveCount(0)
  await expect(facilitator.getByTestId('timer-add-minute')).toBeVisible()
  await expect(facilitator.getByTestId('timer-reset')).toBeVisible()
  await expect.poll(() => facilitator.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBe(3)
  // Anna has no sound: it is the facilitator's own choice.
  expect(await anna.evaluate(() => 'AudioContext' in window && document.querySelector('[data-testid="timer-sound"]') === null)).toBe(true)

  // A minute after the end: gone at the top for Anna, quiet (not red) in the facilitator's tools.
  for (const page of [facilitator, anna]) await page.clock.fastForward('01:00')
  await expect(anna.getByTestId('timer-display')).toHaveCount(0)
  await expect(facilitator.getByTestId('timer-display')).toHaveAttribute('data-faded', 'true')
  await expect(facilitator.getByTestId('timer-display')).not.toHaveCSS('background-color', 'rgb(201, 42, 42)')
  await expect(facilitator.getByTestId('timer-pause')).toHaveCount(0)

  for (const page of [facilitator, anna]) await page.context().close()
})

test('someone who comes after the end sees the red cue only for what is left of its minute, by the server’s clock', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Sent', lang: 'nb' })
  // The facilitator's own client writes timers that ended 5 s and 130 s ago on the server's
  // clock (this machine's), which no button can start.
  const facilitator = await connectDoc(server.origin, board.links.facilitator)
  const timer = facilitationMap(facilitator.doc)
  try {
    timer.set(FacilitationKey.TIMER, { status: 'running', durationMs: 60_000, endsAt: Date.now() - 5_000 })
    const bo = await openBoard(browser, board.links.participant, 'Bo')
    await expect(bo.getByTestId('timer-display')).toHaveAttribute('data-status', 'ended')
    await expect(bo.getByTestId('timer-display')).toHaveCSS('background-color', 'rgb(201, 42, 42)')
    // A run whose end was more than a minute ago: faded at once, not red for a minute from now.
    timer.set(FacilitationKey.TIMER, { status: 'running', durationMs: 60_000, endsAt: Date.now() - 130_000 })
    await expect(bo.getByTestId('timer-display')).toHaveCount(0)
    const cy = await openBoard(browser, board.links.participant, 'Cy')
    await expect(cy.locator('.fac-layer')).toBeAttached()
    await expect(cy.getByTestId('timer-display')).toHaveCount(0)
    await bo.context().close()
    await cy.context().close()
  } finally {
    facilitator.close()
  }
})
