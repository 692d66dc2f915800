import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { createBoard, openBoard } from './fixtures/boards'
import { pasteDisguisedImage } from './fixtures/pasteDisguisedImage'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// Universal design (WCAG 2.1 AA) of our own UI: axe on every page, panel and dialog, and a
// keyboard-only walk. The tldraw canvas and tldraw's own menus are tldraw's, and left out.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/**
 * Parts of the board page that tldraw renders and styles: the canvas with the shapes people
 * draw (their colours are the people's choice), tldraw's toolbar, menus and style panel, its
 * portal for popovers, its text-measuring node and the licence button. We cannot fix findings
 * there, and tldraw answers for them. Everything of ours rendered inside tldraw's container
 * (`.fac-layer` with the facilitator tools, timer, results and live region; `.fac-vote-overlay`
 * with the vote buttons; the template picker dialog) is not under these selectors, so axe
 * still checks it.
 */
const TLDRAW_INTERNALS = ['.tl-canvas', '.tlui-layout', '.tl-portal-host', '.tl-text-measure', '[data-testid="tl-watermark-unlicensed"]']

/** Serious and critical axe findings on the page, or inside `include`, as readable lines. */
async function seriousFindings(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page })
  if (include) builder = builder.include(include)
  for (const selector of TLDRAW_INTERNALS) builder = builder.exclude(selector)
  const result = await builder.analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

/** The focused element shows where it is: an outline of 2 px or more, or a focus shadow. */
async function expectVisibleFocus(page: Page): Promise<void> {
  const ring = await page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return { ok: false, what: 'nothing focused' }
    const style = getComputedStyle(el)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    const shadow = style.boxShadow !== 'none'
    const what = `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`
    return { ok: outline || shadow, what }
  })
  expect(ring.ok, `visible focus on ${ring.what}`).toBe(true)
}

/** Presses Tab (or Shift+Tab) until `target` has focus, checking on the way that every stop shows its focus. */
async function tabTo(page: Page, target: Locator, { back = false, max = 40, checkRing = true } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    if (checkRing) {
      // The first Tab may put focus on the document itself; tldraw's own controls have tldraw's own rings.
      const ours = await page.evaluate(
        () => document.activeElement !== document.body && !document.activeElement?.closest('.tl-canvas, .tlui-layout, .tl-portal-host, [data-testid="tl-watermark-unlicensed"]'),
      )
      if (ours) await expectVisibleFocus(page)
    }
  }
  await expect(target).toBeFocused()
}

async function createGathering(origin: string): Promise<GatheringResponse> {
  const res = await fetch(`${origin}/api/gatherings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Samling for alle', date: '2026-03-12', lang: 'nb', teams: [{ name: 'Asker' }, { name: 'Bærum', template: 'empathy-map' }] }),
  })
  if (res.status !== 201) throw new Error(`create gathering: ${res.status} ${await res.text()}`)
  return (await res.json()) as GatheringResponse
}

async function newPage(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale })
  return context.newPage()
}

for (const locale of ['nb-NO', 'nn-NO', 'en-GB']) {
  test(`the front page passes axe before and after a board and a gathering are made (${locale})`, async ({ browser }) => {
    const page = await newPage(browser, locale)
    await page.goto(server.origin + '/')
    await expect(page.getByTestId('create-board')).toBeVisible()
    expect(await seriousFindings(page)).toEqual([])

    await page.getByTestId('board-title').fill('Tilgjengelig tavle')
    await page.getByTestId('create-board').click()
    await expect(page.getByTestId('link-facilitator')).toBeVisible()
    await page.getByTestId('gathering-title').fill('Tilgjengelig samling')
    for (const i of [0, 1]) await page.getByTestId(`gathering-team-name-${i}`).fill(`Team ${i + 1}`)
    await page.getByTestId('create-gathering').click()
    await expect(page.getByTestId('gathering-overview-link')).toBeVisible()
    expect(await seriousFindings(page)).toEqual([])
    await page.context().close()
  })
}

test('the board page as facilitator passes axe with each of our panels and dialogs open, and each dialog gives focus back', async ({ browser }) => {
  test.slow()
  const board = await createBoard(server.origin, { title: 'Tilgjengelighet', lang: 'nb' })

  // The name question, before the board.
  const context = await browser.newContext({ locale: 'nb-NO' })
  const first = await context.newPage()
  await first.goto(board.links.facilitator)
  await expect(first.getByTestId('display-name')).toBeFocused()
  expect(await seriousFindings(first)).toEqual([])
  await first.close()
  const page = await openBoard(browser, board.links.facilitator, 'Kari')
  const participant = await openBoard(browser, board.links.participant, 'Ola')

  // The board with the header (connection, people with follow buttons, history, export, language) and the facilitator tools.
  await expect(page.getByTestId('people-list')).toContainText('Ola')
  expect(await seriousFindings(page)).toEqual([])

  // The people list: opens from its count, Escape closes it and gives focus back to the count.
  const peopleCount = page.getByTestId('people-count')
  await peopleCount.click()
  await expect(page.getByTestId('people-list')).toBeVisible()
  expect(await seriousFindings(page, '.people')).toEqual([])
  await page.getByTestId('people-list').getByRole('button').first().focus()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('people-list')).toBeHidden()
  await expect(peopleCount).toBeFocused()

  // Template picker: a modal dialog, focus inside on opening, Escape closes, focus back on its button.
  const pickerButton = page.getByTestId('template-picker-open')
  await pickerButton.click()
  const picker = page.getByTestId('template-picker')
  await expect(picker).toBeVisible()
  await expect.poll(() => picker.evaluate((d) => d.contains(document.activeElement))).toBe(true)
  expect(await seriousFindings(page, '[data-testid="template-picker"]')).toEqual([])
  await page.keyboard.press('Escape')
  await expect(picker).toBeHidden()
  await expect(pickerButton).toBeFocused()

  // Export menu.
  const exportButton = page.getByTestId('export-open')
  await exportButton.click()
  await expect(page.getByTestId('export-target')).toBeFocused()
  expect(await seriousFindings(page, '.wb-export')).toEqual([])
  await page.keyboard.press('Escape')
  await expect(exportButton).toBeFocused()

  // History panel, with a snapshot in its list, and its confirmation.
  const historyButton = page.getByTestId('history-open')
  await historyButton.click()
  const history = page.getByTestId('history-panel')
  await expect(page.getByTestId('history-name')).toBeFocused()
  await page.getByTestId('history-name').fill('Før testen')
  await page.getByTestId('history-take').click()
  const item = page.getByTestId('history-list').locator('li').first()
  await expect(item).toContainText('Før testen')
  await item.getByRole('button', { name: 'Vis forhåndsvisning' }).click()
  await expect(item.locator('img')).toBeVisible()
  expect(await seriousFindings(page, '[data-testid="history-panel"]')).toEqual([])
  const restore = item.locator('[data-testid^="history-restore-"]')
  await restore.click()
  const confirm = page.getByTestId('history-restore-dialog')
  await expect(page.getByTestId('history-restore-cancel')).toBeFocused()
  expect(await seriousFindings(page, '[data-testid="history-restore-dialog"]')).toEqual([])
  await page.keyboard.press('Escape')
  await expect(confirm).toHaveCount(0)
  await expect(restore).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(history).toBeHidden()
  await expect(historyButton).toBeFocused()

  // Timer: set up, then running (the facilitator's controls, and the participant's display).
  expect(await seriousFindings(page, '.fac-layer')).toEqual([])
  await page.getByTestId('timer-minutes').fill('5')
  await page.getByTestId('timer-start').click()
  await expect(page.getByTestId('timer-display')).toHaveAttribute('data-status', 'running')
  await expect(participant.getByTestId('timer-display')).toBeVisible()
  expect(await seriousFindings(page, '.fac-layer')).toEqual([])
  expect(await seriousFindings(participant, '.fac-layer')).toEqual([])
  await page.getByTestId('timer-pause').click()
  await expect(participant.getByTestId('timer-display')).toHaveAttribute('data-status', 'paused')
  expect(await seriousFindings(participant, '.fac-layer')).toEqual([])

  // Dot voting: the set-up, an open round with vote buttons on the notes, and the results.
  await page.evaluate(() => {
    const editor = (window as unknown as { __editor: { createShapes(s: unknown[]): void; setCamera(c: unknown): void } }).__editor
    const paragraph = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    editor.createShapes([
      { id: 'shape:a11yA', type: 'note', x: 360, y: 380, props: { richText: paragraph('Ventetid') } },
      { id: 'shape:a11yB', type: 'note', x: 600, y: 380, props: { richText: paragraph('Skjema') } },
    ])
    editor.setCamera({ x: 0, y: 0, z: 1 })
  })
  await page.getByTestId('summon').click()
  await page.getByTestId('voting-open').click()
  await expect(page.getByTestId('voting-start')).toBeVisible()
  expect(await seriousFindings(page, '.fac-layer')).toEqual([])
  await page.getByTestId('voting-visibility').selectOption('live')
  await page.getByTestId('voting-start').click()
  const vote = participant.getByTestId('vote-shape:a11yA')
  await expect(vote).toBeVisible()
  await vote.focus()
  await participant.keyboard.press('Enter')
  await expect(vote).toHaveAttribute('aria-pressed', 'true')
  expect(await seriousFindings(participant, '.fac-vote-overlay')).toEqual([])
  expect(await seriousFindings(participant, '.fac-layer')).toEqual([])
  expect(await seriousFindings(page, '.fac-layer')).toEqual([])
  await page.getByTestId('voting-end').click()
  await page.getByTestId('voting-reveal').click()
  await expect(participant.getByTestId('voting-results')).toBeVisible()
  expect(await seriousFindings(participant, '.fac-results')).toEqual([])
  expect(await seriousFindings(page, '.fac-layer')).toEqual([])

  // Everything again with the whole page in English, after a switch.
  await page.getByTestId('ui-lang').selectOption('en')
  await expect(page.getByTestId('export-open')).toHaveText('Export')
  expect(await seriousFindings(page)).toEqual([])

  await page.context().close()
  await participant.context().close()
})

test('refusals are announced: a timer outside its range, a refused image, a refused link, a connection closed for good', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Kunngjøringer', lang: 'nb' })
  const page = await openBoard(browser, board.links.facilitator, 'Kari')

  // The facilitation live region is in the page before anything is said, so screen readers hear what comes.
  const announcer = page.getByTestId('facilitation-announcer')
  await expect(announcer).toHaveAttribute('aria-live', /assertive|polite/)
  await page.getByTestId('timer-minutes').fill('0')
  await page.getByTestId('timer-start').click()
  await expect(announcer).toContainText('Velg mellom 1 og')

  // An image the server refuses (a BMP labelled PNG): the reason goes to a live region that was there before.
  const uploads = page.getByTestId('upload-announcer')
  await expect(uploads).toHaveAttribute('aria-live', 'assertive')
  await expect(uploads).toHaveText('')
  await pasteDisguisedImage(page)
  await expect(uploads).toHaveText('Bildet ble ikke lagt til: Bare PNG, JPEG, WebP og GIF kan legges til.')

  // A link that is refused says why in an alert (here: a link whose token was altered).
  const tampered = board.links.participant.replace(/#token=(.*)$/, (_m, token: string) => `#token=${token.slice(0, -4)}AAAA`)
  const refused = await newPage(browser, 'nb-NO')
  await refused.goto(tampered)
  const error = refused.getByTestId('board-error')
  await expect(error).toBeVisible({ timeout: 20_000 })
  await expect(error).toHaveAttribute('role', 'alert')
  expect(await seriousFindings(refused)).toEqual([])

  // A connection the server closes for good (the board was deleted) says why in the status region, in the person's language.
  const participant = await openBoard(browser, board.links.participant, 'Ola')
  const status = participant.getByTestId('connection-status')
  await expect(status).toHaveAttribute('role', 'status')
  const deleted = await fetch(`${server.origin}/api/boards/${board.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${board.tokens.facilitator}` } })
  expect(deleted.status).toBeLessThan(300)
  await expect(status).toHaveAttribute('data-status', 'refused', { timeout: 15_000 })
  await expect(status).toHaveText('Frakoblet: Tavla finnes ikke (lenger).')
  await participant.getByTestId('ui-lang').selectOption('en')
  await expect(status).toHaveText('Disconnected: This board does not exist (any more).')
  expect(await seriousFindings(participant, 'header')).toEqual([])

  await page.context().close()
  await refused.context().close()
  await participant.context().close()
})

test('a board is made from the front page with the keyboard alone, and its export menu and template picker open from the keyboard', async ({ browser }) => {
  test.slow()
  const page = await newPage(browser, 'nb-NO')
  await page.goto(server.origin + '/')

  await tabTo(page, page.getByTestId('board-title'))
  await page.keyboard.type('Tastaturtavla')
  await tabTo(page, page.getByTestId('create-board'))
  await page.keyboard.press('Enter')
  // Focus lands on the result, and the next stops are its links.
  await expect(page.getByTestId('created-title')).toBeFocused()
  await expect(page.getByTestId('created-title')).toHaveText('Tastaturtavla')
  await tabTo(page, page.getByTestId('link-facilitator'), { max: 3 })
  await page.keyboard.press('Enter')

  await expect(page.getByTestId('display-name')).toBeFocused({ timeout: 20_000 })
  await page.keyboard.type('Kari')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
  await page.waitForFunction(() => Boolean((window as unknown as { __editor?: unknown }).__editor))

  // The header comes before the canvas: back from the canvas to the export button.
  const exportButton = page.getByTestId('export-open')
  await tabTo(page, exportButton, { back: true })
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('export-target')).toBeFocused()
  await tabTo(page, page.getByTestId('export-run'))
  await page.keyboard.press('Escape')
  await expect(exportButton).toBeFocused()

  // On to the facilitator tools beside the canvas, and the template picker.
  const pickerButton = page.getByTestId('template-picker-open')
  await tabTo(page, pickerButton, { max: 60 })
  await page.keyboard.press('Enter')
  const picker = page.getByTestId('template-picker')
  await expect(picker).toBeVisible()
  const firstOption = picker.locator('input[type="radio"]').first()
  await expect(firstOption).toBeFocused()
  // Arrow keys choose (as in any radio group), Enter inserts.
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowUp')
  await expect(firstOption).toBeChecked()
  await page.keyboard.press('Enter')
  await expect(picker).toBeHidden()
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __editor: { getCurrentPageShapeIds(): Set<string> } }).__editor.getCurrentPageShapeIds().size))
    .toBeGreaterThan(3)
  await expect(page.getByTestId('facilitation-announcer')).toContainText('er satt inn')
  await page.context().close()
})

test('the gathering overview and its dialogs pass axe, work from the keyboard and give focus back', async ({ browser }) => {
  const gathering = await createGathering(server.origin)
  const page = await newPage(browser, 'nb-NO')
  await page.goto(gathering.overviewLink)
  const teams = page.getByTestId('gathering-teams').locator('> li')
  await expect(teams).toHaveCount(2, { timeout: 20_000 })
  await expect(page.getByTestId(`thumbnail-${gathering.boards[1]!.id}`)).toHaveAttribute('data-shapes', /[1-9]/, { timeout: 15_000 })
  expect(await seriousFindings(page)).toEqual([])

  // The language switch and the first team's actions are reachable by Tab, with visible focus.
  await tabTo(page, page.getByTestId('ui-lang'))
  const rename = teams.first().getByTestId('team-rename')
  await tabTo(page, rename, { max: 60 })
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('team-rename-input')).toBeFocused()
  expect(await seriousFindings(page)).toEqual([])
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('team-rename-input')).toHaveCount(0)
  await expect(rename).toBeFocused()

  // Deleting a team board asks first; Escape cancels and focus goes back to the button.
  const remove = teams.first().getByTestId('team-delete')
  await remove.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('confirm-cancel')).toBeFocused()
  expect(await seriousFindings(page, '[data-testid="confirm-dialog"]')).toEqual([])
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0)
  await expect(remove).toBeFocused()

  // And the whole gathering.
  const removeAll = page.getByTestId('gathering-delete')
  await removeAll.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('confirm-cancel')).toBeFocused()
  expect(await seriousFindings(page, '[data-testid="confirm-dialog"]')).toEqual([])
  await page.getByTestId('confirm-cancel').press('Enter')
  await expect(removeAll).toBeFocused()

  // Broadcast: a result is announced in the page's live region.
  await page.getByTestId('broadcast-message').fill('Pause i ti minutter')
  await page.getByTestId('broadcast-send').press('Enter')
  await expect(page.getByTestId('gathering-announcement')).toHaveText('Sendt til 2 tavler.')

  await page.getByTestId('ui-lang').selectOption('en')
  await expect(page.getByTestId('gathering-delete')).toHaveText('Delete gathering')
  expect(await seriousFindings(page)).toEqual([])
  await page.context().close()
})

test('the whole interface in nynorsk passes axe: the board with the facilitation panels, and the gathering overview', async ({ browser }) => {
  test.slow()
  const board = await createBoard(server.origin, { title: 'Tilgjengeleg tavle', lang: 'nn' })
  const page = await openBoard(browser, board.links.facilitator, 'Kari', { locale: 'nn-NO' })
  const participant = await openBoard(browser, board.links.participant, 'Ola', { locale: 'nn-NO' })
  await expect(page.locator('html')).toHaveAttribute('lang', 'nn')
  await expect(page.getByTestId('people-list')).toContainText('Ola')
  await expect(page.getByTestId('connection-status')).toHaveText('Tilkopla – lagra')
  expect(await seriousFindings(page)).toEqual([])

  await page.getByTestId('people-count').click()
  expect(await seriousFindings(page, '.people')).toEqual([])
  await page.keyboard.press('Escape')

  await page.getByTestId('template-picker-open').click()
  await expect(page.getByTestId('template-picker')).toBeVisible()
  expect(await seriousFindings(page, '[data-testid="template-picker"]')).toEqual([])
  await page.keyboard.press('Escape')

  await page.getByTestId('export-open').click()
  await expect(page.getByTestId('export-target')).toBeFocused()
  expect(await seriousFindings(page, '.wb-export')).toEqual([])
  await page.keyboard.press('Escape')

  await page.getByTestId('history-open').click()
  await page.getByTestId('history-take').click()
  await expect(page.getByTestId('history-list').locator('li').first()).toContainText('Teke for hand')
  expect(await seriousFindings(page, '[data-testid="history-panel"]')).toEqual([])
  await page.keyboard.press('Escape')

  await page.getByTestId('timer-minutes').fill('5')
  await page.getByTestId('timer-start').click()
  await expect(participant.getByTestId('timer-display')).toHaveAttribute('data-status', 'running')
  expect(await seriousFindings(page, '.fac-layer')).toEqual([])
  expect(await seriousFindings(participant, '.fac-layer')).toEqual([])

  await page.evaluate(() => {
    const editor = (window as unknown as { __editor: { createShapes(s: unknown[]): void; setCamera(c: unknown): void } }).__editor
    const paragraph = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    editor.createShapes([
      { id: 'shape:nnA', type: 'note', x: 360, y: 380, props: { richText: paragraph('Ventetid') } },
      { id: 'shape:nnB', type: 'note', x: 600, y: 380, props: { richText: paragraph('Skjema') } },
    ])
    editor.setCamera({ x: 0, y: 0, z: 1 })
  })
  await page.getByTestId('summon').click()
  await page.getByTestId('voting-open').click()
  await expect(page.getByTestId('voting-start')).toHaveText('Start avrøystinga')
  expect(await seriousFindings(page, '.fac-layer')).toEqual([])
  await page.getByTestId('voting-visibility').selectOption('live')
  await page.getByTestId('voting-start').click()
  await expect(participant.getByTestId('vote-shape:nnA')).toBeVisible()
  expect(await seriousFindings(participant, '.fac-vote-overlay')).toEqual([])
  expect(await seriousFindings(participant, '.fac-layer')).toEqual([])
  await page.getByTestId('voting-end').click()
  await page.getByTestId('voting-reveal').click()
  await expect(participant.getByTestId('voting-results')).toBeVisible()
  expect(await seriousFindings(participant, '.fac-results')).toEqual([])
  expect(await seriousFindings(page)).toEqual([])
  await page.context().close()
  await participant.context().close()

  const res = await fetch(`${server.origin}/api/gatherings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Samling for alle', date: '2026-03-12', lang: 'nn', teams: [{ name: 'Volda' }, { name: 'Ørsta', template: 'empathy-map' }] }),
  })
  expect(res.status).toBe(201)
  const gathering = (await res.json()) as GatheringResponse
  const overview = await newPage(browser, 'nn-NO')
  await overview.goto(gathering.overviewLink)
  await expect(overview.getByTestId('gathering-teams').locator('> li')).toHaveCount(2, { timeout: 20_000 })
  await expect(overview.getByTestId('gathering-delete')).toHaveText('Slett samlinga')
  expect(await seriousFindings(overview)).toEqual([])
  await overview.getByTestId('gathering-teams').locator('> li').first().getByTestId('team-delete').click()
  await expect(overview.getByTestId('confirm-cancel')).toBeFocused()
  expect(await seriousFindings(overview, '[data-testid="confirm-dialog"]')).toEqual([])
  await overview.context().close()
})
