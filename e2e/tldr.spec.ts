import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { noteRecord } from '@whiteboard/shared/test/noteRecord'
import { createBoard, openBoard, shapesOf, type ShapeSummary } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** What a shape is, apart from where it is and what it is called: type, text and template role. */
function essence(shapes: ShapeSummary[]): string[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  return shapes.map((s) => `${s.type}|${s.text}|${text(s.meta.role)}|${text(s.meta.part)}`).sort()
}

async function importFile(page: Page, name: string, content: Buffer | string): Promise<void> {
  const dock = page.getByTestId('facilitator-tools')
  if (!(await dock.evaluate((d) => (d as HTMLDetailsElement).open))) await dock.locator('summary').click()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('tldr-import').click()])
  await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) })
}

test('a board exported as .tldr and imported into a fresh board gives the same shapes; a hostile file is refused and changes nothing', async ({ browser }) => {
  const source = await createBoard(server.origin, { title: 'Kilde', template: 'impact-effort', lang: 'nb' })
  const page = await openBoard(browser, source.links.facilitator, 'Fasilitator')
  await page.evaluate(() => {
    const editor = (window as unknown as { __editor: { createShapes(shapes: unknown[]): void } }).__editor
    const paragraph = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    editor.createShapes([{ type: 'note', x: 400, y: 300, props: { richText: paragraph('Ring brukeren'), color: 'green' } }])
  })
  const original = await shapesOf(page)
  await page.getByTestId('export-open').click()
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-tldr').click()])
  expect(dl.suggestedFilename()).toMatch(/^Kilde-\d{4}-\d{2}-\d{2}\.tldr$/)
  const tldr = await readFile(await dl.path())
  const parsed = JSON.parse(tldr.toString('utf8')) as { tldrawFileFormatVersion: number; records: { typeName: string }[] }
  expect(parsed.tldrawFileFormatVersion).toBe(1)
  expect(parsed.records.filter((r) => r.typeName === 'shape')).toHaveLength(original.length)
  // Only the board's document: no cursors, cameras or names of the people on it.
  expect([...new Set(parsed.records.map((r) => r.typeName))].sort()).toEqual(['document', 'page', 'shape'])
  expect(tldr.toString('utf8')).not.toContain('Fasilitator')
  await page.context().close()

  const target = await createBoard(server.origin, { title: 'Mål' })
  const facilitator = await openBoard(browser, target.links.facilitator, 'Fasilitator')
  await importFile(facilitator, 'kilde.tldr', tldr)
  await expect.poll(async () => essence(await shapesOf(facilitator))).toEqual(essence(original))
  // It reached the server: a participant who opens the board now sees the same.
  const participant = await openBoard(browser, target.links.participant, 'Deltaker')
  await expect.poll(async () => essence(await shapesOf(participant))).toEqual(essence(original))

  // Imported again beside the first: new ids, nothing replaced.
  await importFile(facilitator, 'kilde.tldr', tldr)
  await expect.poll(async () => (await shapesOf(facilitator)).length).toBe(2 * original.length)

  // A file of two pages: both come in, the second page's content to the right of the first's, and the message says so.
  const twoPages = JSON.stringify({
    ...parsed,
    records: [
      ...parsed.records,
      { id: 'page:second', typeName: 'page', name: 'Side 2', index: 'a9', meta: {} },
      noteRecord({ id: 'shape:onsecond', cx: 0, cy: 0, text: 'Fra side 2', parentId: 'page:second' }),
    ],
  })
  await importFile(facilitator, 'to-sider.tldr', twoPages)
  await expect(facilitator.getByTestId('tldr-import-error')).toHaveCount(0)
  await expect(facilitator.getByTestId('facilitation-announcer')).toHaveText(
    `Importerte ${original.filter((s) => s.parentId.startsWith('page:')).length + 1} figurer fra fila, fra 2 sider lagt ved siden av hverandre.`,
  )
  await expect.poll(async () => (await shapesOf(facilitator)).length).toBe(3 * original.length + 1)
  const placed = await facilitator.evaluate(() => {
    type Shape = { id: string; parentId: string; type: string; props: { richText?: { content?: { content?: { text?: string }[] }[] } } }
    const editor = (window as unknown as { __editor: { getCurrentPageShapes(): Shape[]; getShapePageBounds(s: Shape): { x: number; maxX: number } } }).__editor
    const shapes = editor.getCurrentPageShapes()
    const second = shapes.find((s) => s.props.richText?.content?.[0]?.content?.[0]?.text === 'Fra side 2')!
    return { secondX: editor.getShapePageBounds(second).x, othersMaxX: Math.max(...shapes.filter((s) => s !== second).map((s) => editor.getShapePageBounds(s).maxX)) }
  })
  expect(placed.secondX).toBeGreaterThan(placed.othersMaxX)

  const before = await shapesOf(facilitator)
  const hostile = JSON.stringify({ ...parsed, records: [...parsed.records, { id: 'shape:evil', typeName: 'shape', type: 'embed', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, meta: {}, parentId: 'page:page', index: 'b9', props: { w: 300, h: 200, url: 'https://tracker.example/' } }] })
  await importFile(facilitator, 'ond.tldr', hostile)
  await expect(facilitator.getByTestId('tldr-import-error')).toContainText('Ingenting ble endret')
  await importFile(facilitator, 'tull.tldr', 'dette er ikke json')
  await expect(facilitator.getByTestId('tldr-import-error')).toHaveText('Dette er ikke en tldraw-fil (.tldr). Ingenting ble endret.')
  expect(essence(await shapesOf(facilitator))).toEqual(essence(before))
  await facilitator.context().close()
  await participant.context().close()
})
