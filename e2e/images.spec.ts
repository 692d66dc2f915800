import { expect, test, type FileChooser, type Page } from '@playwright/test'
import { PNG } from 'pngjs'
import { createBoard, focusCanvas, openBoard } from './fixtures/boards'
import { pasteDisguisedImage } from './fixtures/pasteDisguisedImage'
import { pastePng } from './fixtures/pastePng'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

interface AssetSummary {
  src: string | null
  w: number
  h: number
}

type EditorHandle = {
  getCurrentPageShapes(): Array<{ type: string; props: { assetId?: string } }>
  getAssets(): Array<{ id: string; props: { src: string | null; w: number; h: number } }>
}

async function imageAssets(page: Page): Promise<AssetSummary[]> {
  return page.evaluate(() => {
    const editor = (window as unknown as { __editor: EditorHandle }).__editor
    return editor.getAssets().map((asset) => ({ src: asset.props.src, w: asset.props.w, h: asset.props.h }))
  })
}

/** Width of the image the page actually shows for the board's one image shape (0 while loading or broken). */
async function shownImageWidth(page: Page): Promise<number> {
  return page.evaluate(() => {
    const img = document.querySelector<HTMLImageElement>('.tl-shape[data-shape-type="image"] img')
    return img && img.complete ? img.naturalWidth : 0
  })
}

const ASSET_SRC = /^\/api\/boards\/[A-Za-z0-9_-]{22}\/assets\/[A-Za-z0-9_-]{22}$/

test('a pasted photo is uploaded, shows in the other browser, keeps no token in the doc, and survives a restart', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Papirlapper' })
  const alice = await openBoard(browser, board.links.participant, 'Alice')
  const bob = await openBoard(browser, board.links.viewer, 'Bob')

  await pastePng(alice, 320, 200)
  // The upload finished once the asset carries its server path.
  await expect.poll(async () => (await imageAssets(alice)).map((a) => a.src), { timeout: 15_000 }).toEqual([expect.stringMatching(ASSET_SRC)])
  const [asset] = await imageAssets(alice)
  expect(asset).toMatchObject({ w: 320, h: 200 })
  for (const token of Object.values(board.tokens)) expect(asset!.src).not.toContain(token)
  expect(asset!.src).not.toMatch(/token|^data:/)

  // Bob, a viewer, sees the same token-free record and the image itself.
  await expect.poll(async () => imageAssets(bob)).toEqual([asset])
  await expect.poll(() => shownImageWidth(bob), { timeout: 15_000 }).toBe(320)

  // The bytes live on the server: after a restart a fresh browser still gets them.
  await alice.context().close()
  await bob.context().close()
  server = await server.restart()
  const again = await openBoard(browser, board.links.participant.replace(/:\d+\//, `:${server.port}/`), 'Alice')
  await expect.poll(async () => imageAssets(again)).toEqual([asset])
  await expect.poll(() => shownImageWidth(again), { timeout: 15_000 }).toBe(320)
  await again.context().close()
})

test('a photo over 10 MiB is refused in the browser with a message and adds nothing', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'For stort' })
  const page = await openBoard(browser, board.links.participant, 'Alice')
  let uploads = 0
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().includes('/assets')) uploads++
  })
  await page.locator('.tl-canvas').click({ position: { x: 600, y: 400 } })
  await page.evaluate(() => {
    // A PNG signature followed by filler: big enough that the size check must fire first.
    const bytes = new Uint8Array(10 * 1024 * 1024 + 1)
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const data = new DataTransfer()
    data.items.add(new File([bytes], 'stort.png', { type: 'image/png' }))
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  })
  await expect(page.getByText(/10 MiB|10 MB/).first()).toBeVisible()
  expect(await imageAssets(page)).toEqual([])
  expect(uploads).toBe(0)
  await page.context().close()
})

test('a file of a type we do not take is refused with our own message in bokmål, not tldraw\'s English toast', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Feil filtype' })
  const page = await openBoard(browser, board.links.participant, 'Alice')
  let uploads = 0
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().includes('/assets')) uploads++
  })
  await page.locator('.tl-canvas').click({ position: { x: 600, y: 400 } })
  await page.evaluate(() => {
    const data = new DataTransfer()
    data.items.add(new File(['%PDF-1.7 en rapport'], 'rapport.pdf', { type: 'application/pdf' }))
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  })
  await expect(page.getByText('Bare PNG, JPEG, WebP og GIF kan legges til.', { exact: true })).toBeVisible()
  await expect(page.getByTestId('upload-announcer')).toHaveText('Bildet ble ikke lagt til: Bare PNG, JPEG, WebP og GIF kan legges til.')
  await expect(page.getByText('File type is not allowed')).toHaveCount(0)
  expect(await imageAssets(page)).toEqual([])
  expect(uploads).toBe(0)
  await page.context().close()
})

test('the server\'s refusal of a disguised image reaches the person as a message', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Forkledd' })
  const page = await openBoard(browser, board.links.participant, 'Alice')
  await pasteDisguisedImage(page)
  await expect(page.getByText('Bare PNG, JPEG, WebP og GIF kan legges til.', { exact: true })).toBeVisible()
  // The failed upload leaves no half-made image behind.
  await expect.poll(async () => imageAssets(page)).toEqual([])
  await page.context().close()
})

test('a browser that skips the size check still gets the 413 message, not a connection reset', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Rå opplasting' })
  const page = await openBoard(browser, board.links.participant, 'Alice')
  const answer = await page.evaluate(
    async ({ boardId, token }) => {
      const body = new Uint8Array(12 * 1024 * 1024)
      body.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      try {
        const res = await fetch(`/api/boards/${boardId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' }, body })
        return { status: res.status, body: (await res.json()) as unknown }
      } catch (error) {
        return { status: 0, body: String(error) }
      }
    },
    { boardId: board.id, token: board.tokens.participant },
  )
  expect(answer).toEqual({ status: 413, body: { error: 'too_large', message: expect.stringContaining('10 MiB') } })
  await page.context().close()
})

test('drag-and-drop and the image tool upload through the same asset store', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Slipp og sett inn' })
  const page = await openBoard(browser, board.links.facilitator, 'Fasilitator')

  // Drop: a drop event on the canvas carrying a file, as the browser fires it.
  await page.evaluate(async () => {
    const canvas = document.createElement('canvas')
    canvas.width = 120
    canvas.height = 90
    const ctx = canvas.getContext('2d')!
    ctx.fillStyle = '#e11d48'
    ctx.fillRect(0, 0, 120, 90)
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'))
    const data = new DataTransfer()
    data.items.add(new File([blob], 'slipp.png', { type: 'image/png' }))
    const target = document.querySelector('.tl-canvas')!
    const at = { clientX: 500, clientY: 400, bubbles: true, cancelable: true, dataTransfer: data }
    target.dispatchEvent(new DragEvent('dragover', at))
    target.dispatchEvent(new DragEvent('drop', at))
  })
  await expect.poll(async () => (await imageAssets(page)).map((a) => a.src), { timeout: 15_000 }).toEqual([expect.stringMatching(ASSET_SRC)])

  // The image tool (Ctrl+U, "insert media") opens the file picker.
  const png = new PNG({ width: 64, height: 48 })
  png.data.fill(120)
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced')
  await focusCanvas(page, { x: 300, y: 300 })
  // A key pressed while tldraw is still binding its shortcuts is lost: press again until the chooser opens.
  let chooser: FileChooser | undefined
  await expect(async () => {
    ;[chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 2_000 }), page.keyboard.press('Control+u')])
  }).toPass({ timeout: 15_000 })
  if (!chooser) throw new Error('no file chooser opened')
  await chooser.setFiles({ name: 'verktøy.png', mimeType: 'image/png', buffer: PNG.sync.write(png) })
  await expect
    .poll(async () => (await imageAssets(page)).map((a) => `${a.w}x${a.h}:${ASSET_SRC.test(a.src ?? '')}`).sort(), { timeout: 15_000 })
    .toEqual(['120x90:true', '64x48:true'])
  await page.context().close()
})
