import { expect, test, type Page } from '@playwright/test'
import { createBoard, focusCanvas, openBoard, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

interface FrameBox {
  id: string
  template: string
  name: string
  x: number
  y: number
  w: number
  h: number
  isLocked: boolean
}

/** The template frames on the page with their page bounds, read from the editor. */
function templateFrames(page: Page): Promise<FrameBox[]> {
  return page.evaluate(() => {
    type Shape = { id: string; type: string; isLocked: boolean; meta: { template?: string }; props: { name?: string } }
    const editor = (window as unknown as { __editor: { getCurrentPageShapes(): Shape[]; getShapePageBounds(s: Shape): { x: number; y: number; w: number; h: number } } }).__editor
    return editor
      .getCurrentPageShapes()
      .filter((s) => s.type === 'frame' && typeof s.meta.template === 'string')
      .map((s) => {
        const b = editor.getShapePageBounds(s)
        return { id: s.id, template: s.meta.template!, name: s.props.name ?? '', x: b.x, y: b.y, w: b.w, h: b.h, isLocked: s.isLocked }
      })
      .sort((a, b) => a.x - b.x)
  })
}

/** Waits until `page` shows exactly these template frames, left to right. */
async function expectTemplates(page: Page, templates: string[]): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        type Shape = { type: string; x: number; meta: { template?: string } }
        const editor = (window as unknown as { __editor: { getCurrentPageShapes(): Shape[] } }).__editor
        return editor
          .getCurrentPageShapes()
          .filter((s) => s.type === 'frame' && typeof s.meta.template === 'string')
          .sort((a, b) => a.x - b.x)
          .map((s) => s.meta.template)
      }),
    )
    .toEqual(templates)
}

function viewport(page: Page): Promise<{ x: number; y: number; w: number; h: number }> {
  return page.evaluate(() => {
    const b = (window as unknown as { __editor: { getViewportPageBounds(): { x: number; y: number; w: number; h: number } } }).__editor.getViewportPageBounds()
    return { x: b.x, y: b.y, w: b.w, h: b.h }
  })
}

function overlaps(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

function contains(outer: { x: number; y: number; w: number; h: number }, inner: { x: number; y: number; w: number; h: number }): boolean {
  const slack = 1
  return inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.w <= outer.x + outer.w + slack && inner.y + inner.h <= outer.y + outer.h + slack
}

// How fast an insert reaches the others is the benchmarks' business (fan-out latency, template insert), not this test's.
test('the facilitator inserts the journey map and the stakeholder map beside existing content; participants see them and have no picker', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Malar', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const anna = await openBoard(browser, board.links.participant, 'Anna')
  const bo = await openBoard(browser, board.links.participant, 'Bo')
  const viewer = await openBoard(browser, board.links.viewer, 'Vera')

  // Existing content the templates must not cover.
  await focusCanvas(anna, { x: 640, y: 420 })
  await anna.keyboard.press('n')
  await anna.mouse.click(640, 420)
  await anna.keyboard.type('Først på tavla')
  await anna.keyboard.press('Escape')
  await expect.poll(async () => (await shapesOf(facilitator)).length).toBe(1)
  const existing = await facilitator.evaluate(() => {
    const editor = (window as unknown as { __editor: { getCurrentPageShapes(): { id: string }[]; getShapePageBounds(id: string): { x: number; y: number; w: number; h: number } } }).__editor
    const b = editor.getShapePageBounds(editor.getCurrentPageShapes()[0]!.id)
    return { x: b.x, y: b.y, w: b.w, h: b.h }
  })

  // The journey map with the mouse.
  await facilitator.getByTestId('template-picker-open').click()
  const dialog = facilitator.getByTestId('template-picker')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('template-option-service-journey')).toContainText('Tjenestereise')
  await expect(dialog.getByTestId('template-option-stakeholder-map')).toContainText('Interessentkart')
  // Every option has a preview image.
  const options = dialog.locator('[data-testid^="template-option-"]')
  expect(await options.count()).toBeGreaterThanOrEqual(9)
  expect(await dialog.locator('[data-testid^="template-option-"] img').count()).toBe(await options.count())
  await dialog.getByTestId('template-option-service-journey').click()
  await dialog.getByTestId('template-insert').click()
  await expect(dialog).toBeHidden()
  for (const page of [facilitator, anna, bo]) await expectTemplates(page, ['service-journey'])

  // The stakeholder map from the keyboard: focus the list, arrow to the option, Enter inserts.
  await facilitator.getByTestId('template-picker-open').focus()
  await facilitator.keyboard.press('Enter')
  await expect(dialog).toBeVisible()
  await dialog.locator('input[value="service-journey"]').focus()
  await facilitator.keyboard.press('ArrowDown')
  await expect(dialog.locator('input[value="stakeholder-map"]')).toBeChecked()
  await facilitator.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  for (const page of [facilitator, anna, bo]) await expectTemplates(page, ['service-journey', 'stakeholder-map'])

  // Beside the existing note and each other, never overlapping; the camera went to the last one.
  const frames = await templateFrames(facilitator)
  expect(frames.map((f) => f.name)).toEqual(['Tjenestereise', 'Interessentkart'])
  for (const f of frames) expect(overlaps(f, existing)).toBe(false)
  expect(overlaps(frames[0]!, frames[1]!)).toBe(false)
  await expect.poll(async () => contains(await viewport(facilitator), frames[1]!)).toBe(true)
  // Scaffolding arrived locked.
  expect(frames.every((f) => f.isLocked)).toBe(true)

  // Participants and viewers have no picker and no facilitator tools.
  for (const page of [anna, bo, viewer]) {
    await expect(page.getByTestId('template-picker-open')).toHaveCount(0)
    await expect(page.getByTestId('lock-toggle')).toHaveCount(0)
    await expect(page.getByTestId('timer-start')).toHaveCount(0)
  }

  // A participant cannot unlock scaffolding, even through the editor's own lock command.
  const journeyId = frames[0]!.id
  const stillLocked = await anna.evaluate((id) => {
    const editor = (window as unknown as { __editor: { toggleLock(ids: string[]): void; getShape(id: string): { isLocked: boolean } } }).__editor
    editor.toggleLock([id])
    return editor.getShape(id).isLocked
  }, journeyId)
  expect(stillLocked).toBe(true)

  // The facilitator unlocks the template in view, and only that one; the board marks it while it
  // stays unlocked, and the mark locks it again.
  const lock = facilitator.getByTestId('lock-toggle')
  await expect(lock).toHaveText('Lås opp malen: Interessentkart')
  await expect(facilitator.getByTestId('template-unlocked-mark')).toHaveCount(0)
  await lock.click()
  await expect.poll(async () => (await templateFrames(anna)).map((f) => f.isLocked)).toEqual([true, false])
  await expect(lock).toHaveText('Lås malen: Interessentkart')
  await expect(facilitator.getByTestId('template-unlocked-mark')).toHaveCount(1)
  await expect(facilitator.getByTestId('template-unlocked-lock')).toContainText('Interessentkart')
  await expect(anna.getByTestId('template-unlocked-mark')).toHaveCount(0)
  await facilitator.getByTestId('template-unlocked-lock').click()
  await expect.poll(async () => (await templateFrames(anna)).every((f) => f.isLocked)).toBe(true)
  await expect(facilitator.getByTestId('template-unlocked-mark')).toHaveCount(0)
  // Selecting a piece of the other template makes that one the target.
  await facilitator.evaluate((id) => {
    ;(window as unknown as { __editor: { select(id: string): void } }).__editor.select(id)
  }, journeyId)
  await expect(lock).toHaveText('Lås opp malen: Tjenestereise')
  await lock.click()
  await expect.poll(async () => (await templateFrames(anna)).map((f) => f.isLocked)).toEqual([false, true])
  await expect(facilitator.getByTestId('template-unlocked-lock')).toContainText('Tjenestereise')
  await lock.click()
  await expect.poll(async () => (await templateFrames(anna)).every((f) => f.isLocked)).toBe(true)
  await facilitator.keyboard.press('Escape')

  // The same template again, e.g. one per team: a third frame, still no overlap.
  await facilitator.getByTestId('template-picker-open').click()
  await dialog.getByTestId('template-option-service-journey').click()
  await dialog.getByTestId('template-insert').click()
  await expect.poll(async () => (await templateFrames(bo)).length).toBe(3)
  const three = await templateFrames(bo)
  for (let i = 0; i < three.length; i++) for (let j = i + 1; j < three.length; j++) expect(overlaps(three[i]!, three[j]!)).toBe(false)

  for (const page of [facilitator, anna, bo, viewer]) await page.context().close()
})

test('an English board lists the templates in English', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Templates', lang: 'en' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Facilitator', { locale: 'en-GB' })
  await facilitator.getByTestId('template-picker-open').click()
  await expect(facilitator.getByTestId('template-option-service-journey')).toContainText('Service journey map')
  await facilitator.getByTestId('template-option-power-interest').click()
  await facilitator.getByTestId('template-insert').click()
  await expect.poll(async () => (await templateFrames(facilitator)).map((f) => f.name)).toEqual([expect.stringMatching(/Power/)])
  await facilitator.context().close()
})
