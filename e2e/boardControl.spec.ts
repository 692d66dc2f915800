import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { addNote, createBoard, focusCanvas, openBoard, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

type TestEditor = { getIsReadonly(): boolean }

function isReadonly(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __editor: TestEditor }).__editor.getIsReadonly())
}

async function notes(page: Page): Promise<number> {
  return (await shapesOf(page)).filter((s) => s.type === 'note').length
}

test('freeze board: participants get a read-only board and a notice until the facilitator unfreezes it', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Frys', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const anna = await openBoard(browser, board.links.participant, 'Anna')

  await facilitator.getByTestId('freeze-toggle').click()
  await expect(facilitator.getByTestId('freeze-toggle')).toHaveAttribute('aria-pressed', 'true')
  await expect(anna.getByTestId('board-frozen')).toContainText('frosset tavla')
  await expect.poll(() => isReadonly(anna)).toBe(true)
  expect(await isReadonly(facilitator)).toBe(false)

  // The note tool does nothing on a frozen board, and the connection stays up.
  await focusCanvas(anna, { x: 700, y: 500 })
  await anna.keyboard.press('n')
  await anna.mouse.click(600, 400)
  await addNote(facilitator, 500, 350, 'Fasilitatorens lapp')
  await expect.poll(() => notes(anna)).toBe(1)
  await expect(anna.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced')

  await facilitator.getByTestId('freeze-toggle').click()
  await expect(anna.getByTestId('board-frozen')).toHaveCount(0)
  await expect.poll(() => isReadonly(anna)).toBe(false)
  await addNote(anna, 700, 450, 'Annas lapp')
  await expect.poll(() => notes(facilitator)).toBe(2)
  await expect(anna.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced')
  await Promise.all([facilitator, anna].map((p) => p.context().close()))
})

type LockEditor = {
  getCurrentPageShapes(): Array<{ id: string; type: string; isLocked: boolean; meta: Record<string, unknown> }>
  select(...ids: string[]): void
}

function noteLock(page: Page): Promise<{ isLocked: boolean; mark: unknown } | undefined> {
  return page.evaluate(() => {
    const note = (window as unknown as { __editor: LockEditor }).__editor.getCurrentPageShapes().find((s) => s.type === 'note')
    return note ? { isLocked: note.isLocked, mark: note.meta.facilitatorLock } : undefined
  })
}

test("a facilitator's lock survives a participant's Unlock all, and the facilitator lifts it from the tools", async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Låser', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const anna = await openBoard(browser, board.links.participant, 'Anna')

  await addNote(facilitator, 500, 350, 'Låst lapp')
  await facilitator.evaluate(() => {
    const editor = (window as unknown as { __editor: LockEditor }).__editor
    editor.select(editor.getCurrentPageShapes().find((s) => s.type === 'note')!.id)
  })
  await facilitator.getByTestId('lock-toggle').click()
  await expect.poll(() => noteLock(anna)).toEqual({ isLocked: true, mark: true })

  // tldraw's own menu: Edit → Unlock all.
  await anna.getByTestId('main-menu.button').click()
  await anna.getByTestId('main-menu-sub.edit-button').click()
  await anna.getByTestId('main-menu.unlock-all').click()
  await expect.poll(() => noteLock(anna)).toEqual({ isLocked: true, mark: true })
  expect(await noteLock(facilitator)).toEqual({ isLocked: true, mark: true })
  await expect(anna.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced')

  await expect(facilitator.getByTestId('unlock-facilitator-locks')).toContainText('(1)')
  await facilitator.getByTestId('unlock-facilitator-locks').click()
  await expect.poll(() => noteLock(anna)).toEqual({ isLocked: false, mark: undefined })
  await expect(facilitator.getByTestId('unlock-facilitator-locks')).toHaveCount(0)
  await Promise.all([facilitator, anna].map((p) => p.context().close()))
})

test('tldraw\'s "Insert embed" is in no menu and Ctrl+I opens nothing', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Meny', lang: 'en' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator', { locale: 'en-GB' })
  await facilitator.getByTestId('main-menu.button').click()
  // Its neighbour in tldraw's menu is there; it is not.
  await expect(facilitator.getByTestId('main-menu.insert-media')).toBeVisible()
  await expect(facilitator.getByTestId('main-menu.insert-embed')).toHaveCount(0)
  await facilitator.keyboard.press('Escape')
  await focusCanvas(facilitator, { x: 700, y: 500 })
  await facilitator.keyboard.press('Control+i')
  // The keyboard shortcuts dialog lists every bound action, and is then the only dialog open:
  // Ctrl+I opened none.
  await facilitator.keyboard.press('Control+Alt+/')
  await expect(facilitator.locator('.tlui-dialog__content')).toHaveCount(1)
  await expect(facilitator.locator('.tlui-dialog__content')).not.toContainText('embed')
  await facilitator.context().close()
})

test('reactions float up on the other screen; hands show to the facilitator in the order they went up, and the facilitator lowers one', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Hender', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const anna = await openBoard(browser, board.links.participant, 'Anna')
  const bo = await openBoard(browser, board.links.participant, 'Bo')

  // A reaction from Anna floats up on the facilitator's screen, from Anna's cursor.
  await anna.mouse.move(640, 420)
  await anna.getByRole('button', { name: 'Reager: feiring' }).click()
  await expect(facilitator.getByTestId('reaction-floater')).toHaveText('🎉')

  // Anna's hand goes up first, then Bo's: the facilitator's list keeps that order.
  await anna.getByTestId('raise-hand').click()
  await expect(facilitator.getByTestId('raised-hand')).toHaveCount(1)
  await bo.getByTestId('raise-hand').click()
  await expect(facilitator.getByTestId('raised-hand')).toHaveCount(2)
  await expect(facilitator.getByTestId('raised-hand')).toHaveText([/Anna/, /Bo/])
  await expect(anna.getByTestId('raised-hands')).toHaveCount(0)

  await facilitator.getByRole('button', { name: 'Ta ned hånda til Anna' }).click()
  await expect(facilitator.getByTestId('raised-hand')).toHaveText([/Bo/])
  await expect(anna.getByTestId('raise-hand')).toHaveAttribute('aria-pressed', 'false')
  await expect(anna.getByTestId('gesture-status')).toContainText('Fasilitatoren tok ned hånda di')
  await expect(bo.getByTestId('raise-hand')).toHaveAttribute('aria-pressed', 'true')

  // Bo lowers his own; the list is empty and goes away.
  await bo.getByTestId('raise-hand').click()
  await expect(facilitator.getByTestId('raised-hands')).toHaveCount(0)
  await Promise.all([facilitator, anna, bo].map((p) => p.context().close()))
})

type TidyEditor = {
  createShapes(shapes: unknown[]): void
  select(...ids: string[]): void
  undo(): void
  getCurrentPageShapes(): Array<{ id: string; type: string; x: number; y: number; parentId: string; props: { color?: string } }>
}

function notePlaces(page: Page): Promise<Record<string, { x: number; y: number; color: string }>> {
  return page.evaluate(() => {
    const editor = (window as unknown as { __editor: TidyEditor }).__editor
    return Object.fromEntries(editor.getCurrentPageShapes().filter((s) => s.type === 'note').map((s) => [s.id, { x: s.x, y: s.y, color: s.props.color ?? '' }]))
  })
}

test('Tidy notes puts a frame\'s notes into a grid grouped by colour with a heading each, in one undoable change', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Rydd', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const anna = await openBoard(browser, board.links.participant, 'Anna')
  await facilitator.evaluate(() => {
    const editor = (window as unknown as { __editor: TidyEditor }).__editor
    const colors = ['blue', 'black', 'blue', 'red', 'black', 'blue']
    editor.createShapes([{ id: 'shape:frame', type: 'frame', x: 0, y: 0, props: { w: 1200, h: 700, name: 'Idéer' } }])
    editor.createShapes(colors.map((color, i) => ({ id: `shape:n${i}`, type: 'note', parentId: 'shape:frame', x: 40 + ((i * 370) % 900), y: 60 + (i % 2) * 150 + i * 20, props: { color } })))
    editor.select('shape:frame')
  })
  const before = await notePlaces(facilitator)
  await facilitator.getByTestId('tidy-notes').click()
  await expect(facilitator.getByTestId('facilitation-announcer')).toContainText('6 lapper er ryddet')

  const after = await notePlaces(facilitator)
  // Groups in tldraw's colour order (yellow, the default, first), each below the one before.
  const rows = (color: string) => Object.values(after).filter((n) => n.color === color).map((n) => n.y)
  expect(Math.max(...rows('black'))).toBeLessThan(Math.min(...rows('blue')))
  expect(Math.max(...rows('blue'))).toBeLessThan(Math.min(...rows('red')))
  const places = Object.values(after)
  for (let i = 0; i < places.length; i++) for (let j = i + 1; j < places.length; j++) expect(Math.abs(places[i]!.x - places[j]!.x) >= 200 || Math.abs(places[i]!.y - places[j]!.y) >= 200).toBe(true)
  const headings = await facilitator.evaluate(() =>
    (window as unknown as { __editor: { getCurrentPageShapes(): Array<{ type: string; parentId: string; props: { richText?: { content?: Array<{ content?: Array<{ text?: string }> }> } } }> } }).__editor
      .getCurrentPageShapes()
      .filter((s) => s.type === 'text' && s.parentId === 'shape:frame')
      .map((s) => s.props.richText?.content?.[0]?.content?.[0]?.text ?? ''),
  )
  expect(headings.sort()).toEqual(['Blå (3)', 'Gul (2)', 'Rød (1)'])
  // The participant sees the same.
  await expect.poll(() => notePlaces(anna)).toEqual(after)

  // One undo gives back every position and takes the headings away.
  await facilitator.evaluate(() => {
    ;(window as unknown as { __editor: TidyEditor }).__editor.undo()
  })
  await expect.poll(() => notePlaces(facilitator)).toEqual(before)
  await expect.poll(() => notePlaces(anna)).toEqual(before)
  expect(await facilitator.evaluate(() => (window as unknown as { __editor: TidyEditor }).__editor.getCurrentPageShapes().filter((s) => s.type === 'text').length)).toBe(0)
  await Promise.all([facilitator, anna].map((p) => p.context().close()))
})

/** Serious and critical axe findings in our own layers over the canvas (tldraw's own parts are left out, as in a11y.spec.ts). */
async function seriousFindings(page: Page): Promise<string[]> {
  let builder = new AxeBuilder({ page })
  for (const selector of ['.tl-canvas', '.tlui-layout', '.tl-portal-host', '.tl-text-measure', '[data-testid="tl-watermark-unlicensed"]']) builder = builder.exclude(selector)
  const result = await builder.analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

test('the board passes axe with the reactions, raised hands, a frozen board and an unlocked template on screen', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Tilgjengelig', lang: 'nb', template: 'service-journey' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const anna = await openBoard(browser, board.links.participant, 'Anna')
  await anna.getByTestId('raise-hand').click()
  await expect(facilitator.getByTestId('raised-hand')).toHaveCount(1)
  await facilitator.getByTestId('freeze-toggle').click()
  await expect(anna.getByTestId('board-frozen')).toBeVisible()
  await facilitator.getByTestId('lock-toggle').click()
  await expect(facilitator.getByTestId('template-unlocked-mark')).toHaveCount(1)
  expect(await seriousFindings(facilitator)).toEqual([])
  expect(await seriousFindings(anna)).toEqual([])
  await Promise.all([facilitator, anna].map((p) => p.context().close()))
})
