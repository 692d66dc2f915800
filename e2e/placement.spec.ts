import { expect, test, type Page } from '@playwright/test'
import { createBoard, openBoard, shapesOf } from './fixtures/boards'
import { pastePng } from './fixtures/pastePng'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// Filling in a template: a double-click on one of its (locked) cells makes a sticky note
// there, ready to type in, not a loose text box; and an uploaded image lands in free space,
// not over the template's notes.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

type Bounds = { minX: number; minY: number; maxX: number; maxY: number; w: number; h: number }
type TestEditor = {
  getCurrentPageShapes(): Array<{ id: string; type: string; meta: Record<string, unknown> }>
  getShapePageBounds(id: string): Bounds
  pageToViewport(p: { x: number; y: number }): { x: number; y: number }
  getViewportScreenBounds(): { w: number; h: number }
  setCamera(c: { x: number; y: number; z: number }): void
  getEditingShapeId(): string | null
}

/** Page bounds of the shapes that match, by type and template part. */
async function boundsOf(page: Page, filter: { type?: string; part?: string; role?: string }): Promise<Array<{ id: string } & Bounds>> {
  return page.evaluate((filter) => {
    const editor = (window as unknown as { __editor: TestEditor }).__editor
    return editor
      .getCurrentPageShapes()
      .filter((s) => (!filter.type || s.type === filter.type) && (!filter.part || s.meta.part === filter.part) && (!filter.role || s.meta.role === filter.role))
      .map((s) => {
        const b = editor.getShapePageBounds(s.id)
        return { id: s.id, minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY, w: b.w, h: b.h }
      })
  }, filter)
}

/** Puts page point `p` in the middle of the screen at zoom `z`, and gives its place on screen. */
async function centreOn(page: Page, p: { x: number; y: number }, z = 1): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([p, z]) => {
      const editor = (window as unknown as { __editor: TestEditor }).__editor
      const screen = editor.getViewportScreenBounds()
      editor.setCamera({ x: screen.w / 2 / z - p.x, y: screen.h / 2 / z - p.y, z })
      const canvas = document.querySelector('.tl-container')!.getBoundingClientRect()
      const at = editor.pageToViewport(p)
      return { x: canvas.left + at.x, y: canvas.top + at.y }
    },
    [p, z] as const,
  )
}

const overlap = (a: Bounds, b: Bounds) => a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY

test('a double-click on a template cell makes a note there; elsewhere tldraw’s text box stays', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Celle', template: 'service-journey', lang: 'nb' })
  const page = await openBoard(browser, board.links.participant, 'Ola')
  const [lane] = await boundsOf(page, { part: 'lane:painPoints' })
  const [stage] = await boundsOf(page, { part: 'stage:3' })
  // The middle of "Smertepunkter" under the third stage, where nothing but scaffolding is.
  const spot = { x: (stage!.minX + stage!.maxX) / 2, y: (lane!.minY + lane!.maxY) / 2 }
  const onScreen = await centreOn(page, spot, 0.8)
  const before = new Set((await shapesOf(page)).map((s) => s.id))
  await page.mouse.dblclick(onScreen.x, onScreen.y)
  await expect.poll(async () => (await shapesOf(page)).filter((s) => !before.has(s.id)).map((s) => s.type)).toEqual(['note'])
  const note = (await shapesOf(page)).find((s) => !before.has(s.id))!
  await expect.poll(() => page.evaluate(() => (window as unknown as { __editor: TestEditor }).__editor.getEditingShapeId())).toBe(note.id)
  await page.keyboard.type('Lang kø på telefonen')
  await page.keyboard.press('Escape')
  const [placed] = (await boundsOf(page, { type: 'note' })).filter((b) => b.id === note.id)
  expect(Math.abs((placed!.minX + placed!.maxX) / 2 - spot.x)).toBeLessThan(1)
  expect(Math.abs((placed!.minY + placed!.maxY) / 2 - spot.y)).toBeLessThan(1)
  await expect.poll(async () => (await shapesOf(page)).find((s) => s.id === note.id)?.text).toBe('Lang kø på telefonen')

  // Far from the template, a double-click still makes tldraw's text box.
  const [frame] = await boundsOf(page, { type: 'frame' })
  const away = await centreOn(page, { x: frame!.maxX + 2000, y: frame!.maxY + 2000 })
  const beforeText = new Set((await shapesOf(page)).map((s) => s.id))
  await page.mouse.dblclick(away.x, away.y)
  await expect.poll(async () => (await shapesOf(page)).filter((s) => !beforeText.has(s.id)).map((s) => s.type)).toEqual(['text'])
  await page.context().close()
})

test('an image pasted over the template’s notes lands beside them, in free space', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Bilde', template: 'service-journey', lang: 'nb' })
  const page = await openBoard(browser, board.links.participant, 'Ola')
  const starters = await boundsOf(page, { type: 'note', role: 'starter' })
  expect(starters).toHaveLength(2)
  // The view's middle, where tldraw puts a pasted image, between the two starter notes.
  await centreOn(page, { x: (starters[0]!.minX + starters[1]!.maxX) / 2, y: (starters[0]!.minY + starters[0]!.maxY) / 2 })
  await pastePng(page, 320, 200)
  await expect.poll(async () => (await boundsOf(page, { type: 'image' })).length, { timeout: 20_000 }).toBe(1)
  const [image] = await boundsOf(page, { type: 'image' })
  for (const note of starters) expect(overlap(image!, note), `image ${JSON.stringify(image)} over note ${JSON.stringify(note)}`).toBe(false)
  await page.context().close()
})
