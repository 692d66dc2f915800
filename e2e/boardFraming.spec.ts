import { expect, test, type Page } from '@playwright/test'
import { createBoard, linkFor, openBoard } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// A board made from a template opens with the template in view, whole, for every role (a
// viewer is how a peeking team sees it), clear of tldraw's menus; a returning person finds the
// board where they left it.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

interface Framing {
  frame: { left: number; top: number; right: number; bottom: number }
  canvas: { left: number; top: number; right: number; bottom: number }
  menuBottom: number
  zoom: number
}

/** Where the template's frame is on screen, with the canvas and the bottom of tldraw's top-left menus. */
async function framing(page: Page): Promise<Framing> {
  return page.evaluate(() => {
    type Box = { minX: number; minY: number; maxX: number; maxY: number }
    const editor = (
      window as unknown as {
        __editor: {
          getCurrentPageShapes(): Array<{ id: string; type: string }>
          getShapePageBounds(id: string): Box
          pageToViewport(p: { x: number; y: number }): { x: number; y: number }
          getZoomLevel(): number
        }
      }
    ).__editor
    const frame = editor.getCurrentPageShapes().find((s) => s.type === 'frame')
    if (!frame) throw new Error('no frame on the board')
    const b = editor.getShapePageBounds(frame.id)
    const canvas = document.querySelector('.tl-container')?.getBoundingClientRect()
    if (!canvas) throw new Error('no canvas')
    const topLeft = editor.pageToViewport({ x: b.minX, y: b.minY })
    const bottomRight = editor.pageToViewport({ x: b.maxX, y: b.maxY })
    const menu = document.querySelector('.tlui-menu-zone')?.getBoundingClientRect()
    return {
      frame: { left: canvas.left + topLeft.x, top: canvas.top + topLeft.y, right: canvas.left + bottomRight.x, bottom: canvas.top + bottomRight.y },
      canvas: { left: canvas.left, top: canvas.top, right: canvas.right, bottom: canvas.bottom },
      menuBottom: menu ? menu.bottom : canvas.top,
      zoom: editor.getZoomLevel(),
    }
  })
}

function expectFramed(f: Framing): void {
  expect(f.zoom, 'the whole template is shown, so below 100 %').toBeLessThan(1)
  expect(f.frame.left).toBeGreaterThanOrEqual(f.canvas.left)
  expect(f.frame.right).toBeLessThanOrEqual(f.canvas.right)
  expect(f.frame.bottom).toBeLessThanOrEqual(f.canvas.bottom)
  expect(f.frame.top, 'the first line is not under tldraw’s page menu').toBeGreaterThanOrEqual(f.menuBottom)
}

test('a board from a template opens framed for every role, and a returning person keeps their camera', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Reise', template: 'service-journey' })
  for (const role of ['facilitator', 'participant', 'viewer'] as const) {
    const page = await openBoard(browser, linkFor(board, role), `Navn ${role}`)
    await expect.poll(async () => (await framing(page)).zoom, { message: `${role}: zoom` }).toBeLessThan(1)
    expectFramed(await framing(page))
    if (role !== 'participant') {
      await page.context().close()
      continue
    }

    // Back again after moving: the camera is where it was left, not framed anew.
    await page.evaluate(() => {
      const editor = (window as unknown as { __editor: { setCamera(c: { x: number; y: number; z: number }): void } }).__editor
      editor.setCamera({ x: -321, y: 123, z: 1.5 })
    })
    await page.reload()
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
    await page.waitForFunction(() => Boolean((window as unknown as { __editor?: unknown }).__editor))
    const camera = await page.evaluate(() => (window as unknown as { __editor: { getCamera(): { x: number; y: number; z: number } } }).__editor.getCamera())
    expect(camera).toMatchObject({ x: -321, y: 123, z: 1.5 })
    await page.context().close()
  }
})
