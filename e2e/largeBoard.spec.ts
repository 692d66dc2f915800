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

test('shapes far off screen are put on the canvas once they come into view, and stay', async ({ browser }) => {
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
  // The far shape is not on the canvas at all yet (client/src/board/leanRenderingShapes.ts).
  await expect(page.locator(`.tl-shape[data-shape-id="${ids.far}"]`)).toHaveCount(0)

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

test('notes and rectangles seen only from far away show their far look until seen closer; exports show every shape in full', async ({ browser }) => {
  const board = await createBoard(server.origin)
  const page = await openBoard(browser, board.links.facilitator, 'Alice')
  const ids = await page.evaluate(() => {
    type Ed = {
      setCamera(c: { x: number; y: number; z: number }, o: { immediate: boolean }): void
      createShapes(s: unknown[]): void
      getCurrentPageShapes(): { id: string; x: number }[]
    }
    const editor = (window as unknown as { __editor: Ed }).__editor
    editor.setCamera({ x: 2000, y: 2000, z: 0.1 }, { immediate: true })
    const label = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    editor.createShapes([
      { type: 'note', x: 0, y: 0, props: { richText: label('Fjernt notat') } },
      { type: 'geo', x: 400, y: 0, props: { geo: 'rectangle', w: 200, h: 120 } },
      { type: 'geo', x: 800, y: 0, props: { geo: 'ellipse', w: 200, h: 120 } },
    ])
    const shapes = editor.getCurrentPageShapes()
    return { note: shapes.find((s) => s.x === 0)!.id, rectangle: shapes.find((s) => s.x === 400)!.id, ellipse: shapes.find((s) => s.x === 800)!.id }
  })
  const shape = (id: string) => page.locator(`.tl-shape[data-shape-id="${id}"]`)
  await expect(shape(ids.note).locator('.board-far-look')).toHaveText('Fjernt notat')
  await expect(shape(ids.note).locator('.tl-note__container')).toHaveCount(0)
  await expect(shape(ids.rectangle).locator('.board-far-look')).toHaveCount(1)
  // Other kinds of shape have no far look: drawn in full at any zoom.
  await expect(shape(ids.ellipse).locator('svg').first()).toBeVisible()

  // The export draws from the shapes themselves, never from the canvas.
  const svg = await page.evaluate(async () => {
    type Ed = { getCurrentPageShapeIds(): Set<string>; getSvgString(ids: string[]): Promise<{ svg: string } | undefined> }
    const editor = (window as unknown as { __editor: Ed }).__editor
    return (await editor.getSvgString([...editor.getCurrentPageShapeIds()]))?.svg ?? ''
  })
  expect(svg).toContain('Fjernt notat')
  expect(svg).not.toContain('board-far-look')

  // Selected, a note is drawn in full at once, and stays so.
  await page.evaluate((id) => {
    ;(window as unknown as { __editor: { select(id: string): void } }).__editor.select(id)
  }, ids.note)
  await expect(shape(ids.note).locator('.tl-note__container')).toBeVisible()
  await expect(shape(ids.note).locator('.board-far-look')).toHaveCount(0)

  // Zoomed in to 100 %, the rectangle is drawn in full.
  await page.evaluate((id) => {
    type Ed = { zoomToBounds(b: unknown, o: { targetZoom: number }): void; getShapePageBounds(id: string): unknown }
    const editor = (window as unknown as { __editor: Ed }).__editor
    editor.zoomToBounds(editor.getShapePageBounds(id), { targetZoom: 1 })
  }, ids.rectangle)
  await expect(shape(ids.rectangle).locator('svg').first()).toBeVisible()
  await expect(shape(ids.rectangle).locator('.board-far-look')).toHaveCount(0)
  await page.context().close()
})
