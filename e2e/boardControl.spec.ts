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
