import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { createBoard, openBoard } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// The text view: the board as frames, template cells and notes, for the keyboard and screen
// readers. The person using it never touches the mouse here; another person's canvas shows
// where the notes landed.

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

/** Presses Tab (or Shift+Tab) until `target` has focus. */
async function tabTo(page: Page, target: Locator, { back = false, max = 200 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
  }
  await expect(target).toBeFocused()
}

/** Opens the text view from the keyboard: back from the canvas to the header button, then Enter. */
async function openTextView(page: Page): Promise<Locator> {
  const open = page.getByTestId('text-view-open')
  await tabTo(page, open, { back: true, max: 40 })
  await page.keyboard.press('Enter')
  const view = page.getByTestId('text-view')
  await expect(view.getByRole('heading', { level: 2 })).toBeFocused()
  return view
}

interface Placed {
  note: { minX: number; minY: number; maxX: number; maxY: number }
  lane: { minY: number; maxY: number }
  stage: { minX: number; maxX: number }
  overlapsAnother: boolean
}

/**
 * Where the note with `text` lies on this page's canvas, beside the lane (`meta.part`) and the
 * stage heading (by its text) it should be in, and whether it overlaps another note.
 */
async function placement(page: Page, text: string, lanePart: string, stage: string): Promise<Placed | undefined> {
  return page.evaluate(
    ([text, lanePart, stage]) => {
      type Bounds = { minX: number; minY: number; maxX: number; maxY: number }
      type Shape = { id: string; type: string; meta: Record<string, unknown>; props: Record<string, unknown> }
      const editor = (
        window as unknown as {
          __editor: { getCurrentPageShapes(): Shape[]; getShapePageBounds(id: string): Bounds | undefined; getShapeUtil(s: Shape): { getText(s: Shape): string | undefined } }
        }
      ).__editor
      const shapes = editor.getCurrentPageShapes()
      const textOf = (s: Shape) => (editor.getShapeUtil(s).getText(s) ?? '').trim()
      const note = shapes.find((s) => s.type === 'note' && textOf(s) === text)
      const lane = shapes.find((s) => s.meta.part === lanePart)
      const heading = shapes.find((s) => s.meta.role === 'stage' && textOf(s) === stage)
      if (!note || !lane || !heading) return undefined
      const n = editor.getShapePageBounds(note.id)!
      const others = shapes.filter((s) => s.type === 'note' && s.id !== note.id).map((s) => editor.getShapePageBounds(s.id)!)
      const overlapsAnother = others.some((o) => n.minX < o.maxX && o.minX < n.maxX && n.minY < o.maxY && o.minY < n.maxY)
      const l = editor.getShapePageBounds(lane.id)!
      const h = editor.getShapePageBounds(heading.id)!
      return { note: { minX: n.minX, minY: n.minY, maxX: n.maxX, maxY: n.maxY }, lane: { minY: l.minY, maxY: l.maxY }, stage: { minX: h.minX, maxX: h.maxX }, overlapsAnother }
    },
    [text, lanePart, stage] as const,
  )
}

/** The note lies inside the lane and under the stage heading (edges within a few units), over no other note. */
async function expectInCell(page: Page, text: string, lanePart: string, stage: string): Promise<void> {
  await expect.poll(() => placement(page, text, lanePart, stage).then(Boolean), { timeout: 15_000 }).toBe(true)
  const p = (await placement(page, text, lanePart, stage))!
  const slack = 8
  expect(p.note.minY).toBeGreaterThanOrEqual(p.lane.minY - slack)
  expect(p.note.maxY).toBeLessThanOrEqual(p.lane.maxY + slack)
  expect(p.note.minX).toBeGreaterThanOrEqual(p.stage.minX - slack)
  expect(p.note.maxX).toBeLessThanOrEqual(p.stage.maxX + slack)
  expect(p.overlapsAnother).toBe(false)
}

async function noteTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Shape = { type: string }
    const editor = (window as unknown as { __editor: { getCurrentPageShapes(): Shape[]; getShapeUtil(s: Shape): { getText(s: Shape): string | undefined } } }).__editor
    return editor
      .getCurrentPageShapes()
      .filter((s) => s.type === 'note')
      .map((s) => (editor.getShapeUtil(s).getText(s) ?? '').trim())
  })
}

async function seriousFindings(page: Page, include: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(include).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

test('from the keyboard alone: find "Pain points, During", add a note that lands in that cell on another canvas, edit it, move it to "Opportunities, After", delete it', async ({ browser }) => {
  test.slow()
  const board = await createBoard(server.origin, { title: 'Service journey', lang: 'en', template: 'service-journey' })
  const person = await openBoard(browser, board.links.participant, 'Kari', { locale: 'en-GB' })
  const other = await openBoard(browser, board.links.participant, 'Ola', { locale: 'en-GB' })
  await expect.poll(() => noteTexts(other)).toContain('Who is the user?')

  const view = await openTextView(person)
  const cell = view.getByRole('region', { name: 'Pain points, During' })
  await expect(cell).toBeVisible()
  await expect(view).toMatchAriaSnapshot(`
    - complementary "Text view of the board":
      - heading "Text view of the board" [level=2]
      - region "Service journey map":
        - heading "Service journey map" [level=3]
        - region "Pain points, During":
          - heading "Pain points, During" [level=4]
          - button "Add a note to Pain points, During"
  `)

  // Add.
  const add = cell.getByRole('button', { name: 'Add a note to Pain points, During' })
  await tabTo(person, add)
  await person.keyboard.press('Enter')
  await expect(cell.getByRole('textbox', { name: 'Text of the new note in Pain points, During' })).toBeFocused()
  await person.keyboard.type('Long queue at the desk')
  await person.keyboard.press('Enter')
  await expect(add).toBeFocused()
  await expect(view.getByTestId('text-view-feedback')).toHaveText('Your note was added to Pain points, During.')
  await expect(cell.getByRole('listitem')).toHaveCount(1)
  await expect(cell.getByRole('list')).toMatchAriaSnapshot(`
    - list:
      - listitem:
        - paragraph: Long queue at the desk (yours)
        - button "Edit the note “Long queue at the desk”"
  `)
  await expectInCell(other, 'Long queue at the desk', 'lane:painPoints', 'During')

  // A second note in the same cell goes beside the first, not over it.
  await tabTo(person, add, { back: true })
  await person.keyboard.press('Enter')
  await person.keyboard.type('Forms are hard')
  await person.keyboard.press('Enter')
  await expect(cell.getByRole('listitem')).toHaveCount(2)
  await expectInCell(other, 'Forms are hard', 'lane:painPoints', 'During')
  await expectInCell(other, 'Long queue at the desk', 'lane:painPoints', 'During')

  // Edit.
  const edit = cell.getByRole('button', { name: 'Edit the note “Long queue at the desk”' })
  await tabTo(person, edit, { back: true })
  await person.keyboard.press('Enter')
  const field = cell.getByRole('textbox', { name: 'Text of the note' })
  await expect(field).toBeFocused()
  await person.keyboard.press('ControlOrMeta+A')
  await person.keyboard.type('Very long queue at the desk')
  await person.keyboard.press('Enter')
  await expect(view.getByTestId('text-view-feedback')).toHaveText('The note was saved.')
  await expect.poll(() => noteTexts(other)).toContain('Very long queue at the desk')

  // Move to "Opportunities, After".
  const move = cell.getByRole('button', { name: 'Move the note “Very long queue at the desk” to another cell' })
  await tabTo(person, move)
  await person.keyboard.press('Enter')
  const target = view.getByTestId('text-view-move-target')
  await expect(target).toBeFocused()
  for (let i = 0; i < 80; i++) {
    const chosen = await target.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '')
    if (chosen.endsWith('Opportunities, After')) break
    await person.keyboard.press('ArrowDown')
  }
  await expect(target).toHaveValue(/Opportunities.*After/)
  await person.keyboard.press('Tab')
  await person.keyboard.press('Enter')
  await expect(view.getByTestId('text-view-feedback')).toHaveText('The note was moved to Opportunities, After.')
  const destination = view.getByRole('region', { name: 'Opportunities, After' })
  await expect(destination.getByRole('listitem')).toHaveCount(1)
  await expect(cell.getByRole('listitem')).toHaveCount(1)
  // Focus followed the note.
  await expect(destination.getByRole('button', { name: 'Edit the note “Very long queue at the desk”' })).toBeFocused()
  await expectInCell(other, 'Very long queue at the desk', 'lane:opportunities', 'After')

  // Delete.
  const remove = destination.getByRole('button', { name: 'Delete the note “Very long queue at the desk”' })
  await tabTo(person, remove)
  await person.keyboard.press('Enter')
  await expect(view.getByTestId('text-view-feedback')).toHaveText('The note was deleted.')
  await expect(destination.getByRole('listitem')).toHaveCount(0)
  await expect.poll(() => noteTexts(other)).not.toContain('Very long queue at the desk')

  // Escape closes the view and gives focus back to its button.
  await person.keyboard.press('Escape')
  await expect(view).toHaveCount(0)
  await expect(person.getByTestId('text-view-open')).toBeFocused()

  await person.context().close()
  await other.context().close()
})

test('another person’s new notes are announced once, politely, grouped by cell', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Announcements', lang: 'en', template: 'service-journey' })
  const reader = await openBoard(browser, board.links.participant, 'Kari', { locale: 'en-GB' })
  const writer = await openBoard(browser, board.links.participant, 'Ola', { locale: 'en-GB' })
  const view = await openTextView(reader)
  const arrivals = view.getByTestId('text-view-arrivals')
  await expect(arrivals).toHaveAttribute('role', 'status')
  await expect(arrivals).toHaveText('')
  // Every text the live region takes, in order.
  await arrivals.evaluate((el) => {
    const said: string[] = []
    ;(window as unknown as { __said: string[] }).__said = said
    new MutationObserver(() => {
      if (el.textContent) said.push(el.textContent)
    }).observe(el, { childList: true, characterData: true, subtree: true })
  })

  // The writer duplicates two notes into "Pain points, During" on the canvas, in one step.
  const addOnCanvas = (texts: string[], lanePart: string, stage: string) =>
    writer.evaluate(
      ([texts, lanePart, stage]) => {
        type Bounds = { minX: number; minY: number; maxX: number; maxY: number }
        type Shape = { id: string; type: string; meta: Record<string, unknown> }
        const editor = (
          window as unknown as {
            __editor: {
              getCurrentPageShapes(): Shape[]
              getShapePageBounds(id: string): Bounds
              getShapeUtil(s: Shape): { getText(s: Shape): string | undefined }
              createShapes(s: unknown[]): void
              run(fn: () => void): void
            }
          }
        ).__editor
        const shapes = editor.getCurrentPageShapes()
        const lane = editor.getShapePageBounds(shapes.find((s) => s.meta.part === lanePart)!.id)
        const heading = editor.getShapePageBounds(shapes.find((s) => s.meta.role === 'stage' && editor.getShapeUtil(s).getText(s)?.trim() === stage)!.id)
        const paragraph = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
        editor.createShapes(texts.map((text, i) => ({ type: 'note', x: heading.minX + 10 + i * 40, y: lane.minY + 5, props: { richText: paragraph(text), scale: 0.2 } })))
      },
      [texts, lanePart, stage] as const,
    )
  await addOnCanvas(['Waiting', 'Lost letter'], 'lane:painPoints', 'During')
  await expect(arrivals).toHaveText('2 new notes in Pain points, During.', { timeout: 20_000 })
  expect(await reader.evaluate(() => (window as unknown as { __said: string[] }).__said)).toEqual(['2 new notes in Pain points, During.'])
  await expect(view.getByRole('region', { name: 'Pain points, During' }).getByRole('listitem')).toHaveCount(2)

  // Typing on a note is not announced; the next new note is, on its own.
  await writer.evaluate(() => {
    type Shape = { id: string; type: string; props: Record<string, unknown> }
    const editor = (window as unknown as { __editor: { getCurrentPageShapes(): Shape[]; updateShape(s: unknown): void; getShapeUtil(s: Shape): { getText(s: Shape): string | undefined } } }).__editor
    const note = editor.getCurrentPageShapes().find((s) => s.type === 'note' && editor.getShapeUtil(s).getText(s) === 'Waiting')!
    for (let i = 1; i <= 8; i++) editor.updateShape({ id: note.id, type: 'note', props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Waiting long'.slice(0, 7 + i) }] }] } } })
  })
  await addOnCanvas(['Call centre'], 'lane:touchpoints', 'Before')
  await expect(arrivals).toHaveText('1 new note in Touchpoints and channels, Before.', { timeout: 20_000 })
  expect(await reader.evaluate(() => (window as unknown as { __said: string[] }).__said)).toEqual(['2 new notes in Pain points, During.', '1 new note in Touchpoints and channels, Before.'])
  await reader.context().close()
  await writer.context().close()
})

test('a viewer reads everything and changes nothing; the view passes axe in English and bokmål, and at 320 px', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Reise', lang: 'nb', template: 'service-journey' })
  const participant = await openBoard(browser, board.links.participant, 'Kari', { locale: 'nb-NO' })
  let view = await openTextView(participant)
  const add = view.getByRole('button', { name: 'Legg til en lapp i Smertepunkter, Under' })
  await tabTo(participant, add)
  await participant.keyboard.press('Enter')
  await participant.keyboard.type('Kø i skranken')
  await participant.keyboard.press('Enter')
  await expect(view.getByRole('region', { name: 'Smertepunkter, Under' }).getByRole('listitem')).toHaveCount(1)
  // Board content is marked with the board's language.
  await expect(view.getByRole('heading', { name: 'Smertepunkter, Under' })).toHaveAttribute('lang', 'nb')
  expect(await seriousFindings(participant, '[data-testid="text-view"]')).toEqual([])
  await participant.getByTestId('ui-lang').selectOption('en')
  await expect(view.getByRole('heading', { level: 2 })).toHaveText('Text view of the board')
  await expect(view.getByRole('button', { name: 'Add a note to Smertepunkter, Under' })).toBeVisible()
  expect(await seriousFindings(participant, '[data-testid="text-view"]')).toEqual([])

  // On a narrow window the text view is open from the start.
  const viewer = await openBoard(browser, board.links.viewer, 'Per', { locale: 'nb-NO', viewport: { width: 320, height: 640 } })
  view = viewer.getByTestId('text-view')
  await expect(view.getByRole('heading', { level: 2 })).toBeFocused()
  await expect(view.getByRole('region', { name: 'Smertepunkter, Under' }).getByRole('listitem')).toHaveText(/Kø i skranken/)
  await expect(view.getByText('Du kan lese tavla; lenken din lar deg ikke endre den.')).toBeVisible()
  await expect(view.getByRole('button', { name: /Legg til|Endre|Flytt|Slett/ })).toHaveCount(0)
  // Full width on a narrow window, and nothing sideways.
  const box = await view.boundingBox()
  expect(box!.width).toBeGreaterThanOrEqual(319)
  expect(await viewer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  expect(await seriousFindings(viewer, '[data-testid="text-view"]')).toEqual([])

  await participant.context().close()
  await viewer.context().close()
})

test('a nynorsk board in the text view: cells named in nynorsk and marked nn, our texts in nynorsk, axe passes, and at 320 px', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Reise', lang: 'nn', template: 'service-journey' })
  const participant = await openBoard(browser, board.links.participant, 'Kari', { locale: 'nn-NO' })
  const view = await openTextView(participant)
  await expect(view.getByRole('heading', { level: 2 })).toHaveText('Tavla som tekst')
  const add = view.getByRole('button', { name: 'Legg til ein lapp i Smertepunkt, Under' })
  await tabTo(participant, add)
  await participant.keyboard.press('Enter')
  await participant.keyboard.type('Kø i skranken')
  await participant.keyboard.press('Enter')
  const cell = view.getByRole('region', { name: 'Smertepunkt, Under' })
  await expect(cell.getByRole('listitem')).toHaveCount(1)
  await expect(view.getByRole('heading', { name: 'Smertepunkt, Under' })).toHaveAttribute('lang', 'nn')
  await expect(view.getByRole('region', { name: 'Moglegheiter, Etter' })).toBeVisible()
  expect(await seriousFindings(participant, '[data-testid="text-view"]')).toEqual([])
  // The person reads bokmål: our words change, the board's stay nynorsk.
  await participant.getByTestId('ui-lang').selectOption('nb')
  await expect(view.getByRole('button', { name: 'Legg til en lapp i Smertepunkt, Under' })).toBeVisible()
  expect(await seriousFindings(participant, '[data-testid="text-view"]')).toEqual([])

  const viewer = await openBoard(browser, board.links.viewer, 'Per', { locale: 'nn-NO', viewport: { width: 320, height: 640 } })
  const narrow = viewer.getByTestId('text-view')
  await expect(narrow.getByRole('heading', { level: 2 })).toBeFocused()
  await expect(narrow.getByText('Du kan lese tavla; lenkja di lèt deg ikkje endre ho.')).toBeVisible()
  expect(await viewer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  expect(await seriousFindings(viewer, '[data-testid="text-view"]')).toEqual([])

  await participant.context().close()
  await viewer.context().close()
})

test('while a voting round is open, a participant votes from the text view with the keyboard, and the count shows', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Voting', lang: 'en', template: 'service-journey' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Kari', { locale: 'en-GB' })
  const person = await openBoard(browser, board.links.participant, 'Ola', { locale: 'en-GB' })
  const view = await openTextView(person)
  const cell = view.getByRole('region', { name: 'Pain points, During' })
  const add = cell.getByRole('button', { name: 'Add a note to Pain points, During' })
  await tabTo(person, add)
  await person.keyboard.press('Enter')
  await person.keyboard.type('Queue')
  await person.keyboard.press('Enter')
  await expect(cell.getByRole('listitem')).toHaveCount(1)
  // No vote buttons before a round.
  await expect(view.getByTestId('text-view-vote')).toHaveCount(0)

  await facilitator.getByTestId('voting-open').click()
  await facilitator.getByTestId('voting-visibility').selectOption('live')
  await facilitator.getByTestId('voting-start').click()
  await expect(view.getByTestId('text-view-votes-left')).toHaveText('3 of 3 votes left')
  const vote = cell.getByRole('button', { name: 'Vote for the note “Queue”' })
  await tabTo(person, vote, { back: true })
  await person.keyboard.press('Enter')
  await expect(vote).toHaveAttribute('aria-pressed', 'true')
  await expect(view.getByTestId('text-view-feedback')).toHaveText('2 of 3 votes left')
  await expect(cell.getByRole('listitem')).toContainText('Queue, 1 vote')
  // Enter again takes the dot back.
  await person.keyboard.press('Enter')
  await expect(vote).toHaveAttribute('aria-pressed', 'false')
  await expect(view.getByTestId('text-view-votes-left')).toHaveText('3 of 3 votes left')
  await facilitator.context().close()
  await person.context().close()
})
