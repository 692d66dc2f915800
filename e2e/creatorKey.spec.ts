import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { startServer, type RunningServer } from './fixtures/serverProcess'

// A server started with BOARD_CREATION=key creates boards only with its CREATOR_KEY: the front
// page asks for the key once, remembers it, and says so plainly when it is wrong.

const CREATOR_KEY = 'kommune-kurs-2026-hemmelig'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer({ env: { BOARD_CREATION: 'key', CREATOR_KEY } })
})
test.afterAll(async () => {
  await server?.dispose()
})

const TEXTS = {
  'nb-NO': { wrong: 'Opprettingsnøkkelen er feil.', heading: 'Opprettingsnøkkel' },
  'en-GB': { wrong: 'That creator key is not right.', heading: 'Creator key' },
} as const

/** Serious and critical axe findings of the front page, as readable lines. */
async function seriousFindings(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

for (const locale of ['nb-NO', 'en-GB'] as const) {
  test(`a person enters the creator key once and creates a board; a wrong key is said plainly (${locale})`, async ({ browser }) => {
    const context = await browser.newContext({ locale })
    const page = await context.newPage()
    await page.goto(server.origin + '/')
    const keyForm = page.getByTestId('creator-key')
    await expect(keyForm.getByRole('heading')).toHaveText(TEXTS[locale].heading)
    expect(await seriousFindings(page)).toEqual([])

    // A wrong key: the board is refused, the key is asked for again with the reason, and focus goes to it.
    await page.getByTestId('creator-key-input').fill('not-the-key')
    await page.getByTestId('creator-key-save').click()
    await expect(keyForm).toBeHidden()
    await page.getByTestId('board-title').fill('Med nøkkel')
    await page.getByTestId('create-board').click()
    await expect(page.getByTestId('creator-key-error')).toContainText(TEXTS[locale].wrong)
    await expect(page.getByTestId('creator-key-input')).toBeFocused()
    await expect(page.getByTestId('link-facilitator')).toHaveCount(0)
    expect(await seriousFindings(page)).toEqual([])

    // The right key, typed as a person would.
    await page.getByTestId('creator-key-input').pressSequentially(CREATOR_KEY)
    await page.keyboard.press('Enter')
    await expect(keyForm).toBeHidden()
    await page.getByTestId('create-board').click()
    await expect(page.getByTestId('created-title')).toHaveText('Med nøkkel')
    await expect(page.getByTestId('link-facilitator')).toBeVisible()

    // Remembered: after a reload the page does not ask again, and a gathering is created with the same key.
    await page.reload()
    await expect(page.getByTestId('create-board')).toBeVisible()
    await expect(keyForm).toHaveCount(0)
    await page.getByTestId('gathering-title').fill('Samling med nøkkel')
    for (const i of [0, 1]) await page.getByTestId(`gathering-team-name-${i}`).fill(`Lag ${i + 1}`)
    await page.getByTestId('create-gathering').click()
    await expect(page.getByTestId('gathering-overview-link')).toBeVisible()
    expect(await seriousFindings(page)).toEqual([])
    await context.close()
  })
}
