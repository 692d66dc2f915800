import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { addNote, createBoard, openBoard, waitForCameraOnFrame } from './fixtures/boards'
import { pastePng } from './fixtures/pastePng'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** tldraw's own parts of the page, which axe leaves to tldraw (as in a11y.spec.ts). */
const TLDRAW_INTERNALS = ['.tl-canvas', '.tlui-layout', '.tl-portal-host', '.tl-text-measure', '[data-testid="tl-watermark-unlicensed"]']

async function seriousFindings(page: Page, include: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).include(include)
  for (const selector of TLDRAW_INTERNALS) builder = builder.exclude(selector)
  const result = await builder.analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

interface PlacedShape {
  id: string
  type: string
  parentId: string
  text: string
  assetSrc: string | null
}

/** Every shape on the page with its text and, for images, where its picture is. */
function shapesWithContent(page: Page): Promise<PlacedShape[]> {
  return page.evaluate(() => {
    type Shape = { id: string; type: string; parentId: string; props: { richText?: unknown; assetId?: string } }
    const editor = (
      window as unknown as {
        __editor: { getCurrentPageShapes(): Shape[]; getAsset(id: string): { props: { src: string | null } } | undefined }
      }
    ).__editor
    const textOf = (node: unknown): string => {
      if (!node || typeof node !== 'object') return ''
      const n = node as { text?: string; content?: unknown[] }
      return (n.text ?? '') + (n.content ?? []).map(textOf).join('')
    }
    return editor.getCurrentPageShapes().map((s) => ({
      id: s.id,
      type: s.type,
      parentId: s.parentId,
      text: textOf(s.props.richText),
      assetSrc: s.props.assetId ? (editor.getAsset(s.props.assetId)?.props.src ?? null) : null,
    }))
  })
}

/** Whether the note with this text has its centre inside the page's first frame. */
function noteOverFrame(page: Page, text: string): Promise<boolean> {
  return page.evaluate((text) => {
    type Box = { center: unknown; containsPoint(p: unknown): boolean }
    type Shape = { id: string; type: string; props: { richText?: { content?: { content?: { text?: string }[] }[] } } }
    const editor = (window as unknown as { __editor: { getCurrentPageShapes(): Shape[]; getShapePageBounds(id: string): Box | undefined } }).__editor
    const shapes = editor.getCurrentPageShapes()
    const frame = shapes.find((s) => s.type === 'frame')
    const note = shapes.find((s) => s.type === 'note' && s.props.richText?.content?.[0]?.content?.[0]?.text === text)
    const area = frame && editor.getShapePageBounds(frame.id)
    const centre = note && editor.getShapePageBounds(note.id)?.center
    return Boolean(area && centre && area.containsPoint(centre))
  }, text)
}

test('a facilitator saves a frame as a template on one board, and another board inserts it with its notes and picture', async ({ browser }) => {
  const [source, target] = await Promise.all([createBoard(server.origin, { title: 'Kilde', lang: 'nb' }), createBoard(server.origin, { title: 'Mål', lang: 'nb' })])
  const author = await openBoard(browser, source.links.facilitator, 'Fasilitator A')

  // A journey map with the team's own note and a pasted picture on it.
  await author.getByTestId('template-picker-open').click()
  await author.getByTestId('template-option-service-journey').click()
  await author.getByTestId('template-insert').click()
  await expect(author.getByTestId('template-picker')).toBeHidden()
  await waitForCameraOnFrame(author)
  await addNote(author, 640, 420, 'Vår egen lapp')
  // Over the frame, which is what the save takes along (a template's frame is locked, so the note sits on the page).
  await expect.poll(() => noteOverFrame(author, 'Vår egen lapp')).toBe(true)
  await pastePng(author, 40, 30)
  await expect.poll(async () => (await shapesWithContent(author)).some((s) => s.type === 'image' && s.assetSrc?.startsWith(`/api/boards/${source.id}/assets/`))).toBe(true)

  // The save dialog: the frame is chosen, its name offered; axe with the dialog open.
  await author.getByTestId('template-save-open').click()
  const dialog = author.getByTestId('template-save')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('template-save-frame')).toContainText('Tjenestereise')
  await expect(dialog.getByTestId('template-save-name')).toHaveValue('Tjenestereise')
  expect(await seriousFindings(author, '[data-testid="template-save"]')).toEqual([])
  await dialog.getByTestId('template-save-name').fill('Vår tjenestereise')
  await dialog.getByTestId('template-save-description').fill('Med lappen vi alltid starter med')
  await dialog.getByTestId('template-save-submit').click()
  await expect(dialog).toBeHidden()
  await expect(author.getByText('Malen «Vår tjenestereise» er lagret.')).toBeAttached()

  // Another board: "Våre maler" offers it; it lands with the note and the picture, the picture in this board's own store.
  const facilitator = await openBoard(browser, target.links.facilitator, 'Fasilitator B')
  const viewer = await openBoard(browser, target.links.viewer, 'Vera')
  await facilitator.getByTestId('template-picker-open').click()
  const picker = facilitator.getByTestId('template-picker')
  const group = picker.getByTestId('template-team-group')
  await expect(group).toContainText('Våre maler')
  await expect(group).toContainText('Vår tjenestereise')
  await expect(group).toContainText('Med lappen vi alltid starter med')
  expect(await seriousFindings(facilitator, '[data-testid="template-picker"]')).toEqual([])
  await group.locator('input[type="radio"]').first().check()
  await picker.getByTestId('template-insert').click()
  await expect(picker).toBeHidden()

  for (const page of [facilitator, viewer]) {
    await expect
      .poll(async () => {
        const shapes = await shapesWithContent(page)
        const frame = shapes.find((s) => s.type === 'frame')
        const note = shapes.find((s) => s.text === 'Vår egen lapp')
        const image = shapes.find((s) => s.type === 'image')
        return {
          frame: Boolean(frame),
          noteInFrame: note !== undefined && note.parentId === frame?.id,
          imageInFrame: image !== undefined && image.parentId === frame?.id,
          imageHere: image?.assetSrc?.startsWith(`/api/boards/${target.id}/assets/`) ?? false,
        }
      }, { timeout: 20_000 })
      .toEqual({ frame: true, noteInFrame: true, imageInFrame: true, imageHere: true })
  }
  // The template's scaffolding came along, locked, with its lanes.
  expect((await shapesWithContent(facilitator)).filter((s) => s.type === 'geo').length).toBeGreaterThan(10)

  // Deleted from the picker, it is gone for the whole server.
  facilitator.once('dialog', (d) => void d.accept())
  await facilitator.getByTestId('template-picker-open').click()
  await group.getByRole('button', { name: 'Slett malen «Vår tjenestereise»' }).click()
  await expect(group).toContainText('Ingen egne maler ennå')
  await author.getByTestId('template-picker-open').click()
  await expect(author.getByTestId('template-team-group')).toContainText('Ingen egne maler ennå')

  for (const page of [author, facilitator, viewer]) await page.context().close()
})

test('participants have no way to save a template', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Deltakere', lang: 'nb' })
  const participant = await openBoard(browser, board.links.participant, 'Per')
  await expect(participant.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced')
  await expect(participant.getByTestId('template-save-open')).toHaveCount(0)
  await participant.context().close()
})
