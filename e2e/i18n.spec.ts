import { expect, test, type Page } from '@playwright/test'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { createBoard, openBoard, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// The UI language is the person's (browser default, switchable, remembered), apart from the
// board's language, which only decides what templates write on the board.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

const NB = { create: 'Lag tavle', export: 'Eksporter', history: 'Historikk', tldrawMenu: 'Meny', synced: 'Tilkoblet – lagret', html: 'nb', tldraw: 'no' }
// tldraw has no nynorsk: its own menus stay in its Norwegian (`no`), ours are in nynorsk.
const NN = { create: 'Lag tavle', export: 'Eksporter', history: 'Historikk', tldrawMenu: 'Meny', synced: 'Tilkopla – lagra', html: 'nn', tldraw: 'no' }
const EN = { create: 'Create board', export: 'Export', history: 'History', tldrawMenu: 'Menu', synced: 'Online – saved', html: 'en', tldraw: 'en' }

/** Our texts and tldraw's on an open board, in one language. tldraw loads its translations on demand, hence the waiting assertions. */
async function expectBoardIn(page: Page, texts: typeof NB): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', texts.html)
  await expect(page.getByTestId('ui-lang')).toHaveValue(texts.html)
  await expect(page.getByTestId('export-open')).toHaveText(texts.export)
  await expect(page.getByTestId('connection-status')).toHaveText(texts.synced)
  await expect(page.getByTestId('main-menu.button')).toHaveAttribute('title', texts.tldrawMenu)
  expect(await page.evaluate(() => (window as unknown as { __editor: { user: { getLocale(): string } } }).__editor.user.getLocale())).toBe(texts.tldraw)
}

for (const [locale, texts] of [
  ['nb-NO', NB],
  ['nn-NO', NN],
  ['en-US', EN],
] as const) {
  const name = { nb: 'bokmål', nn: 'nynorsk', en: 'English' }[texts.html]
  test(`a browser in ${locale} gets ${name} on the front page and on a board, our texts and tldraw's${texts.html === 'nn' ? ' (Norwegian)' : ''}`, async ({ browser }) => {
    const context = await browser.newContext({ locale })
    const home = await context.newPage()
    await home.goto(server.origin + '/')
    await expect(home.locator('html')).toHaveAttribute('lang', texts.html)
    await expect(home.getByTestId('create-board')).toHaveText(texts.create)
    await expect(home.getByTestId('ui-lang')).toHaveValue(texts.html)
    // The board's language starts as the person's own.
    await expect(home.getByTestId('board-lang')).toHaveValue(texts.html)
    await context.close()

    // The same Norwegian board, whatever the person reads: the UI follows the person, not the board.
    const board = await createBoard(server.origin, { title: 'Språktavle', lang: 'nb' })
    const page = await openBoard(browser, board.links.facilitator, 'Kari', { locale })
    await expectBoardIn(page, texts)
    await expect(page.getByTestId('history-open')).toHaveText(texts.history)
    await page.context().close()
  })
}

test("switching the language on the board changes our texts and tldraw's at once, without a reload, and the choice is remembered", async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Bytt språk', lang: 'nb' })
  const page = await openBoard(browser, board.links.facilitator, 'Kari', { locale: 'nb-NO' })
  await expectBoardIn(page, NB)
  await page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true))

  await page.getByTestId('ui-lang').selectOption('en')
  await expectBoardIn(page, EN)
  await expect(page.getByTestId('history-open')).toHaveText(EN.history)
  await expect(page.getByTestId('timer-start')).toHaveText('Start')
  await expect(page.getByTestId('summon')).toHaveText('Bring everyone here')
  await expect(page.getByTestId('people-list')).toContainText('facilitator, you')
  // Applied live: the same document, the same connection, the board title untouched.
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
  await expect(page.getByTestId('board-title-text')).toHaveText('Bytt språk')

  // Remembered in this browser: after a reload, and on the front page, although the browser says Norwegian.
  await page.reload()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
  await expectBoardIn(page, EN)
  const home = await page.context().newPage()
  await home.goto(server.origin + '/')
  await expect(home.getByTestId('create-board')).toHaveText(EN.create)
  await expect(home.locator('html')).toHaveAttribute('lang', 'en')

  // Switching on one page reaches the other open page of the same browser too.
  await home.getByTestId('ui-lang').selectOption('nb')
  await expect(home.getByTestId('create-board')).toHaveText(NB.create)
  await expectBoardIn(page, NB)
  await page.context().close()
})

test("a language picked in tldraw's own menu is ours too", async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Meny', lang: 'nb' })
  const page = await openBoard(browser, board.links.facilitator, 'Kari', { locale: 'nb-NO' })
  await expectBoardIn(page, NB)
  // tldraw keeps the locale in its user preferences; its language menu sets them as this does.
  await page.evaluate(() => (window as unknown as { __editor: { user: { updateUserPreferences(p: { locale: string }): void } } }).__editor.user.updateUserPreferences({ locale: 'en' }))
  await expectBoardIn(page, EN)
  await page.context().close()
})

test("the template picker speaks the person's language, and the template writes the board's", async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Norsk tavle', lang: 'nb' })
  const page = await openBoard(browser, board.links.facilitator, 'Kim', { locale: 'en-US' })
  await page.getByTestId('template-picker-open').click()
  const option = page.getByTestId('template-option-empathy-map')
  await expect(option).toContainText('Empathy map')
  await option.click()
  await page.getByTestId('template-insert').click()
  await expect(page.getByTestId('facilitation-announcer')).toContainText('Inserted Empathy map')
  await expect.poll(async () => (await shapesOf(page)).map((s) => s.text).join('|')).toMatch(/Sier/)
  expect((await shapesOf(page)).some((s) => s.text === 'Says')).toBe(false)
  await page.context().close()
})

test('dates and times follow the language: the history list and the gathering overview', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Datoer', lang: 'nb' })
  const page = await openBoard(browser, board.links.facilitator, 'Kari', { locale: 'nb-NO' })

  await page.getByTestId('history-open').click()
  await page.getByTestId('history-take').click()
  const time = page.getByTestId('history-list').locator('li').first().locator('time')
  // 12. mars 2026 kl. 14:05 (or with a comma, by ICU version)
  await expect(time).toHaveText(/^\d{1,2}\. (jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)\S* \d{4}(,| kl\.) \d{2}[:.]\d{2}$/)
  const when = await time.getAttribute('datetime')
  await page.getByTestId('history-close').click()

  await page.getByTestId('ui-lang').selectOption('en')
  await page.getByTestId('history-open').click()
  // 12 Mar 2026, 14:05
  await expect(time).toHaveText(/^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}$/)
  await expect(time).toHaveAttribute('datetime', when!)
  await expect(page.getByTestId('history-list').locator('li').first()).toContainText('Taken by hand')
  await page.context().close()

  const res = await fetch(`${server.origin}/api/gatherings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Datosamling', date: '2026-03-12', lang: 'nb', teams: [{ name: 'Lier' }] }),
  })
  expect(res.status).toBe(201)
  const gathering = (await res.json()) as GatheringResponse
  const context = await browser.newContext({ locale: 'nb-NO' })
  const overview = await context.newPage()
  await overview.goto(gathering.overviewLink)
  await expect(overview.locator('.gathering-date')).toHaveText('torsdag 12. mars 2026')
  await expect(overview.getByTestId('team-people')).toHaveText('Ingen på tavla nå', { timeout: 15_000 })
  await overview.getByTestId('ui-lang').selectOption('en')
  await expect(overview.locator('.gathering-date')).toHaveText(/^Thursday,? 12 March 2026$/)
  await expect(overview.getByTestId('team-people')).toHaveText('Nobody on the board now')
  await expect(overview.locator('html')).toHaveAttribute('lang', 'en')
  await context.close()
})

test('the language picker offers bokmål, nynorsk and English, each named in itself', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' })
  const home = await context.newPage()
  await home.goto(server.origin + '/')
  for (const id of ['ui-lang', 'board-lang']) {
    const options = home.getByTestId(id).locator('option')
    await expect(options).toHaveText(['Bokmål', 'Nynorsk', 'English'])
    expect(await options.evaluateAll((all) => all.map((o) => o.getAttribute('lang')))).toEqual(['nb', 'nn', 'en'])
  }
  await home.getByTestId('ui-lang').selectOption('nn')
  await expect(home.locator('html')).toHaveAttribute('lang', 'nn')
  await expect(home.getByTestId('create-board')).toHaveText(NN.create)
  await expect(home.getByText('Lag ei tavle for teamet ditt, og del lenkjene.')).toBeVisible()
  await context.close()
})

test("a nynorsk board keeps writing nynorsk whatever the person reads, and the person's nynorsk reaches dates too", async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Nynorsktavle', lang: 'nn' })
  const page = await openBoard(browser, board.links.facilitator, 'Kari', { locale: 'en-US' })
  await expectBoardIn(page, EN)
  await page.getByTestId('template-picker-open').click()
  await page.getByTestId('template-option-service-journey').click()
  await page.getByTestId('template-insert').click()
  await expect(page.getByTestId('facilitation-announcer')).toContainText('Inserted Service journey map')
  await expect.poll(async () => (await shapesOf(page)).map((s) => s.text).join('|')).toMatch(/Moglegheiter/)
  const texts = (await shapesOf(page)).map((s) => s.text)
  expect(texts).toEqual(expect.arrayContaining(['Kontaktpunkt og kanalar', 'Tankar og kjensler']))
  expect(texts).not.toContain('Opportunities')

  // The person switches to nynorsk: our texts change, the board's words stay as they are.
  await page.getByTestId('ui-lang').selectOption('nn')
  await expectBoardIn(page, NN)
  await expect(page.getByTestId('summon')).toHaveText('Samle alle hit')
  await expect(page.getByTestId('people-list')).toContainText('fasilitator')
  await page.getByTestId('ui-lang').selectOption('nb')
  await expectBoardIn(page, NB)
  expect((await shapesOf(page)).map((s) => s.text).sort()).toEqual([...texts].sort())
  await page.context().close()

  const res = await fetch(`${server.origin}/api/gatherings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Nynorsksamling', date: '2026-03-12', lang: 'nn', teams: [{ name: 'Volda' }] }),
  })
  expect(res.status).toBe(201)
  const gathering = (await res.json()) as GatheringResponse
  const context = await browser.newContext({ locale: 'nn-NO' })
  const overview = await context.newPage()
  await overview.goto(gathering.overviewLink)
  await expect(overview.locator('html')).toHaveAttribute('lang', 'nn')
  await expect(overview.locator('.gathering-date')).toHaveText('torsdag 12. mars 2026')
  await expect(overview.getByTestId('team-people')).toHaveText('Ingen på tavla no', { timeout: 15_000 })
  await context.close()
})
