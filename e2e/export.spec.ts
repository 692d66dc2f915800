import { readFile } from 'node:fs/promises'
import { expect, test, type Download, type Page } from '@playwright/test'
import { unzipSync } from 'fflate'
import { PDFDocument } from 'pdf-lib'
import { PNG } from 'pngjs'
import { createBoard, openBoard } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

interface FrameSpec {
  id: string
  name: string
  x: number
  y: number
  w: number
  h: number
}

/** Frames with a sticky note inside each, made through the editor API (as a template would). */
async function addFrames(page: Page, frames: FrameSpec[]): Promise<void> {
  await page.evaluate((specs) => {
    const editor = (window as unknown as { __editor: { createShapes(shapes: unknown[]): void } }).__editor
    const paragraph = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    editor.createShapes(
      specs.flatMap((f) => [
        { id: f.id, type: 'frame', x: f.x, y: f.y, props: { w: f.w, h: f.h, name: f.name } },
        { type: 'note', parentId: f.id, x: 20, y: 20, props: { richText: paragraph(`Innsikt i ${f.name}`), color: 'yellow' } },
      ]),
    )
  }, frames)
}

async function waitForShapes(page: Page, count: number): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __editor: { getCurrentPageShapeIds(): Set<string> } }).__editor.getCurrentPageShapeIds().size))
    .toBe(count)
}

async function download(page: Page, trigger: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), trigger()])
  const path = await dl.path()
  return { download: dl, bytes: await readFile(path) }
}

const TODAY = /\d{4}-\d{2}-\d{2}/.source

test('a viewer exports a frame to PNG at 2×: the image is the frame\'s size times two and not blank', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Kommune X' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  await addFrames(facilitator, [
    { id: 'shape:journey', name: 'Brukerreise', x: 0, y: 0, w: 400, h: 300 },
    { id: 'shape:stakeholders', name: 'Interessenter', x: 500, y: 0, w: 320, h: 240 },
  ])
  const viewer = await openBoard(browser, board.links.viewer, 'Tilskuer')
  await waitForShapes(viewer, 4)

  await viewer.getByTestId('export-open').click()
  await viewer.getByTestId('export-target').selectOption('shape:journey')
  await viewer.getByTestId('export-format').selectOption('png')
  await viewer.getByTestId('export-scale').selectOption('2')
  await viewer.getByTestId('export-background').selectOption('white')
  const { download: dl, bytes } = await download(viewer, () => viewer.getByTestId('export-run').click())

  expect(dl.suggestedFilename()).toMatch(new RegExp(`^Kommune X-Brukerreise-${TODAY}\\.png$`))
  const png = PNG.sync.read(bytes)
  // tldraw adds no padding around a lone frame, and we pin its pixel ratio to 1: exactly 2×.
  expect([png.width, png.height]).toEqual([800, 600])
  const { white, opaque, distinct } = pixelStats(png)
  expect(opaque).toBe(png.width * png.height) // white background: nothing transparent
  expect(white / (png.width * png.height)).toBeLessThan(0.95) // the note and the frame drew something
  expect(distinct).toBeGreaterThan(10)

  // Transparent at 1×: same frame, half the size, with see-through pixels.
  await viewer.getByTestId('export-scale').selectOption('1')
  await viewer.getByTestId('export-background').selectOption('transparent')
  const second = PNG.sync.read((await download(viewer, () => viewer.getByTestId('export-run').click())).bytes)
  expect([second.width, second.height]).toEqual([400, 300])
  await facilitator.context().close()
  await viewer.context().close()
})

test('a template frame exports at its own size and includes the notes people put over it', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Mal', template: 'power-interest' })
  const participant = await openBoard(browser, board.links.participant, 'Deltaker')
  const frame = await participant.evaluate(() => {
    const editor = (window as unknown as { __editor: { getCurrentPageShapes(): Array<{ id: string; type: string }>; getShapePageBounds(id: string): { x: number; y: number; w: number; h: number } } }).__editor
    const f = editor.getCurrentPageShapes().find((s) => s.type === 'frame')!
    const b = editor.getShapePageBounds(f.id)
    return { id: f.id, x: b.x, y: b.y, w: b.w, h: b.h }
  })
  const exportFrame = async () => {
    await participant.getByTestId('export-target').selectOption(frame.id)
    await participant.getByTestId('export-format').selectOption('png')
    await participant.getByTestId('export-scale').selectOption('1')
    await participant.getByTestId('export-background').selectOption('white')
    return PNG.sync.read((await download(participant, () => participant.getByTestId('export-run').click())).bytes)
  }
  await participant.getByTestId('export-open').click()
  const before = await exportFrame()
  expect([before.width, before.height]).toEqual([Math.round(frame.w), Math.round(frame.h)])

  // A note placed with the note tool over the locked frame stays a child of the page.
  await participant.evaluate(({ x, y }) => {
    const editor = (window as unknown as { __editor: { createShapes(shapes: unknown[]): void } }).__editor
    editor.createShapes([{ type: 'note', x, y, props: { color: 'red' } }])
  }, { x: frame.x + frame.w / 2 - 100, y: frame.y + frame.h / 2 - 100 })
  const after = await exportFrame()
  expect([after.width, after.height]).toEqual([before.width, before.height])
  let changed = 0
  for (let i = 0; i < after.data.length; i += 4) if (after.data[i] !== before.data[i] || after.data[i + 1] !== before.data[i + 1]) changed++
  // The red note covers about 200×200 px of the frame.
  expect(changed).toBeGreaterThan(20_000)
  await participant.context().close()
})

test('the SVG of a board with text embeds its fonts as @font-face', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Fonter' })
  const page = await openBoard(browser, board.links.participant, 'Deltaker')
  await page.evaluate(() => {
    const editor = (window as unknown as { __editor: { createShapes(shapes: unknown[]): void } }).__editor
    const richText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Blåbærsyltetøy' }] }] }
    editor.createShapes([{ type: 'text', x: 100, y: 100, props: { richText } }])
  })
  await waitForShapes(page, 1)
  await page.getByTestId('export-open').click()
  await page.getByTestId('export-target').selectOption('board')
  await page.getByTestId('export-format').selectOption('svg')
  const { download: dl, bytes } = await download(page, () => page.getByTestId('export-run').click())
  expect(dl.suggestedFilename()).toMatch(new RegExp(`^Fonter-${TODAY}\\.svg$`))
  const svg = bytes.toString('utf8')
  expect(svg).toContain('Blåbærsyltetøy')
  expect(svg).toContain('@font-face')
  // Embedded, not linked: the font data travels inside the file.
  expect(svg).toMatch(/@font-face\s*{[^}]*src:\s*url\("data:/)
  await page.context().close()
})

test('all frames give one PDF with a landscape page per frame, and a ZIP with a PNG per frame', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Samling 3' })
  const page = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const frames = ['Brukerreise', 'Interessenter', 'Idémyldring'].map((name, i) => ({ id: `shape:f${i}`, name, x: i * 500, y: 0, w: 400, h: 300 }))
  await addFrames(page, frames)
  await waitForShapes(page, 6)
  await page.getByTestId('export-open').click()

  const pdfDownload = await download(page, () => page.getByTestId('export-all-pdf').click())
  expect(pdfDownload.download.suggestedFilename()).toMatch(new RegExp(`^Samling 3-${TODAY}\\.pdf$`))
  const pdf = await PDFDocument.load(pdfDownload.bytes)
  expect(pdf.getPageCount()).toBe(3)
  for (const pdfPage of pdf.getPages()) expect(pdfPage.getWidth()).toBeGreaterThan(pdfPage.getHeight())
  expect(pdf.getTitle()).toContain('Samling 3')

  const zipDownload = await download(page, () => page.getByTestId('export-all-zip').click())
  const files = unzipSync(new Uint8Array(zipDownload.bytes))
  expect(Object.keys(files).map((name) => name.replace(new RegExp(TODAY), 'DATE')).sort()).toEqual(
    ['Samling 3-Brukerreise-DATE.png', 'Samling 3-Idémyldring-DATE.png', 'Samling 3-Interessenter-DATE.png'],
  )
  for (const bytes of Object.values(files)) expect(PNG.sync.read(Buffer.from(bytes)).width).toBe(800)
  await page.context().close()
})

test('a long all-frames export shows progress and can be cancelled', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Mange rammer' })
  const page = await openBoard(browser, board.links.participant, 'Deltaker')
  const frames = Array.from({ length: 40 }, (_, i) => ({ id: `shape:m${i}`, name: `Ramme ${i + 1}`, x: (i % 8) * 900, y: Math.floor(i / 8) * 700, w: 800, h: 600 }))
  await addFrames(page, frames)
  await waitForShapes(page, 80)
  let downloads = 0
  page.on('download', () => downloads++)

  await page.getByTestId('export-open').click()
  await page.getByTestId('export-scale').selectOption('4')
  await page.getByTestId('export-all-zip').click()
  const progress = page.getByTestId('export-progress')
  await expect(progress).toBeVisible()
  await expect(progress).toHaveAttribute('data-total', '40')
  await expect.poll(async () => Number(await progress.getAttribute('data-done'))).toBeGreaterThanOrEqual(1)
  await page.getByTestId('export-cancel').click()
  await expect(page.getByTestId('export-error')).toContainText('avbrutt')
  await expect(progress).toBeHidden()
  expect(downloads).toBe(0)
  await page.context().close()
})

test('export works with the server down', async ({ browser }) => {
  // Its own server, so stopping it leaves the other tests alone.
  const own = await startServer()
  try {
    const board = await createBoard(own.origin, { title: 'Frakoblet' })
    const page = await openBoard(browser, board.links.participant, 'Deltaker')
    await addFrames(page, [{ id: 'shape:offline', name: 'Uten nett', x: 0, y: 0, w: 300, h: 200 }])
    await waitForShapes(page, 2)
    await own.stop()
    await expect(page.getByTestId('connection-status')).not.toHaveAttribute('data-status', 'synced')

    await page.getByTestId('export-open').click()
    await page.getByTestId('export-target').selectOption('shape:offline')
    await page.getByTestId('export-scale').selectOption('1')
    const png = PNG.sync.read((await download(page, () => page.getByTestId('export-run').click())).bytes)
    expect([png.width, png.height]).toEqual([300, 200])
    expect(pixelStats(png).white / (png.width * png.height)).toBeLessThan(0.95)

    // The bundled fonts come from the browser's cache (hashed files are cached as immutable).
    await page.getByTestId('export-format').selectOption('svg')
    const svg = (await download(page, () => page.getByTestId('export-run').click())).bytes.toString('utf8')
    expect(svg).toMatch(/@font-face\s*{[^}]*src:\s*url\("data:/)
    await page.context().close()
  } finally {
    await own.dispose()
  }
})

test('the export menu is operable with the keyboard alone', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Tastatur' })
  const page = await openBoard(browser, board.links.viewer, 'Tilskuer')
  const open = page.getByTestId('export-open')
  await open.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Eksporter tavla' })).toBeVisible()
  await expect(page.getByTestId('export-target')).toBeFocused()
  await expect(page.getByLabel('Format')).toHaveValue('png')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(open).toBeFocused()
  await page.context().close()
})

function pixelStats(png: PNG): { white: number; opaque: number; distinct: number } {
  let white = 0
  let opaque = 0
  const colours = new Set<number>()
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!]
    if (a === 255) opaque++
    if (r > 250 && g > 250 && b > 250) white++
    colours.add((r << 24) | (g << 16) | (b << 8) | a)
  }
  return { white, opaque, distinct: colours.size }
}
