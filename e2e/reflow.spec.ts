import { expect, test, type Browser, type Page } from '@playwright/test'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { createBoard, openBoard } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// Reflow and zoom (WCAG 1.4.10 and 1.4.4): at 320 CSS px wide, and at 400 % zoom of a
// 1280 × 800 window (which leaves 320 × 200 CSS px), our pages scroll in one direction only
// and every control of ours can be reached. tldraw's canvas and its own toolbars are tldraw's,
// and a canvas is two-dimensional content, which the criterion exempts.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** The two windows of the criterion: 320 CSS px wide, and a 1280 × 800 window at 400 % zoom. */
const WINDOWS = [
  { name: '320 px', viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 },
  { name: '400 % of 1280 px', viewport: { width: 320, height: 200 }, deviceScaleFactor: 4 },
] as const

/** Parts that tldraw renders (see a11y.spec.ts); their controls are not ours. */
const TLDRAW_INTERNALS = '.tl-canvas, .tlui-layout, .tl-portal-host, .tl-text-measure, [data-testid="tl-watermark-unlicensed"]'

async function pageAt(browser: Browser, window: (typeof WINDOWS)[number], locale = 'nb-NO'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: window.viewport, deviceScaleFactor: window.deviceScaleFactor })
  return context.newPage()
}

/** The page scrolls vertically at most: nothing is wider than the window. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth, window: window.innerWidth }))
  expect(widths.scroll, `scrollWidth of the page (${JSON.stringify(widths)})`).toBeLessThanOrEqual(widths.window)
  expect(widths.body, `scrollWidth of the body (${JSON.stringify(widths)})`).toBeLessThanOrEqual(widths.window)
}

/**
 * Every visible control of ours can be scrolled to (vertically), then lies wholly inside the
 * window and is the element found at its own centre (nothing covers it). Returns how many
 * were checked, so that a test can tell it checked something. `scope` narrows it to an open
 * popup, which covers what is under it by design.
 */
async function expectControlsReachable(page: Page, scope = 'body'): Promise<number> {
  const problems = await page.evaluate(([internals, scope]) => {
    const found: string[] = []
    let checked = 0
    const controls = Array.from(document.querySelector(scope)?.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, summary, [tabindex="0"]') ?? [])
    for (const el of controls) {
      if (el.closest(internals)) continue
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue
      // checkVisibility also leaves out the content of a closed <details>, which keeps its boxes.
      if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue
      // A radio or checkbox may be drawn by its label; the label is what must be reachable then.
      const target = (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox') && el.closest('label')) || el
      target.scrollIntoView({ block: 'nearest', inline: 'nearest' })
      const r = target.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      checked++
      const name = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 30)}"`
      if (r.left < -0.5 || r.right > window.innerWidth + 0.5) {
        found.push(`${name} is outside the window sideways (${Math.round(r.left)}..${Math.round(r.right)} of ${window.innerWidth})`)
        continue
      }
      if (r.top < -0.5 || r.bottom > window.innerHeight + 0.5) {
        // Taller than the window is fine as long as its start can be reached.
        if (!(r.height > window.innerHeight && r.top >= -0.5)) {
          found.push(`${name} cannot be scrolled into the window (${Math.round(r.top)}..${Math.round(r.bottom)} of ${window.innerHeight})`)
          continue
        }
      }
      const cx = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1)
      const cy = Math.min(Math.max(r.top + Math.min(r.height, window.innerHeight) / 2, 0), window.innerHeight - 1)
      const hit = document.elementFromPoint(cx, cy)
      if (!hit || !(target.contains(hit) || hit.contains(target) || hit === target.closest('label'))) {
        found.push(`${name} is covered by ${hit ? hit.tagName.toLowerCase() + '.' + String(hit.className).slice(0, 40) : 'nothing'}`)
      }
    }
    return { found, checked }
  }, [TLDRAW_INTERNALS, scope] as const)
  expect(problems.found).toEqual([])
  return problems.checked
}

async function createGathering(origin: string): Promise<GatheringResponse> {
  const res = await fetch(`${origin}/api/gatherings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Samling med et ganske langt navn for smale skjermer', date: '2026-03-12', lang: 'nb', teams: [{ name: 'Asker' }, { name: 'Bærum', template: 'empathy-map' }] }),
  })
  if (res.status !== 201) throw new Error(`create gathering: ${res.status} ${await res.text()}`)
  return (await res.json()) as GatheringResponse
}

for (const window of WINDOWS) {
  test(`the front page reflows at ${window.name}: before and after a board and a gathering are made`, async ({ browser }) => {
    const page = await pageAt(browser, window)
    await page.goto(server.origin + '/')
    await expect(page.getByTestId('create-board')).toBeVisible()
    await expectNoSidewaysScroll(page)
    expect(await expectControlsReachable(page)).toBeGreaterThan(3)

    // As a new user would: a board, then a gathering with three teams.
    await page.getByTestId('board-title').fill('En tavle med et ganske langt navn')
    await page.getByTestId('create-board').click()
    await expect(page.getByTestId('link-facilitator')).toBeVisible()
    await expectNoSidewaysScroll(page)
    await expectControlsReachable(page)
    await page.getByTestId('gathering-title').fill('Samling for smale skjermer')
    for (const i of [0, 1]) await page.getByTestId(`gathering-team-name-${i}`).fill(`Team ${i + 1}`)
    await expectNoSidewaysScroll(page)
    await expectControlsReachable(page)
    await page.getByTestId('create-gathering').click()
    await expect(page.getByTestId('gathering-overview-link')).toBeVisible()
    await expectNoSidewaysScroll(page)
    await expectControlsReachable(page)
    await page.context().close()
  })

  test(`the gathering overview reflows at ${window.name}`, async ({ browser }) => {
    const gathering = await createGathering(server.origin)
    const page = await pageAt(browser, window)
    await page.goto(gathering.overviewLink)
    await expect(page.getByTestId('gathering-teams').locator('> li')).toHaveCount(2, { timeout: 20_000 })
    await expectNoSidewaysScroll(page)
    expect(await expectControlsReachable(page)).toBeGreaterThan(5)
    // With a dialog open.
    await page.getByTestId('team-rename').first().click()
    await expect(page.getByTestId('team-rename-input')).toBeVisible()
    await expectNoSidewaysScroll(page)
    await expectControlsReachable(page)
    // With a message sent (what was sent, until when, and the way to withdraw it) and the timer buttons.
    await page.getByTestId('broadcast-message').fill('Tilbake i plenum om fem minutter, husk å ta med lappene fra gruppearbeidet')
    await page.getByTestId('broadcast-send').click()
    await expect(page.getByTestId('broadcast-sent')).toBeVisible()
    await expectNoSidewaysScroll(page)
    await expectControlsReachable(page)
    // With a thumbnail enlarged: the dialog fits the window, and its close button can be reached.
    await page.getByTestId('enlarge-thumbnail').first().click()
    await expect(page.getByTestId('enlarged-dialog')).toBeVisible()
    await expectNoSidewaysScroll(page)
    expect(await expectControlsReachable(page, '[data-testid="enlarged-dialog"]')).toBe(1)
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('enlarged-dialog')).toHaveCount(0)
    await page.context().close()
  })

  test(`the board page reflows at ${window.name}: one header row, the tools and the menu behind one button each`, async ({ browser }) => {
    const board = await createBoard(server.origin, { title: 'Reiseplan for tjenesten med et langt navn', lang: 'nb', template: 'service-journey' })
    const page = await openBoard(browser, board.links.facilitator, 'Kari', { viewport: window.viewport, deviceScaleFactor: window.deviceScaleFactor })
    // The text view, the main way to work on a narrow window, is open first; it takes the whole width and scrolls down only.
    const view = page.getByTestId('text-view')
    await expect(view.getByRole('heading', { level: 2 })).toBeFocused()
    expect((await view.boundingBox())!.width).toBeGreaterThanOrEqual(window.viewport.width - 1)
    await expectNoSidewaysScroll(page)
    expect(await expectControlsReachable(page, '[data-testid="text-view"]')).toBeGreaterThan(10)
    await page.keyboard.press('Escape')
    await expect(view).toHaveCount(0)
    await expect(page.getByTestId('text-view-open')).toBeFocused()
    await expectNoSidewaysScroll(page)
    await expectControlsReachable(page)

    // The header is one row, and leaves most of the window to the board.
    const header = await page.locator('.board-header').boundingBox()
    expect(header!.height).toBeLessThanOrEqual(56)
    // The facilitator tools are one closed button until opened.
    const tools = page.getByTestId('facilitator-tools')
    await expect(tools).not.toHaveAttribute('open', '')
    await tools.locator('summary').click()
    await expect(page.getByTestId('template-picker-open')).toBeVisible()
    await expectNoSidewaysScroll(page)
    await expectControlsReachable(page)
    await tools.locator('summary').click()

    // The header's other controls are behind one menu button.
    const menu = page.getByTestId('board-menu-toggle')
    await expect(menu).toBeVisible()
    await expect(page.getByTestId('export-open')).toBeHidden()
    await menu.click()
    await expect(menu).toHaveAttribute('aria-expanded', 'true')
    await expect(page.getByTestId('export-open')).toBeVisible()
    await expectNoSidewaysScroll(page)
    expect(await expectControlsReachable(page, '[data-testid="board-menu"]')).toBeGreaterThanOrEqual(3)
    // The export panel opens inside the menu, where it can be scrolled to.
    await page.getByTestId('export-open').click()
    await expect(page.getByTestId('export-target')).toBeFocused()
    await expectNoSidewaysScroll(page)
    await expectControlsReachable(page, '[data-testid="board-menu"]')
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('export-open')).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('export-open')).toBeHidden()
    await expect(menu).toBeFocused()
    await page.context().close()
  })
}

test('on a wide window the board page keeps its header controls in view and its tools open', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Bred tavle', lang: 'nb' })
  const page = await openBoard(browser, board.links.facilitator, 'Kari')
  await expect(page.getByTestId('board-menu-toggle')).toBeHidden()
  await expect(page.getByTestId('export-open')).toBeVisible()
  await expect(page.getByTestId('facilitator-tools')).toHaveAttribute('open', '')
  await expect(page.getByTestId('text-view')).toHaveCount(0)
  await expectNoSidewaysScroll(page)
  await expectControlsReachable(page)
  await page.context().close()
})
