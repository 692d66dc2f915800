import { expect, test, type Page } from '@playwright/test'
import { startServer, type RunningServer } from './fixtures/serverProcess'
import { createBoard, openBoard } from './fixtures/boards'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** Whether the shape's container on the canvas holds its drawn content (client/src/board/DeferredShapeWrapper.tsx). */
function hasContent(page: Page, id: string): Promise<boolean> {
  return page.evaluate((shapeId) => (document.querySelector(`.tl-shape[data-shape-id="${shapeId}"]`)?.childElementCount ?? 0) > 0, id)
}

test('shapes far off screen are drawn once they come into view, and stay drawn', async ({ browser }) => {
  const board = await createBoard(server.origin)
  const page = await openBoard(browser, board.links.facilitator, 'Alice')
  const ids = await page.evaluate(() => {
    type Ed = { createShapes(s: unknown[]): void; getCurrentPageShapes(): { id: string; x: number }[] }
    const editor = (window as unknown as { __editor: Ed }).__editor
    editor.createShapes([
      { type: 'geo', x: 100, y: 100, props: { w: 120, h: 80 } },
      { type: 'geo', x: 40_000, y: 40_000, props: { w: 120, h: 80 } },
    ])
    const shapes = editor.getCurrentPageShapes()
    return { near: shapes.find((s) => s.x === 100)!.id, far: shapes.find((s) => s.x === 40_000)!.id }
  })
  await expect.poll(() => hasContent(page, ids.near)).toBe(true)
  // The far shape has its place on the canvas but nothing drawn in it yet.
  await expect(page.locator(`.tl-shape[data-shape-id="${ids.far}"]`)).toHaveCount(1)
  expect(await hasContent(page, ids.far)).toBe(false)

  await page.evaluate((far) => {
    type Ed = { zoomToBounds(b: unknown): void; getShapePageBounds(id: string): unknown }
    const editor = (window as unknown as { __editor: Ed }).__editor
    editor.zoomToBounds(editor.getShapePageBounds(far))
  }, ids.far)
  await expect.poll(() => hasContent(page, ids.far)).toBe(true)
  await expect(page.locator(`.tl-shape[data-shape-id="${ids.far}"] svg`).first()).toBeVisible()

  // Back at the first shape: the far one is hidden by tldraw's culling but keeps its content.
  await page.evaluate((near) => {
    type Ed = { zoomToBounds(b: unknown): void; getShapePageBounds(id: string): unknown }
    const editor = (window as unknown as { __editor: Ed }).__editor
    editor.zoomToBounds(editor.getShapePageBounds(near))
  }, ids.near)
  await expect(page.locator(`.tl-shape[data-shape-id="${ids.far}"]`)).toBeHidden()
  expect(await hasContent(page, ids.far)).toBe(true)
  await page.context().close()
})
