import { expect, test, type Page } from '@playwright/test'
import { createBoard, openBoard, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// Dot voting leaves a template's prompts out ("Hvem er brukeren?" cannot win), puts each
// badge on its note's corner at a size that follows the zoom, hides a badge whose corner an
// image covers, and lets a participant close the results.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

const richText = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

type TestEditor = {
  createShape(shape: Record<string, unknown>): void
  updateShape(shape: Record<string, unknown>): void
  deleteShapes(ids: string[]): void
  setCamera(c: { x: number; y: number; z: number }): void
  getShapePageBounds(id: string): { minX: number; minY: number; maxX: number; maxY: number }
  pageToViewport(p: { x: number; y: number }): { x: number; y: number }
}

async function edit(page: Page, action: string, arg: unknown): Promise<void> {
  await page.evaluate(
    ([action, arg]) => {
      const editor = (window as unknown as { __editor: TestEditor & Record<string, (a: unknown) => void> & { run(f: () => void, o: object): void } }).__editor
      // A starter note sits in the template's locked frame, which tldraw's API would otherwise leave alone.
      editor.run(() => editor[action]!(arg), { ignoreShapeLock: true })
    },
    [action, arg] as const,
  )
}

/** Puts note `id` in the middle of the screen at zoom `z`. */
async function centreOn(page: Page, id: string, z: number): Promise<void> {
  await page.evaluate(
    ([id, z]) => {
      const editor = (window as unknown as { __editor: TestEditor & { getViewportScreenBounds(): { w: number; h: number } } }).__editor
      const b = editor.getShapePageBounds(id)
      const screen = editor.getViewportScreenBounds()
      editor.setCamera({ x: screen.w / 2 / z - (b.minX + b.maxX) / 2, y: screen.h / 2 / z - (b.minY + b.maxY) / 2, z })
    },
    [id, z] as const,
  )
}

/** The badge's size and how far its centre is from the note's top-right corner on screen. */
async function badgeOnCorner(page: Page, noteId: string): Promise<{ size: number; offCorner: number }> {
  const box = await page.getByTestId(`vote-${noteId}`).boundingBox()
  if (!box) throw new Error('no badge')
  const corner = await page.evaluate((id) => {
    const editor = (window as unknown as { __editor: TestEditor }).__editor
    const b = editor.getShapePageBounds(id)
    const p = editor.pageToViewport({ x: b.maxX, y: b.minY })
    const canvas = document.querySelector('.tl-container')!.getBoundingClientRect()
    return { x: canvas.left + p.x, y: canvas.top + p.y }
  }, noteId)
  return { size: box.width, offCorner: Math.hypot(box.x + box.width / 2 - corner.x, box.y + box.height / 2 - corner.y) }
}

test('prompts take no votes, badges sit on the corner at the zoom, an image hides its note’s badge, and a participant closes the results', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Stemmer', template: 'service-journey', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Kari')
  const participant = await openBoard(browser, board.links.participant, 'Ola')

  const starters = (await shapesOf(participant)).filter((s) => s.type === 'note' && s.meta.role === 'starter')
  expect(starters.map((s) => s.text).sort()).toEqual(['Hva prøver hen å få til?', 'Hvem er brukeren?'])
  const prompt = starters.find((s) => s.text === 'Hvem er brukeren?')!
  const answered = starters.find((s) => s.text !== 'Hvem er brukeren?')!
  // One starter is written over (now it is Ola's answer); Ola adds a note of his own far from the template.
  await edit(participant, 'updateShape', { id: answered.id, type: 'note', props: { richText: richText('Søke barnehageplass') } })
  const own = 'shape:ola-note'
  await edit(participant, 'createShape', { id: own, type: 'note', x: -2000, y: -2000, props: { richText: richText('Lang ventetid på svar') } })
  await expect.poll(async () => (await shapesOf(facilitator)).some((s) => s.id === own)).toBe(true)

  await facilitator.getByTestId('voting-open').click()
  await facilitator.getByTestId('voting-start').click()
  await centreOn(participant, own, 1)
  await expect(participant.getByTestId(`vote-${own}`)).toBeVisible()
  await centreOn(participant, answered.id, 0.4)
  await expect(participant.getByTestId(`vote-${answered.id}`)).toHaveCount(1)
  await expect(participant.getByTestId(`vote-${prompt.id}`)).toHaveCount(0)

  // The badge grows with the zoom, within 24–34 px, centred on the note's corner.
  await centreOn(participant, own, 1)
  const atFull = await badgeOnCorner(participant, own)
  expect(atFull.size).toBeCloseTo(32, 0)
  expect(atFull.offCorner).toBeLessThan(2)
  await centreOn(participant, own, 0.4)
  await expect.poll(async () => (await badgeOnCorner(participant, own)).size).toBeCloseTo(24, 0)
  expect((await badgeOnCorner(participant, own)).offCorner).toBeLessThan(2)
  await centreOn(participant, own, 1)

  // An image laid over the note's corner hides its badge; taken away, the badge is back.
  await participant.getByTestId(`vote-${own}`).click()
  await expect(participant.getByTestId(`vote-${own}`)).toHaveAttribute('aria-pressed', 'true')
  // A new image of one's own lands in free space (imagesInFreeSpace.ts); it is then moved over the corner.
  await edit(participant, 'createShape', { id: 'shape:cover', type: 'image', x: -1900, y: -2100, props: { w: 300, h: 200, assetId: null } })
  await edit(participant, 'updateShape', { id: 'shape:cover', type: 'image', x: -1900, y: -2100 })
  await expect(participant.getByTestId(`vote-${own}`)).toHaveCount(0)
  await edit(participant, 'deleteShapes', ['shape:cover'])
  await expect(participant.getByTestId(`vote-${own}`)).toBeVisible()

  // The results list the notes people wrote, never a prompt; a participant closes them and opens them again.
  await facilitator.getByTestId('voting-end').click()
  await facilitator.getByTestId('voting-reveal').click()
  const results = participant.getByTestId('voting-results')
  await expect(results.locator('li')).toHaveCount(1)
  await expect(results).toContainText('Lang ventetid på svar')
  await participant.getByTestId('voting-results-close').click()
  await expect(results).toHaveCount(0)
  await participant.getByTestId('voting-results-show').click()
  await expect(results).toContainText('Lang ventetid på svar')
  await participant.context().close()
  await facilitator.context().close()
})
