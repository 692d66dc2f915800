import { expect, test, type Page } from '@playwright/test'
import { createBoard, openBoard } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// One scroll-wheel tick ends following a presentation (tldraw's rule); the person is told so
// and can follow again with one button, and the facilitator sees who follows them.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

async function followingUserId(page: Page): Promise<string | null> {
  return page.evaluate(() => (window as unknown as { __editor: { getInstanceState(): { followingUserId: string | null } } }).__editor.getInstanceState().followingUserId)
}

test('a wheel tick ends following, the banner offers to follow again, and the facilitator sees who follows', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Følge', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Kari')
  const anna = await openBoard(browser, board.links.participant, 'Anna')

  await facilitator.getByTestId('present-toggle').click()
  await expect.poll(() => followingUserId(anna)).not.toBeNull()
  await expect(anna.getByTestId('following-presenter')).toBeVisible()
  await expect(facilitator.getByTestId('followers')).toHaveText('Følger deg: Anna')

  // One tick of the wheel over the canvas.
  const canvas = await anna.locator('.tl-canvas').boundingBox()
  await anna.mouse.move(canvas!.x + canvas!.width / 2, canvas!.y + canvas!.height / 2)
  await anna.mouse.wheel(0, 100)
  await expect.poll(() => followingUserId(anna)).toBeNull()
  const stopped = anna.getByTestId('stopped-following')
  await expect(stopped).toContainText('Du sluttet å følge')
  await expect(anna.getByTestId('following-presenter')).toHaveCount(0)
  await expect(facilitator.getByTestId('followers')).toHaveCount(0)

  await anna.getByTestId('follow-again').click()
  await expect.poll(() => followingUserId(anna)).not.toBeNull()
  await expect(stopped).toHaveCount(0)
  await expect(anna.getByTestId('following-presenter')).toBeVisible()
  await expect(facilitator.getByTestId('followers')).toHaveText('Følger deg: Anna')

  // The end of the presentation ends the offer too.
  await anna.getByTestId('following-presenter').getByRole('button').click()
  await expect(stopped).toBeVisible()
  await facilitator.getByTestId('present-toggle').click()
  await expect(stopped).toHaveCount(0)
  await anna.context().close()
  await facilitator.context().close()
})
