import { expect, test } from '@playwright/test'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// On a 1024 px window the front page's board links are cut to the width there is, so their
// "Copy" and "Open" stay on screen and the page never scrolls sideways (it was 1233 px wide).

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

for (const locale of ['nb-NO', 'en-GB']) {
  test(`the board links fit a 1024 px window (${locale})`, async ({ browser }) => {
    const context = await browser.newContext({ locale, viewport: { width: 1024, height: 768 } })
    const page = await context.newPage()
    await page.goto(`${server.origin}/`)
    await page.getByTestId('board-title').fill('Innovasjonsverksted for helse og omsorg i Nordre Follo kommune, vår 2027')
    await page.getByTestId('create-board').click()
    await expect(page.getByTestId('link-facilitator')).toBeVisible()

    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth, window: window.innerWidth }))
    expect(widths.scroll, JSON.stringify(widths)).toBeLessThanOrEqual(widths.window)
    expect(widths.body, JSON.stringify(widths)).toBeLessThanOrEqual(widths.window)
    for (const role of ['facilitator', 'participant', 'viewer']) {
      for (const id of [`copy-${role}`, `open-${role}`, `link-${role}`]) {
        const box = await page.getByTestId(id).boundingBox()
        expect(box, id).not.toBeNull()
        expect(box!.x, id).toBeGreaterThanOrEqual(0)
        expect(box!.x + box!.width, id).toBeLessThanOrEqual(widths.window)
      }
      // The link is cut on screen, never in what it holds.
      expect(await page.getByTestId(`link-${role}`).getAttribute('href')).toContain('#token=')
    }
    await context.close()
  })
}
