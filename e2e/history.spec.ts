import { expect, test, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { addNote, createBoard, openBoard, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.dispose()
})

async function noteTexts(page: Page): Promise<string[]> {
  return (await shapesOf(page))
    .filter((s) => s.type === 'note')
    .map((s) => s.text)
    .sort()
}

/** The snapshot id of a list item, from its test id. */
async function snapshotId(item: ReturnType<Page['getByTestId']>): Promise<string> {
  const testId = await item.getAttribute('data-testid')
  return testId!.replace('history-item-', '')
}

test('the facilitator restores an earlier snapshot while a participant watches: the board changes live, and the replaced state stays in the history', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Historikk', lang: 'nb' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Kari')
  const participant = await openBoard(browser, board.links.participant, 'Ola')

  // Only the facilitator has a history.
  await expect(participant.getByTestId('history-open')).toHaveCount(0)

  await addNote(facilitator, 420, 420, 'Første idé')
  await expect.poll(() => noteTexts(participant)).toEqual(['Første idé'])

  // A named snapshot, taken from the keyboard.
  const panel = facilitator.getByTestId('history-panel')
  await facilitator.getByTestId('history-open').click()
  await expect(panel).toBeVisible()
  await expect(facilitator.getByTestId('history-name')).toBeFocused()
  await facilitator.keyboard.type('Før deltakerne')
  await facilitator.keyboard.press('Enter')
  await expect(facilitator.getByTestId('history-status')).toHaveText('Øyeblikksbildet er tatt.')
  const items = facilitator.getByTestId('history-list').locator(':scope > li')
  await expect(items).toHaveCount(1)
  const earlier = items.first()
  await expect(earlier).toContainText('«Før deltakerne»')
  await expect(earlier).toContainText('av Kari')
  await expect(earlier).toContainText('Tatt for hånd')
  // The time is written the Norwegian way (e.g. "24. nov. 2026, 14:05").
  await expect(earlier.locator('time')).toHaveText(/^\d{1,2}\. \S+ \d{4}(,| kl\.) \d{2}[:.]\d{2}$/)
  const earlierId = await snapshotId(earlier)
  const earlierTakenAt = (await earlier.locator('time').getAttribute('datetime'))!
  await expect(facilitator.getByTestId('history-storage')).toContainText('Lagring: historikken tar')
  await facilitator.keyboard.press('Escape')
  await expect(panel).toBeHidden()

  // The participant adds notes after the snapshot.
  await addNote(participant, 760, 300, 'Ny lapp én')
  await addNote(participant, 760, 560, 'Ny lapp to')
  await expect.poll(() => noteTexts(facilitator)).toEqual(['Ny lapp én', 'Ny lapp to', 'Første idé'].sort())
  // A marker that a reload would wipe.
  await participant.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true))

  // The facilitator restores the earlier snapshot, through the confirmation.
  await facilitator.getByTestId('history-open').click()
  await facilitator.getByTestId(`history-restore-${earlierId}`).click()
  const confirm = facilitator.getByTestId('history-restore-dialog')
  await expect(confirm).toBeVisible()
  await expect(confirm).toContainText('Tavla endres for alle som har den åpen.')
  await expect(facilitator.getByTestId('history-restore-cancel')).toBeFocused()
  await facilitator.getByTestId('history-restore-confirm').click()
  await expect(confirm).toBeHidden()
  await expect(facilitator.getByTestId('history-status')).toContainText('Tavla viser nå hvordan den var')

  // The participant's board changes live, without a reload, and the participant stays connected.
  await expect.poll(() => noteTexts(participant), { timeout: 5_000 }).toEqual(['Første idé'])
  expect(await participant.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
  await expect(participant.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced')
  await expect.poll(() => noteTexts(facilitator)).toEqual(['Første idé'])
  // Everyone on the board is told which version it shows now, in their language and time zone.
  const versionTime = await participant.evaluate((iso) => new Intl.DateTimeFormat('nb-NO', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso)), earlierTakenAt)
  await expect(participant.getByTestId('restore-notice-text')).toHaveText(`Fasilitatoren gjenoppretta versjonen fra ${versionTime}.`)
  await expect(facilitator.getByTestId('restore-notice-text')).toHaveText(`Fasilitatoren gjenoppretta versjonen fra ${versionTime}.`)
  const noticeAxe = await new AxeBuilder({ page: participant }).include('[data-testid="restore-notice"]').analyze()
  expect(noticeAxe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([])
  // In English for someone who reads English; dismissed, it stays away.
  await participant.getByTestId('ui-lang').selectOption('en')
  await expect(participant.getByTestId('restore-notice-text')).toHaveText(`The facilitator restored the version from ${versionTime}.`)
  await participant.getByTestId('restore-notice').getByRole('button').click()
  await expect(participant.getByTestId('restore-notice-text')).toHaveCount(0)
  await participant.getByTestId('ui-lang').selectOption('nb')

  // The state the restore replaced is in the list, newest first, as a restore point.
  await expect(items).toHaveCount(2)
  const restorePoint = items.first()
  await expect(restorePoint).toHaveAttribute('data-kind', 'before-restore')
  await expect(restorePoint).toContainText('Før en gjenoppretting')
  const restorePointId = await snapshotId(restorePoint)

  // Its preview, and the version itself opened read-only, show the participant's notes.
  await facilitator.getByTestId(`history-preview-${restorePointId}`).click()
  await expect(facilitator.getByTestId(`history-preview-image-${restorePointId}`)).toBeVisible()
  await expect(facilitator.getByTestId(`history-preview-${restorePointId}`)).toHaveAttribute('aria-expanded', 'true')
  await facilitator.getByTestId(`history-open-version-${restorePointId}`).click()
  const version = facilitator.getByTestId('history-version')
  await expect(version).toBeVisible()
  await expect(version.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(3)
  await expect(version).toContainText('Ny lapp én')
  await facilitator.getByTestId('history-version-close').click()
  await expect(version).toBeHidden()
  // The live board was not touched by looking.
  expect(await noteTexts(facilitator)).toEqual(['Første idé'])

  // The panel, with its list, passes axe without serious or critical findings.
  const axe = await new AxeBuilder({ page: facilitator }).include('[data-testid="history-panel"]').analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([])

  // Restoring the restore point brings the participant's notes back, again live.
  await facilitator.getByTestId(`history-restore-${restorePointId}`).click()
  await facilitator.getByTestId('history-restore-confirm').click()
  await expect.poll(() => noteTexts(participant), { timeout: 5_000 }).toEqual(['Ny lapp én', 'Ny lapp to', 'Første idé'].sort())

  await facilitator.context().close()
  await participant.context().close()
})

test('inserting a template first keeps the board as it was in the history', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Mal og historikk', lang: 'en' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Kari', { locale: 'en-GB' })
  await addNote(facilitator, 500, 400, 'Before the template')

  await facilitator.getByTestId('template-picker-open').click()
  const picker = facilitator.getByTestId('template-picker')
  await picker.getByTestId('template-option-stakeholder-map').click()
  await picker.getByTestId('template-insert').click()
  await expect.poll(async () => (await shapesOf(facilitator)).some((s) => s.type === 'frame')).toBe(true)

  await facilitator.getByTestId('history-open').click()
  const items = facilitator.getByTestId('history-list').locator(':scope > li')
  await expect(items).toHaveCount(1)
  await expect(items.first()).toHaveAttribute('data-kind', 'before-template')
  await expect(items.first()).toContainText('Before a template was inserted')
  // English dates: "24 Nov 2026, 14:05".
  await expect(items.first().locator('time')).toHaveText(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/)
  const id = await snapshotId(items.first())
  await facilitator.getByTestId(`history-open-version-${id}`).click()
  const version = facilitator.getByTestId('history-version')
  await expect(version.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(1)
  await expect(version.locator('.tl-shape[data-shape-type="frame"]')).toHaveCount(0)
  await facilitator.getByTestId('history-version-close').click()

  // Deleting asks first, and then the snapshot is gone.
  await facilitator.getByTestId(`history-delete-${id}`).click()
  await expect(facilitator.getByTestId('history-delete-dialog')).toContainText('It is gone for good')
  await facilitator.getByTestId('history-delete-confirm').click()
  await expect(facilitator.getByTestId('history-status')).toHaveText('Snapshot deleted.')
  await expect(items).toHaveCount(0)
  await facilitator.context().close()
})
