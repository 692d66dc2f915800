import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { strFromU8, unzipSync } from 'fflate'
import { getTemplate } from '@whiteboard/shared/templates/catalog'
import { createBoard, openBoard } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** Notes placed (through the editor, as a person drops them) in known cells of the board's service journey. */
const NOTES = [
  { text: 'Lang kø ved skranken', lane: 'lane:painPoints', stage: 'stage:2' },
  { text: 'Skjemaet forsvant', lane: 'lane:painPoints', stage: 'stage:2', dx: 250 },
  { text: 'Søker om plass', lane: 'lane:actions', stage: 'stage:1' },
  { text: 'Digital søknad', lane: 'lane:opportunities', stage: 'stage:3' },
]

async function placeNotes(page: Page): Promise<void> {
  const items = getTemplate('service-journey')!.items
  const box = (part: string) => {
    const item = items.find((i) => i.part === part)
    if (item?.kind !== 'box') throw new Error(`no ${part}`)
    return item
  }
  const notes = NOTES.map((n) => {
    const lane = box(n.lane)
    const stage = box(n.stage)
    return { text: n.text, x: stage.x + stage.w / 2 - 100 + (n.dx ?? 0), y: lane.y + lane.h / 2 - 100 }
  })
  await page.evaluate((specs) => {
    type Editor = { getCurrentPageShapes(): Array<{ id: string; type: string; x: number; y: number }>; createShapes(shapes: unknown[]): void }
    const editor = (window as unknown as { __editor: Editor }).__editor
    const frame = editor.getCurrentPageShapes().find((s) => s.type === 'frame')!
    const paragraph = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    editor.createShapes(specs.map((s) => ({ type: 'note', x: frame.x + s.x, y: frame.y + s.y, props: { richText: paragraph(s.text), color: 'yellow' } })))
  }, notes)
}

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) }
}

test('the report as Word and Markdown holds the journey as lanes × stages, and the notes come as XLSX and CSV; the libraries are not in the page’s first scripts', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Kommune X', template: 'service-journey', lang: 'nb' })
  const page = await openBoard(browser, board.links.participant, 'Deltaker')
  // The report's code and its libraries are a chunk of their own, not part of what the page loads first.
  const html = await (await fetch(board.links.participant.split('#')[0]!)).text()
  expect(html).toContain('<script')
  expect(html).not.toContain('exportResults')
  await placeNotes(page)
  await page.getByTestId('export-open').click()

  const docx = await download(page, 'export-report-docx')
  expect(docx.name).toMatch(/^Kommune X-rapport-\d{4}-\d{2}-\d{2}\.docx$/)
  const files = unzipSync(new Uint8Array(docx.bytes))
  const xml = strFromU8(files['word/document.xml']!)
  const text = xml.replace(/<[^>]+>/g, ' ')
  for (const expected of ['Kommune X', 'Tjenestereise', 'Smertepunkter', 'Handlinger (hva brukeren gjør)', 'Muligheter', 'Før', 'Under', 'Etter', ...NOTES.map((n) => n.text)]) {
    expect(text, expected).toContain(expected)
  }
  expect(xml).toContain('<w:tbl>')
  expect(Object.keys(files).some((name) => name.startsWith('word/media/'))).toBe(true)
  await expect(page.getByTestId('export-status')).toContainText('rapport')

  const md = strFromU8(new Uint8Array((await download(page, 'export-report-md')).bytes))
  expect(md).toMatch(/^# Kommune X\n\nDato: /)
  expect(md).toContain('|  | Før | Under | Etter | Ellers |\n| --- | --- | --- | --- | --- |\n')
  expect(md).toContain('| **Smertepunkter** |  | Lang kø ved skranken<br>Skjemaet forsvant |  |  |\n')
  expect(md).toContain('| **Muligheter** |  |  | Digital søknad |  |\n')
  expect(md).toContain('![Bilde av Tjenestereise](data:image/png;base64,')

  const xlsx = unzipSync(new Uint8Array((await download(page, 'export-notes-xlsx')).bytes))
  const sheet = strFromU8(xlsx['xl/worksheets/sheet1.xml']!) + strFromU8(xlsx['xl/sharedStrings.xml'] ?? new Uint8Array())
  // The header, our four notes and the template's two starter notes.
  expect((strFromU8(xlsx['xl/worksheets/sheet1.xml']!).match(/<row /g) ?? []).length).toBe(1 + NOTES.length + 2)
  for (const n of NOTES) expect(sheet).toContain(n.text)

  const csv = await download(page, 'export-notes-csv')
  expect(csv.name).toMatch(/^Kommune X-lapper-\d{4}-\d{2}-\d{2}\.csv$/)
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  expect(csv.bytes.toString('utf8')).toContain('Tjenestereise,service-journey,Smertepunkter,Under,Lang kø ved skranken,yellow,,')
  await page.context().close()
})

test('a report and the notes are made in the browser with the server down', async ({ browser }) => {
  const own = await startServer()
  try {
    const board = await createBoard(own.origin, { title: 'Uten nett', template: 'service-journey', lang: 'nb' })
    const page = await openBoard(browser, board.links.viewer, 'Tilskuer')
    // The board fetches the results code once it is idle; then the server goes.
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('exportResults'))))
      .toBe(true)
    await own.stop()
    await expect(page.getByTestId('connection-status')).not.toHaveAttribute('data-status', 'synced')
    await page.getByTestId('export-open').click()
    const md = (await download(page, 'export-report-md')).bytes.toString('utf8')
    expect(md).toContain('| **Smertepunkter** |')
    const csv = await download(page, 'export-notes-csv')
    expect(csv.bytes.toString('utf8')).toContain('Tjenestereise,service-journey,Bruker og scenario')
    await page.context().close()
  } finally {
    await own.dispose()
  }
})

test("the report has a picture of every frame on every page, and the person stays on the page they were on", async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'To sider', lang: 'nb' })
  const page = await openBoard(browser, board.links.facilitator, 'Fasilitator')
  const home = await page.evaluate(() => {
    type Editor = { getCurrentPageId(): string; createPage(page: { id: string; name: string }): void; createShapes(shapes: unknown[]): void }
    const editor = (window as unknown as { __editor: Editor }).__editor
    const home = editor.getCurrentPageId()
    editor.createPage({ id: 'page:andre', name: 'Side 2' })
    editor.createShapes([
      { type: 'frame', parentId: home, x: 0, y: 0, props: { w: 300, h: 200, name: 'Første ramme' } },
      { type: 'frame', parentId: 'page:andre', x: 0, y: 0, props: { w: 300, h: 200, name: 'Ramme på side to' } },
    ])
    return home
  })
  await page.getByTestId('export-open').click()
  const md = strFromU8(new Uint8Array((await download(page, 'export-report-md')).bytes))
  expect(md).toContain('![Bilde av Første ramme](data:image/png;base64,')
  expect(md).toContain('![Bilde av Ramme på side to](data:image/png;base64,')
  expect(await page.evaluate(() => (window as unknown as { __editor: { getCurrentPageId(): string } }).__editor.getCurrentPageId())).toBe(home)
  await page.context().close()
})
