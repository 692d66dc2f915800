import { expect, test, type Page } from '@playwright/test'
import { createBoard, openBoard } from './fixtures/boards'
import { joinAsPresence } from './fixtures/presenceClients'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// The board header stays one row with eight people on the board: they are one count that
// opens the list of who is here (tldraw's avatars show the faces), not eight names in a row.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** The header's height, and whether all its visible parts share one row (each overlaps every other vertically). */
async function headerRow(page: Page): Promise<{ height: number; oneRow: boolean; parts: string[] }> {
  return page.evaluate(() => {
    const header = document.querySelector('.board-header')
    if (!header) throw new Error('no header')
    const boxes: { name: string; top: number; bottom: number }[] = []
    // The menu is `display: contents` on a wide window: its children are the header's row items.
    const items = Array.from(header.children).flatMap((el) => (getComputedStyle(el).display === 'contents' ? Array.from(el.children) : [el]))
    for (const el of items) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      boxes.push({ name: `${el.tagName.toLowerCase()}.${el.className}`, top: r.top, bottom: r.bottom })
    }
    const oneRow = boxes.every((a) => boxes.every((b) => a.top < b.bottom && b.top < a.bottom))
    return { height: header.getBoundingClientRect().height, oneRow, parts: boxes.map((b) => `${b.name} ${Math.round(b.top)}..${Math.round(b.bottom)}`) }
  })
}

for (const width of [1024, 1280]) {
  test(`the header is one row with 8 people on a ${width} px window, and the count opens the list`, async ({ browser }) => {
    const board = await createBoard(server.origin, { title: 'Verksted for tjenestedesign i Nordre Follo kommune', lang: 'nb' })
    const page = await openBoard(browser, board.links.facilitator, 'Kari Fasilitator', { viewport: { width, height: 900 } })
    await expect(page.getByTestId('people-count')).toHaveAttribute('data-count', '1')
    const alone = await headerRow(page)
    expect(alone.oneRow, alone.parts.join('\n')).toBe(true)

    const crowd = joinAsPresence(server.origin, board.links.participant, ['Ola Nordmann', 'Ingrid Hansen', 'Per Olsen', 'Aisha Ali', 'Jonas Berg', 'Marit Dahl', 'Sven Lie'])
    try {
      await crowd.ready()
      await expect(page.getByTestId('people-count')).toHaveAttribute('data-count', '8')
      await expect(page.getByTestId('people-count')).toHaveText('8 personer her')
      const full = await headerRow(page)
      expect(full.oneRow, full.parts.join('\n')).toBe(true)
      expect(Math.abs(full.height - alone.height), `header ${full.height} px with 8 people, ${alone.height} px alone`).toBeLessThanOrEqual(0.5)

      // The count opens the list of all eight, with a follow button for each of the others; Escape gives the focus back.
      const count = page.getByTestId('people-count')
      await count.click()
      await expect(page.getByTestId('people-list')).toBeVisible()
      await expect(page.getByTestId('people-list').locator('li')).toHaveCount(8)
      await expect(page.getByTestId('people-list').locator('.fac-follow')).toHaveCount(7)
      await page.getByTestId('people-list').locator('.fac-follow').first().focus()
      await page.keyboard.press('Escape')
      await expect(page.getByTestId('people-list')).toBeHidden()
      await expect(count).toBeFocused()
    } finally {
      crowd.close()
    }
    await page.context().close()
  })
}
