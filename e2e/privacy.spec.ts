import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import type { SnapshotListResponse, SnapshotRecordsResponse } from '@whiteboard/shared/api/historyApi'
import { addNote, createBoard, openBoard, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// Privacy: nothing leaves the app's origin, there is no analytics, and display names live only
// in presence and in the author field of snapshots.

let server: RunningServer
test.beforeAll(async () => {
  // Tokens in a sync URL are refused here, so every page must send them in the subprotocol header.
  server = await startServer({ env: { SYNC_URL_TOKENS: 'refuse' } })
})
test.afterAll(async () => {
  await server?.dispose()
})

/**
 * Every request and websocket of a browser context, and every network request the page's CSP
 * had to block (an attempt counts even if it never left: the code tried to reach a third party).
 * CSP reports of `eval` are not requests: zod probes for it once and does without.
 */
function watchOrigin(context: BrowserContext, origin: string): { foreign: string[]; seen: string[] } {
  const foreign: string[] = []
  const seen: string[] = []
  const own = (url: string) => url.startsWith(origin) || url.startsWith(origin.replace(/^http/, 'ws')) || url.startsWith('data:') || url.startsWith('blob:')
  context.on('request', (req) => {
    seen.push(req.url())
    if (!own(req.url())) foreign.push(req.url())
  })
  context.on('page', (page) =>
    page.on('websocket', (ws) => {
      seen.push(ws.url())
      if (!own(ws.url())) foreign.push(ws.url())
    }),
  )
  void context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      if (!/^(https?|wss?):/.test(e.blockedURI)) return
      const log = ((window as unknown as { __cspBlocked?: string[] }).__cspBlocked ??= [])
      log.push(`${e.violatedDirective} ${e.blockedURI}`)
    })
  })
  return { foreign, seen }
}

async function cspBlocked(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspBlocked?: string[] }).__cspBlocked ?? [])
}

/** Pastes text as a person would with Ctrl+V over the canvas. */
async function pasteText(page: Page, text: string): Promise<void> {
  await page.locator('.tl-canvas').click({ position: { x: 640, y: 420 } })
  await page.evaluate((value) => {
    const data = new DataTransfer()
    data.setData('text/plain', value)
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, text)
}

test('no request leaves the origin on any page, in either language, with links pasted, a version opened and an export made', async ({ browser }) => {
  test.slow()
  const context = await browser.newContext({ locale: 'nb-NO', acceptDownloads: true })
  const { foreign, seen } = watchOrigin(context, server.origin)
  const page = await context.newPage()

  // Front page: a board and a gathering, made through the forms.
  await page.goto(server.origin + '/')
  await page.getByTestId('board-title').fill('Personvern')
  await page.getByTestId('create-board').click()
  const link = (await page.getByTestId('link-facilitator').getAttribute('href'))!
  await page.getByTestId('gathering-title').fill('Personvernsamling')
  for (const i of [0, 1]) await page.getByTestId(`gathering-team-name-${i}`).fill(`Team ${i + 1}`)
  await page.getByTestId('create-gathering').click()
  const overviewLink = (await page.getByTestId('gathering-overview-link').getAttribute('href'))!

  // The board in bokmål (tldraw fetches its Norwegian translation), then in English.
  await page.goto(link)
  await page.getByTestId('display-name').fill('Kari')
  await page.getByTestId('display-name-submit').click()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
  await expect(page.getByTestId('main-menu.button')).toHaveAttribute('title', 'Meny')
  await addNote(page, 520, 380, 'Fonter og ikoner')
  await page.getByTestId('ui-lang').selectOption('en')
  await expect(page.getByTestId('main-menu.button')).toHaveAttribute('title', 'Menu')

  // Pasted links become bookmarks showing the address: no page fetched for a preview, no embed loaded.
  const before = (await shapesOf(page)).length
  await pasteText(page, 'https://example.org/rapport')
  await expect.poll(async () => (await shapesOf(page)).map((s) => s.type)).toContain('bookmark')
  await pasteText(page, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ')
  await expect.poll(async () => (await shapesOf(page)).length).toBe(before + 2)
  expect((await shapesOf(page)).filter((s) => s.type === 'embed')).toEqual([])

  // A read-only version from the history, and an export.
  await page.getByTestId('history-open').click()
  await page.getByTestId('history-take').click()
  await page.getByTestId('history-list').locator('[data-testid^="history-open-version-"]').first().click()
  await expect(page.getByTestId('history-version')).toBeVisible()
  await page.getByTestId('history-version-close').click()
  await page.getByTestId('history-close').click()
  await page.getByTestId('export-open').click()
  await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()])
  expect(await cspBlocked(page)).toEqual([])

  // The overview with live pictures of the team boards.
  await page.goto(overviewLink)
  await expect(page.getByTestId('gathering-teams').locator('> li')).toHaveCount(2, { timeout: 20_000 })
  await page.waitForLoadState('networkidle')
  expect(await cspBlocked(page)).toEqual([])

  expect(seen.length).toBeGreaterThan(10)
  expect(foreign).toEqual([])
  // No access token in any websocket address, where a proxy's access log would keep it. The
  // overview's live pictures open their sockets after the page is idle, so wait for them.
  const sockets = () => seen.filter((url) => url.startsWith('ws'))
  await expect.poll(() => sockets().length).toBeGreaterThan(2)
  expect(sockets().filter((url) => new URL(url).search !== '')).toEqual([])
  expect(foreign).toEqual([])
  await context.close()
})

test('display names stay out of the board and its snapshots, except as the author of a snapshot', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Navn', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Kari Personvernsen')
  const participant = await openBoard(browser, board.links.participant, 'Ola Nordmannsen')
  await addNote(participant, 520, 380, 'Lapp fra Ola')
  await addNote(facilitator, 760, 380, 'Lapp fra Kari')
  await expect.poll(async () => (await shapesOf(facilitator)).length).toBe(2)
  await expect(facilitator.getByTestId('people-list')).toContainText('Ola Nordmannsen')

  // tldraw keeps a `user:` record per editor for "last edited by": an id and a colour, no name.
  const users = await facilitator.evaluate(() =>
    (window as unknown as { __editor: { store: { allRecords(): Array<{ typeName: string; name?: string }> } } }).__editor.store
      .allRecords()
      .filter((r) => r.typeName === 'user')
      .map((r) => r.name),
  )
  expect(users.length).toBeGreaterThan(0)
  expect(users.every((name) => name === '')).toBe(true)

  // What the server stores: a snapshot of the board holds no name; its author field does.
  await facilitator.getByTestId('history-open').click()
  await facilitator.getByTestId('history-take').click()
  await expect(facilitator.getByTestId('history-list').locator('li')).toHaveCount(1)
  const auth = { authorization: `Bearer ${board.tokens.facilitator}` }
  const list = (await (await fetch(`${server.origin}/api/boards/${board.id}/snapshots`, { headers: auth })).json()) as SnapshotListResponse
  const snapshot = list.snapshots.find((s) => s.kind === 'manual')!
  expect(snapshot.author).toBe('Kari Personvernsen')
  const records = (await (await fetch(`${server.origin}/api/boards/${board.id}/snapshots/${snapshot.id}`, { headers: auth })).json()) as SnapshotRecordsResponse
  const stored = JSON.stringify(records.records)
  expect(stored).toContain('Lapp fra Ola')
  expect(stored).not.toContain('Ola Nordmannsen')
  expect(stored).not.toContain('Kari Personvernsen')

  await facilitator.context().close()
  await participant.context().close()
})
