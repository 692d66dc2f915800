import { expect, test } from '@playwright/test'
import { MAX_WORD_CHARS } from '@whiteboard/shared'
import { MAX_SHAPE_SIZE } from '@whiteboard/shared/board/recordGuard'
import { startServer, type RunningServer } from './fixtures/serverProcess'
import { addNote, createBoard, drawRectangle, openBoard, shapesOf } from './fixtures/boards'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

test('a board is created from the home page and shows the three role links', async ({ page }) => {
  await page.goto(server.origin + '/')
  await page.getByTestId('board-title').fill('Kommune X – innsikt')
  await page.getByTestId('create-board').click()
  for (const role of ['facilitator', 'participant', 'viewer']) {
    const link = page.getByTestId(`link-${role}`)
    await expect(link).toBeVisible()
    await expect(link).toContainText(`${server.origin}/b/`)
  }
  const participantLink = (await page.getByTestId('link-participant').textContent())!.trim()
  const info = await fetch(`${server.origin}/api/boards/${participantLink.split('/b/')[1]!.split('#')[0]}`, {
    headers: { authorization: `Bearer ${decodeURIComponent(participantLink.split('#token=')[1]!)}` },
  })
  expect(info.status).toBe(200)
  expect(await info.json()).toMatchObject({ title: 'Kommune X – innsikt', role: 'participant' })
})

// How fast a change reaches the other browser is measured by `npm run bench` (fan-out latency), not here.
test('a rectangle and a sticky note drawn in one browser appear in the other, and survive a reload', async ({ browser }) => {
  const board = await createBoard(server.origin)
  const alice = await openBoard(browser, board.links.facilitator, 'Alice')
  const bob = await openBoard(browser, board.links.participant, 'Bob')

  await drawRectangle(alice, { x: 300, y: 300 }, { x: 420, y: 380 })
  await addNote(alice, 650, 350, 'Lang ventetid på legen')

  await expect.poll(async () => (await shapesOf(alice)).length).toBe(2)
  await expect
    .poll(async () => (await shapesOf(bob)).map((s) => `${s.type}:${s.text}`).sort(), { intervals: [50] })
    .toEqual(['geo:', 'note:Lang ventetid på legen'])

  // Both see each other in the people list.
  await expect(alice.getByTestId('people-list')).toContainText('Bob')
  await expect(bob.getByTestId('people-list')).toContainText('Alice')

  await bob.reload()
  await expect(bob.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
  await expect.poll(async () => (await shapesOf(bob)).map((s) => `${s.type}:${s.text}`).sort()).toEqual(['geo:', 'note:Lang ventetid på legen'])
  await alice.context().close()
  await bob.context().close()
})

test('content survives a server restart without duplicates', async ({ browser }) => {
  const board = await createBoard(server.origin)
  const alice = await openBoard(browser, board.links.participant, 'Alice')
  await addNote(alice, 500, 400, 'Overlever omstart')
  await expect.poll(async () => (await shapesOf(alice)).length).toBe(1)
  await alice.context().close()

  server = await server.restart()
  const again = await openBoard(browser, board.links.participant.replace(/:\d+\//, `:${server.port}/`), 'Alice')
  await expect.poll(async () => (await shapesOf(again)).map((s) => s.text)).toEqual(['Overlever omstart'])
  await again.context().close()
})

test('what the server would refuse as undrawable is made drawable before it leaves: a pasted word past the limit is split, a shape drawn past the largest size stops there; the author stays connected and others get both', async ({ browser }) => {
  const board = await createBoard(server.origin)
  const alice = await openBoard(browser, board.links.participant, 'Alice')
  const bob = await openBoard(browser, board.links.participant, 'Bob')
  await addNote(alice, 500, 400, 'M'.repeat(2 * MAX_WORD_CHARS + 200), 'pasted')
  const split = `${'M'.repeat(MAX_WORD_CHARS)} ${'M'.repeat(MAX_WORD_CHARS)} ${'M'.repeat(200)}`
  await expect.poll(async () => (await shapesOf(bob)).map((s) => s.text)).toEqual([split])
  expect((await shapesOf(alice)).map((s) => s.text)).toEqual([split])
  // As a frame dragged wider and wider at low zoom would end up: the editor's own call, as a person's change.
  await alice.evaluate((w) => (window as unknown as { __editor: { createShape(s: object): void } }).__editor.createShape({ type: 'geo', x: 0, y: 0, props: { w, h: 100 } }), 2 * MAX_SHAPE_SIZE)
  const widths = (page: typeof bob) => page.evaluate(() => (window as unknown as { __editor: { getCurrentPageShapes(): { type: string; props: { w?: number } }[] } }).__editor.getCurrentPageShapes().filter((s) => s.type === 'geo').map((s) => s.props.w))
  await expect.poll(() => widths(bob)).toEqual([MAX_SHAPE_SIZE])
  await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced')
  await alice.context().close()
  await bob.context().close()
})

test('the viewer link opens a read-only board that cannot be edited', async ({ browser }) => {
  const board = await createBoard(server.origin)
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const viewer = await openBoard(browser, board.links.viewer, 'Tilskuer')

  expect(await viewer.evaluate(() => (window as unknown as { __editor: { getIsReadonly(): boolean } }).__editor.getIsReadonly())).toBe(true)
  await drawRectangle(viewer, { x: 300, y: 300 }, { x: 420, y: 380 })
  await viewer.keyboard.press('n')
  await viewer.mouse.click(600, 300)
  expect(await shapesOf(viewer)).toEqual([])

  // The viewer still receives everything.
  await addNote(facilitator, 500, 400, 'Synlig for alle')
  await expect.poll(async () => (await shapesOf(viewer)).map((s) => s.text)).toEqual(['Synlig for alle'])
  expect((await shapesOf(facilitator)).length).toBe(1)
  await facilitator.context().close()
  await viewer.context().close()
})

test('every request the page makes goes to the app origin', async ({ browser }) => {
  const board = await createBoard(server.origin)
  const context = await browser.newContext()
  const foreign: string[] = []
  const seen: string[] = []
  context.on('request', (req) => {
    const url = req.url()
    seen.push(url)
    if (!url.startsWith(server.origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url)
  })
  // websockets are not "requests" in Playwright: check them separately.
  context.on('page', (p) => p.on('websocket', (ws) => seen.push(ws.url())))
  const page = await context.newPage()
  page.on('websocket', (ws) => {
    if (!ws.url().startsWith(server.origin.replace('http', 'ws'))) foreign.push(ws.url())
  })
  await page.goto(server.origin + '/')
  await page.getByTestId('board-title').fill('Personvern')
  await page.goto(board.links.participant)
  const nameInput = page.getByTestId('display-name')
  await nameInput.fill('Personvern')
  await page.getByTestId('display-name-submit').click()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced')
  // Use the UI so fonts, icons and translations are fetched.
  await addNote(page, 500, 400, 'Fonter og ikoner')
  await page.getByRole('button').first().hover()
  await page.waitForLoadState('networkidle')
  expect(seen.length).toBeGreaterThan(3)
  expect(foreign).toEqual([])
  await context.close()
})
