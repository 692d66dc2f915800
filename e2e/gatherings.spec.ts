import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import { addNote, drawRectangle, openBoard, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'
import type { BroadcastResponse, GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'

// A Norwegian facilitator: the front page and so the gathering's boards default to bokmål.
test.use({ locale: 'nb-NO' })

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

const TEAMS = [
  { name: 'Asker', template: 'empathy-map' },
  { name: 'Bærum', template: 'stakeholder-map' },
  { name: 'Lier', template: 'persona' },
]

/** Creates a gathering through the front page form, as a facilitator would, and returns the overview link. */
async function createGatheringInUi(page: Page, title: string, allowPeek: boolean): Promise<string> {
  await page.goto(server.origin + '/')
  await page.getByTestId('gathering-title').fill(title)
  await page.getByTestId('gathering-date').fill('2026-03-12')
  // The form starts with two team rows; the third is added with the button.
  await page.getByTestId('gathering-add-team').click()
  await expect(page.getByTestId('gathering-team-row')).toHaveCount(3)
  for (const [i, team] of TEAMS.entries()) {
    await page.getByTestId(`gathering-team-name-${i}`).fill(team.name)
    // The template list comes from the server; wait until the option is there.
    await expect(page.getByTestId(`gathering-team-template-${i}`).locator(`option[value="${team.template}"]`)).toHaveCount(1)
    await page.getByTestId(`gathering-team-template-${i}`).selectOption(team.template)
  }
  if (allowPeek) await page.getByTestId('gathering-allow-peek-new').check()
  await page.getByTestId('create-gathering').click()
  const link = page.getByTestId('gathering-overview-link')
  await expect(link).toBeVisible()
  return (await link.getAttribute('href'))!
}

async function openOverview(browser: Browser, link: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'nb-NO' })
  const page = await context.newPage()
  await page.goto(link)
  await expect(page.getByTestId('gathering-teams').locator('> li')).toHaveCount(TEAMS.length, { timeout: 20_000 })
  return page
}

/** Serious and critical axe findings in `selector` (or the whole page). */
async function axeProblems(page: Page, selector?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page })
  const result = await (selector ? builder.include(selector) : builder).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

function card(overview: Page, name: string): Locator {
  return overview.getByTestId('gathering-teams').locator('> li').filter({ has: overview.getByTestId('team-name').getByText(name, { exact: true }) })
}

async function shapeCount(c: Locator): Promise<number> {
  return Number((await c.locator('[data-testid^="thumbnail-"]').getAttribute('data-shapes')) ?? -1)
}

test('a gathering with three team boards from templates: participants edit, the overview shows who is there and live pictures, a broadcast reaches every board', async ({ browser, page }) => {
  // Five browser pages (overview, three participants, a peeking viewer) on a shared 2-core machine.
  test.slow()
  const link = await createGatheringInUi(page, 'Kommuneinkubator – samling 3', true)
  expect(link).toMatch(new RegExp(`^${server.origin}/g/[A-Za-z0-9_-]{22}#token=gathering\\.`))
  const overview = await openOverview(browser, link)
  await expect(overview.getByTestId('gathering-title')).toHaveText('Kommuneinkubator – samling 3')
  // The front page with its gathering form and the created links, and the overview, pass axe.
  expect(await axeProblems(page)).toEqual([])

  // Every board was built from its template on the server: each picture has the template's shapes.
  for (const team of TEAMS) await expect.poll(() => shapeCount(card(overview, team.name)), { timeout: 15_000 }).toBeGreaterThan(3)
  for (const team of TEAMS) await expect(card(overview, team.name).getByTestId('team-people')).toHaveAttribute('data-people', '0')
  expect(await axeProblems(overview)).toEqual([])

  // Participants of two teams open their boards from the links on the overview.
  const participantLink = async (name: string) => (await card(overview, name).getByTestId('team-link-participant').inputValue())
  const kari = await openBoard(browser, await participantLink('Asker'), 'Kari')
  const ola = await openBoard(browser, await participantLink('Asker'), 'Ola')
  const per = await openBoard(browser, await participantLink('Bærum'), 'Per')
  await expect(card(overview, 'Asker').getByTestId('team-people')).toHaveAttribute('data-people', '2', { timeout: 15_000 })
  await expect(card(overview, 'Bærum').getByTestId('team-people')).toHaveAttribute('data-people', '1')
  await expect(card(overview, 'Lier').getByTestId('team-people')).toHaveAttribute('data-people', '0')
  await expect(card(overview, 'Asker').getByTestId('team-people')).toHaveText('2 personer på tavla nå')
  // Names per board, not only counts.
  await expect(card(overview, 'Asker').getByTestId('team-names').locator('li')).toHaveText(['Kari', 'Ola'])
  await expect(card(overview, 'Bærum').getByTestId('team-names').locator('li')).toHaveText(['Per'])
  await expect(card(overview, 'Lier').getByTestId('team-names')).toHaveCount(0)

  // Their edits change the live pictures, and the last change shows.
  const askerBefore = await shapeCount(card(overview, 'Asker'))
  const baerumBefore = await shapeCount(card(overview, 'Bærum'))
  await addNote(kari, 640, 420, 'Lang ventetid')
  await expect.poll(async () => (await shapesOf(kari)).length).toBe(askerBefore + 1)
  await expect.poll(() => shapeCount(card(overview, 'Asker')), { timeout: 5_000 }).toBe(askerBefore + 1)
  await drawRectangle(per, { x: 500, y: 300 }, { x: 620, y: 380 })
  await expect.poll(() => shapeCount(card(overview, 'Bærum')), { timeout: 5_000 }).toBe(baerumBefore + 1)
  await expect(card(overview, 'Asker').getByTestId('team-last-activity')).toContainText('Sist endret', { timeout: 10_000 })
  await expect(card(overview, 'Lier').getByTestId('team-last-activity')).toHaveText('Ingen endringer ennå')
  expect(await shapeCount(card(overview, 'Lier'))).toBeGreaterThan(3)

  // A broadcast from the overview appears on every team board, and the overview shows what it sent, until when.
  await overview.getByTestId('broadcast-message').fill('Tilbake i plenum om 5 minutter')
  await overview.getByTestId('broadcast-send').click()
  await expect(overview.getByTestId('gathering-announcement')).toHaveText('Sendt til 3 tavler.')
  const sent = overview.getByTestId('broadcast-sent')
  await expect(sent).toBeVisible()
  await expect(sent).toContainText(/^Vises på 3 tavler til kl\. \d{2}[:.]\d{2}:/)
  await expect(overview.getByTestId('broadcast-sent-text')).toHaveText('Tilbake i plenum om 5 minutter')
  await expect(overview.getByTestId('broadcast-outcome')).toHaveText('Sendt til 3 tavler.')
  expect(await axeProblems(overview, '[data-testid="broadcast-sent"]')).toEqual([])
  for (const p of [kari, ola, per]) await expect(p.getByTestId('broadcast-text')).toHaveText('Tilbake i plenum om 5 minutter')
  // Dismissed by one person, it stays for the others.
  await ola.getByTestId('broadcast-banner').getByRole('button').click()
  await expect(ola.getByTestId('broadcast-text')).toHaveCount(0)
  await expect(kari.getByTestId('broadcast-text')).toBeVisible()

  // Peeking is allowed: a participant finds the other teams' boards, read-only.
  await per.getByTestId('peek-open').click()
  const peekLinks = per.getByTestId('peek-link')
  await expect(peekLinks).toHaveText(['Asker', 'Lier'])
  expect(await axeProblems(per, '[data-testid="peek-panel"]')).toEqual([])
  expect(await axeProblems(per, '[data-testid="broadcast-banner"]')).toEqual([])
  const asViewer = await openBoard(browser, (await peekLinks.first().getAttribute('href'))!, 'Per')
  expect(await asViewer.evaluate(() => (window as unknown as { __editor: { getIsReadonly(): boolean } }).__editor.getIsReadonly())).toBe(true)
  await expect.poll(async () => (await shapesOf(asViewer)).some((s) => s.text === 'Lang ventetid')).toBe(true)
  // The overview counts the peeking Per apart from Asker's own two, and marks him in the names.
  await expect(card(overview, 'Asker').getByTestId('team-looking')).toHaveText('+ 1 ser på (bare lesing)', { timeout: 15_000 })
  await expect(card(overview, 'Asker').getByTestId('team-people')).toHaveAttribute('data-people', '2')
  await expect(card(overview, 'Asker').getByTestId('team-names').locator('li')).toHaveText(['Kari', 'Ola', 'Per (ser på)'])
  await expect(card(overview, 'Asker').getByTestId('team-names').locator('li[data-looking="true"]')).toHaveCount(1)

  // The facilitator withdraws the message: it goes from every board, and the overview says so.
  await overview.getByTestId('broadcast-withdraw').click()
  await expect(overview.getByTestId('broadcast-outcome')).toHaveText('Meldingen er trukket tilbake fra 3 tavler.')
  await expect(overview.getByTestId('broadcast-sent')).toHaveCount(0)
  for (const p of [kari, per, asViewer]) await expect(p.getByTestId('broadcast-text')).toHaveCount(0)

  // A timer on every board, stopped from the overview.
  await overview.getByTestId('broadcast-minutes').fill('7')
  await overview.getByTestId('broadcast-timer').click()
  await expect(overview.getByTestId('broadcast-outcome')).toHaveText('En tidtaker på 7 minutter går på 3 tavler.')
  for (const p of [kari, per]) await expect(p.getByTestId('timer-display')).toHaveAttribute('data-status', 'running')
  await overview.getByTestId('broadcast-stop-timer').click()
  await expect(overview.getByTestId('broadcast-outcome')).toHaveText('Tidtakeren er stoppet på 3 tavler.')
  for (const p of [kari, per]) await expect(p.getByTestId('timer-display')).toHaveCount(0)

  // The facilitator enlarges a thumbnail: a dialog with the same live picture; Escape gives focus back.
  const enlarge = card(overview, 'Asker').getByTestId('enlarge-thumbnail')
  await expect(enlarge).toHaveAccessibleName('Forstørr bildet av tavla til Asker')
  await enlarge.click()
  const dialog = overview.getByTestId('enlarged-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('heading')).toHaveText('Tavla til Asker')
  await expect(overview.getByTestId('enlarged-close')).toBeFocused()
  await expect.poll(async () => Number(await dialog.locator('[data-testid^="enlarged-"][data-shapes]').getAttribute('data-shapes'))).toBe(askerBefore + 1)
  expect(await axeProblems(overview)).toEqual([])
  await overview.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(enlarge).toBeFocused()
  expect(await axeProblems(overview)).toEqual([])

  for (const p of [kari, ola, per, asViewer, overview]) await p.context().close()
})

test("a late joiner does not get a message sent longer ago than it shows, measured on the server's clock", async ({ browser }) => {
  const created = await fetch(`${server.origin}/api/gatherings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Sen ankomst', date: '2026-03-12', teams: [{ name: 'Lier' }] }),
  })
  const gathering = (await created.json()) as GatheringResponse
  const sent = await fetch(`${server.origin}/api/gatherings/${gathering.id}/broadcast`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gathering.facilitatorToken}` },
    body: JSON.stringify({ message: 'Pause til kvart over' }),
  })
  const { shownUntil } = (await sent.json()) as BroadcastResponse
  const link = gathering.boards[0]!.links.participant

  // Someone who opens the board now gets it.
  const onTime = await openBoard(browser, link, 'Kari')
  await expect(onTime.getByTestId('broadcast-text')).toHaveText('Pause til kvart over')

  // Someone who opens it after its time, by the server's clock, does not. The server's clock is
  // the one this page learns from GET /api/time; it answers as it will a minute past the end.
  const context = await browser.newContext({ locale: 'nb-NO' })
  let timeAnswers = 0
  await context.route('**/api/time', async (route) => {
    timeAnswers++
    await route.fulfill({ json: { now: shownUntil! + 60_000 } })
  })
  const late = await context.newPage()
  await late.goto(link)
  await late.getByTestId('display-name').fill('Ola')
  await late.getByTestId('display-name-submit').click()
  await expect(late.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
  await expect.poll(() => timeAnswers).toBeGreaterThanOrEqual(3)
  await expect(late.getByTestId('broadcast-text')).toHaveCount(0)
  // The board itself is there, with the message in its doc: only its time is past.
  await expect(late.getByTestId('broadcast-banner')).toBeAttached()
  await onTime.context().close()
  await context.close()
})

test('a board outside a peeking gathering offers no peek, and deleting the gathering asks first, then removes every board', async ({ browser, page }) => {
  const link = await createGatheringInUi(page, 'Samling uten titting', false)
  const overview = await openOverview(browser, link)
  const participant = await openBoard(browser, await card(overview, 'Lier').getByTestId('team-link-participant').inputValue(), 'Lise')
  await expect(participant.getByTestId('peek-open')).toHaveCount(0)

  // The front page lists the gathering this browser made.
  await page.goto(server.origin + '/')
  await expect(page.getByTestId('gathering-list')).toContainText('Samling uten titting')

  await overview.getByTestId('gathering-delete').click()
  const dialog = overview.getByTestId('confirm-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('3 teamtavlene')
  await expect(dialog.getByTestId('confirm-cancel')).toBeFocused()
  expect(await axeProblems(overview, '[data-testid="confirm-dialog"]')).toEqual([])
  // Cancelling keeps everything.
  await dialog.getByTestId('confirm-cancel').click()
  await expect(dialog).toHaveCount(0)
  await expect(overview.getByTestId('gathering-teams').locator('> li')).toHaveCount(3)

  await overview.getByTestId('gathering-delete').click()
  await overview.getByTestId('confirm-ok').click()
  await expect(overview.getByTestId('gathering-deleted')).toBeVisible()
  // The participant on a deleted board is told, and the link no longer opens anything.
  await expect(participant.getByTestId('connection-status')).toHaveAttribute('data-status', 'refused', { timeout: 10_000 })
  await participant.reload()
  await expect(participant.getByTestId('board-error')).toBeVisible()
  await overview.reload()
  await expect(overview.getByTestId('gathering-error')).toBeVisible()
  await page.goto(server.origin + '/')
  await expect(page.getByTestId('create-gathering')).toBeVisible()
  await expect(page.getByTestId('gathering-list')).toHaveCount(0)

  await participant.context().close()
  await overview.context().close()
})
