import { readFile } from 'node:fs/promises'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { createBoard, openBoard, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** Serious and critical axe findings in `selector`. */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

/** Sends the camera far from everything, so that a move to a frame shows. */
async function lookAway(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __editor: { setCamera(c: { x: number; y: number; z: number }): void } }).__editor.setCamera({ x: -40_000, y: -40_000, z: 1 }))
}

/** Whether the camera shows the centre of the board's frame of `template`. */
async function seesFrameOf(page: Page, template: string): Promise<boolean> {
  const frame = (await shapesOf(page)).find((s) => s.type === 'frame' && s.meta.template === template)
  if (!frame) return false
  return page.evaluate(
    ({ id }) => {
      const editor = (window as unknown as { __editor: { getShapePageBounds(id: string): { center: { x: number; y: number } } | undefined; getViewportPageBounds(): { containsPoint(p: { x: number; y: number }): boolean } } }).__editor
      const bounds = editor.getShapePageBounds(id)
      return bounds !== undefined && editor.getViewportPageBounds().containsPoint(bounds.center)
    },
    { id: frame.id },
  )
}

test('the run sheet in a gathering of three boards: one "Start step" moves every board\'s people and starts every timer; the text view shows the step', async ({ browser }) => {
  // Four browser pages on a shared 2-core machine.
  test.slow()
  const res = await fetch(`${server.origin}/api/gatherings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Samling med kjøreplan', date: '2026-03-12', lang: 'nb', teams: ['Asker', 'Bærum', 'Lier'].map((name) => ({ name, template: 'empathy-map' })) }),
  })
  expect(res.status).toBe(201)
  const gathering = (await res.json()) as GatheringResponse

  const people = await Promise.all(gathering.boards.map((team, i) => openBoard(browser, team.links.participant, ['Kari', 'Per', 'Lise'][i]!)))
  const overview = await (await browser.newContext({ locale: 'nb-NO' })).newPage()
  await overview.goto(gathering.overviewLink)
  const panel = overview.getByTestId('gathering-run-sheet')
  // The frame choices come from the team boards: their template.
  await expect(panel.getByTestId('step-frame').locator('option[value="empathy-map"]')).toHaveCount(1, { timeout: 20_000 })

  await panel.getByTestId('step-title').fill('Empatikart')
  await panel.getByTestId('step-instruction').fill('Skriv lapper i hver kvadrant.')
  await panel.getByTestId('step-minutes').fill('7')
  await panel.getByTestId('step-frame').selectOption('empathy-map')
  await panel.getByTestId('step-save').click()
  await expect(overview.getByTestId('gathering-announcement')).toHaveText('Kjøreplanen er lagret på 3 av 3 teamtavler.')
  await expect(panel.getByTestId('run-sheet-step')).toHaveCount(1)
  expect(await axeProblems(overview, '[data-testid="gathering-run-sheet"]')).toEqual([])

  for (const p of people) {
    await lookAway(p)
    expect(await seesFrameOf(p, 'empathy-map')).toBe(false)
    await expect(p.getByTestId('timer-display')).toHaveCount(0)
  }
  await panel.getByTestId('run-sheet-start').click()
  await expect(overview.getByTestId('gathering-announcement')).toHaveText('Steget er startet på 3 av 3 teamtavler.')

  for (const p of people) {
    await expect.poll(() => seesFrameOf(p, 'empathy-map'), { timeout: 10_000 }).toBe(true)
    await expect(p.getByTestId('timer-display')).toBeVisible()
    await expect(p.getByTestId('run-step-title')).toHaveText('Empatikart')
    await expect(p.getByTestId('run-step-instruction')).toHaveText('Skriv lapper i hver kvadrant.')
    // A polite live region: screen readers read the new step out without moving focus.
    await expect(p.getByTestId('run-step-banner')).toHaveAttribute('aria-live', 'polite')
  }
  // The overview marks the step as the current one, and has nothing after it.
  await expect(panel.getByTestId('run-sheet-step')).toHaveAttribute('aria-current', 'step')
  await expect(panel.getByTestId('run-sheet-next')).toHaveCount(0)

  // A participant reads the step in the text view, and the run sheet, read-only, with the panel open.
  const kari = people[0]!
  await kari.getByTestId('text-view-open').click()
  await expect(kari.getByTestId('text-view-step')).toContainText('Steget nå (Steg 1 av 1): Empatikart')
  await expect(kari.getByTestId('text-view-step')).toContainText('Skriv lapper i hver kvadrant.')
  await kari.getByTestId('text-view-close').click()
  await kari.getByTestId('run-sheet-open').click()
  const sheet = kari.getByTestId('run-sheet')
  await expect(sheet.getByRole('heading', { level: 2 })).toBeFocused()
  await expect(sheet.getByTestId('run-sheet-step')).toHaveAttribute('aria-current', 'step')
  // The gathering's step names its template; the board shows its own frame of it.
  await expect(sheet.getByTestId('run-sheet-step')).toContainText('Ramme: ')
  await expect(sheet.getByRole('button', { name: /Start/ })).toHaveCount(0)
  await expect(sheet.getByTestId('run-sheet-form')).toHaveCount(0)
  expect(await axeProblems(kari, '[data-testid="run-sheet"]')).toEqual([])
  expect(await axeProblems(kari, '[data-testid="run-step-banner"]')).toEqual([])
  await kari.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)
  await expect(kari.getByTestId('run-sheet-open')).toBeFocused()

  for (const p of [...people, overview]) await p.context().close()
})

test('on one board the facilitator writes the steps and starts them; the participant is moved, timed and reads along', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Kjøreplan', lang: 'nb', template: 'service-journey' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const participant = await openBoard(browser, board.links.participant, 'Kari')
  // Nothing to read yet: participants get the button once there are steps.
  await expect(participant.getByTestId('run-sheet-open')).toHaveCount(0)

  await facilitator.getByTestId('run-sheet-open').click()
  const panel = facilitator.getByTestId('run-sheet')
  await panel.getByTestId('step-title').fill('Velkommen')
  await panel.getByTestId('step-minutes').fill('0')
  await panel.getByTestId('step-save').click()
  await panel.getByTestId('step-title').fill('Tjenestereisen')
  await panel.getByTestId('step-instruction').fill('Fyll inn smertepunktene.')
  await panel.getByTestId('step-minutes').fill('15')
  // The frame by the board's own frame name, the template's.
  const frameOption = panel.getByTestId('step-frame').locator('option').nth(1)
  await panel.getByTestId('step-frame').selectOption((await frameOption.getAttribute('value')) ?? '')
  await panel.getByTestId('step-save').click()
  await expect(panel.getByTestId('run-sheet-step')).toHaveCount(2)
  expect(await axeProblems(facilitator, '[data-testid="run-sheet"]')).toEqual([])

  await participant.getByTestId('run-sheet-open').click()
  await expect(participant.getByTestId('run-sheet').getByTestId('run-sheet-step')).toHaveCount(2)
  await lookAway(participant)
  // "Next step" starts the first: no timer and no frame, only the banner.
  await panel.getByTestId('run-sheet-next').click()
  await expect(participant.getByTestId('run-step-title')).toHaveText('Velkommen')
  await expect(participant.getByTestId('timer-display')).toHaveCount(0)
  expect(await seesFrameOf(participant, 'service-journey')).toBe(false)
  // And then the second: to the frame, with its timer.
  await panel.getByTestId('run-sheet-next').click()
  await expect(participant.getByTestId('run-step-title')).toHaveText('Tjenestereisen')
  await expect.poll(() => seesFrameOf(participant, 'service-journey'), { timeout: 10_000 }).toBe(true)
  await expect(participant.getByTestId('timer-display')).toBeVisible()
  await expect(participant.getByTestId('run-sheet').getByTestId('run-sheet-step').nth(1)).toHaveAttribute('aria-current', 'step')
  await expect(panel.getByText('Det var det siste steget.')).toBeVisible()

  // A participant may hide the banner; the next start shows it again.
  await participant.getByTestId('run-step-banner').getByRole('button').click()
  await expect(participant.getByTestId('run-step-title')).toHaveCount(0)
  await panel.getByTestId('run-sheet-start').first().click()
  await expect(participant.getByTestId('run-step-title')).toHaveText('Velkommen')

  // The run sheet travels in the board's .tldr file, in the document record's meta, which tldraw keeps as it is.
  await facilitator.getByTestId('export-open').click()
  const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByTestId('export-tldr').click()])
  const file = JSON.parse((await readFile(await download.path())).toString('utf8')) as { records: { typeName: string; meta?: { runSheet?: { steps: { title: string }[] } } }[] }
  expect(file.records.find((r) => r.typeName === 'document')?.meta?.runSheet?.steps.map((step) => step.title)).toEqual(['Velkommen', 'Tjenestereisen'])

  await facilitator.context().close()
  await participant.context().close()
})

test('the run sheet reflows at 320 px', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Smal kjøreplan', lang: 'nb', template: 'service-journey' })
  const page = await openBoard(browser, board.links.facilitator, 'Kari', { viewport: { width: 320, height: 640 } })
  // The text view opens first on a narrow window; the run sheet is behind the board menu.
  await page.keyboard.press('Escape')
  await page.getByTestId('board-menu-toggle').click()
  await page.getByTestId('run-sheet-open').click()
  const panel = page.getByTestId('run-sheet')
  await expect(panel.getByRole('heading', { level: 2 })).toBeFocused()
  expect((await panel.boundingBox())!.width).toBeGreaterThanOrEqual(319)
  await panel.getByTestId('step-title').fill('Et steg med en ganske lang tittel som må brytes på smale skjermer')
  await panel.getByTestId('step-save').click()
  await expect(panel.getByTestId('run-sheet-step')).toHaveCount(1)
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, window: window.innerWidth, panel: document.querySelector('[data-testid="run-sheet"]')!.scrollWidth }))
  expect(widths.scroll).toBeLessThanOrEqual(widths.window)
  expect(widths.panel).toBeLessThanOrEqual(widths.window)
  expect(await axeProblems(page, '[data-testid="run-sheet"]')).toEqual([])
  await page.context().close()
})
