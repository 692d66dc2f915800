import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Page } from '@playwright/test'
import type { SnapshotListResponse } from '@whiteboard/shared/api/historyApi'
import { addNote, createBoard, focusCanvas, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** A page and every websocket frame it received, as bytes, in order. */
interface Watched {
  page: Page
  frames: Buffer[]
}

/**
 * Opens a board link in a new context, as the fixtures' openBoard does, but listens to the
 * page's websockets from before the first one opens: every frame the server sends it is kept.
 */
async function openWatched(browser: Browser, link: string, name: string): Promise<Watched> {
  const context = await browser.newContext({ locale: 'nb-NO' })
  const page = await context.newPage()
  const frames: Buffer[] = []
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? Buffer.from(payload) : payload))
  })
  await page.goto(link)
  await page.getByTestId('display-name').fill(name)
  await page.getByTestId('display-name-submit').click()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
  await page.waitForFunction(() => Boolean((window as unknown as { __editor?: unknown }).__editor))
  return { page, frames }
}

const noteTexts = async (page: Page) => (await shapesOf(page)).filter((s) => s.type === 'note').map((s) => s.text)

async function seriousFindings(page: Page, include: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(include).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help}`)
}

async function snapshotKinds(boardId: string, token: string): Promise<string[]> {
  const res = await fetch(`${server.origin}/api/boards/${boardId}/snapshots`, { headers: { authorization: `Bearer ${token}` } })
  return ((await res.json()) as SnapshotListResponse).snapshots.map((s) => s.kind)
}

test("private mode: a participant's note reaches no one else, not even as websocket bytes, survives a reload, and a reveal makes it everyone's in one history step", async ({ browser }) => {
  const secret = 'Hemmelig7391'
  const board = await createBoard(server.origin, { title: 'Stille idémyldring', lang: 'nb' })
  const facilitator = await openWatched(browser, board.links.facilitator, 'Fasilitator')
  const anna = await openWatched(browser, board.links.participant, 'Anna')
  const bo = await openWatched(browser, board.links.participant, 'Bo')

  await facilitator.page.getByTestId('private-mode-toggle').click()
  await expect(anna.page.getByTestId('private-mode-banner')).toContainText('Privat modus')
  await expect(bo.page.getByTestId('private-mode-banner')).toContainText('Privat modus')

  await focusCanvas(anna.page, { x: 700, y: 500 })
  await addNote(anna.page, 640, 420, secret)
  await expect.poll(() => noteTexts(anna.page)).toEqual([secret])
  const [note] = (await shapesOf(anna.page)).filter((s) => s.type === 'note')
  await expect(anna.page.getByTestId(`private-mark-${note!.id}`)).toBeVisible()

  // The facilitator sees that Anna holds one private item, never what it says.
  await expect(facilitator.page.getByTestId('private-count')).toHaveAttribute('data-items', '1')
  await expect(facilitator.page.getByTestId('private-counts')).toContainText('Anna')
  expect(await seriousFindings(facilitator.page, '[data-testid="private-mode"]')).toEqual([])
  expect(await seriousFindings(anna.page, '[data-testid="private-mode-banner"]')).toEqual([])

  // The facilitator (whose notes stay on the board) adds one, to be sure every page is live;
  // Anna's never reaches Bo or the facilitator.
  await focusCanvas(facilitator.page, { x: 700, y: 500 })
  await addNote(facilitator.page, 400, 300, 'Til alle')
  await expect.poll(() => noteTexts(bo.page)).toContain('Til alle')
  await expect.poll(() => noteTexts(anna.page)).toContain('Til alle')
  for (const other of [facilitator.page, bo.page]) {
    expect(await noteTexts(other)).not.toContain(secret)
    expect(await other.content()).not.toContain(secret)
  }
  // Anna's reload: her note comes back from the server, still hers alone.
  await anna.page.reload()
  await expect(anna.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
  await expect.poll(() => noteTexts(anna.page)).toContain(secret)
  await expect(anna.page.getByTestId(`private-mark-${note!.id}`)).toBeVisible()

  const needle = Buffer.from(secret)
  const framesBefore = { facilitator: facilitator.frames.length, bo: bo.frames.length }
  expect(facilitator.frames.length).toBeGreaterThan(0)
  for (const frame of [...facilitator.frames, ...bo.frames]) expect(frame.includes(needle)).toBe(false)
  // Anna's own browser did receive it (her second socket after the reload), so the search can find it.
  expect(anna.frames.some((frame) => frame.includes(needle))).toBe(true)

  const kindsBefore = await snapshotKinds(board.id, board.tokens.facilitator)
  await facilitator.page.getByTestId('private-reveal').click()
  for (const page of [facilitator.page, bo.page, anna.page]) await expect.poll(() => noteTexts(page)).toContain(secret)
  await expect(anna.page.getByTestId(`private-mark-${note!.id}`)).toHaveCount(0)
  await expect(anna.page.getByTestId('private-mode-banner')).not.toContainText('Privat modus')
  await expect(facilitator.page.getByTestId('private-mode-toggle')).toBeVisible()
  // At Anna's position, and one step in the board's history: the board as it was before.
  const revealed = (await shapesOf(bo.page)).find((s) => s.text === secret)
  expect({ x: revealed?.x, y: revealed?.y }).toEqual({ x: note!.x, y: note!.y })
  expect(await snapshotKinds(board.id, board.tokens.facilitator)).toEqual(['before-reveal', ...kindsBefore])
  expect(facilitator.frames.slice(framesBefore.facilitator).some((frame) => frame.includes(needle))).toBe(true)

  await Promise.all([facilitator, anna, bo].map((w) => w.page.context().close()))
})

test('turning private mode off asks: reveal now, or let everyone keep their private items', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Behold', lang: 'nb' })
  const facilitator = await openWatched(browser, board.links.facilitator, 'Fasilitator')
  const anna = await openWatched(browser, board.links.participant, 'Anna')

  await facilitator.page.getByTestId('private-mode-toggle').click()
  await expect(anna.page.getByTestId('private-mode-banner')).toContainText('Privat modus')
  await focusCanvas(anna.page, { x: 700, y: 500 })
  await addNote(anna.page, 640, 420, 'Min egen')
  await expect(facilitator.page.getByTestId('private-count')).toHaveAttribute('data-items', '1')

  await facilitator.page.getByTestId('private-mode-off').click()
  await expect(facilitator.page.getByTestId('private-mode-ask')).toBeVisible()
  expect(await seriousFindings(facilitator.page, '[data-testid="private-mode"]')).toEqual([])
  await facilitator.page.getByTestId('private-off-keep').click()

  await expect(anna.page.getByTestId('private-mode-banner')).toContainText('ser bare du')
  // Anna keeps her note, marked private; new notes go to the board again.
  expect(await noteTexts(anna.page)).toEqual(['Min egen'])
  await addNote(anna.page, 300, 300, 'Til alle')
  await expect.poll(() => noteTexts(facilitator.page)).toEqual(['Til alle'])
  await Promise.all([facilitator, anna].map((w) => w.page.context().close()))
})
