import { expect, test } from '@playwright/test'
import { createBoard, openBoard } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let server: RunningServer
test.beforeAll(async () => {
  server = await startServer({ env: { BOARD_RETENTION_DAYS: '90' } })
})
test.afterAll(async () => {
  await server?.dispose()
})

test('with BOARD_RETENTION_DAYS the facilitator sees on the board when it is deleted without use; participants are not told', async ({ browser }) => {
  const board = await createBoard(server.origin, { title: 'Med utløp' })
  const facilitator = await openBoard(browser, board.links.facilitator, 'Kari')
  const earliest = new Date(Date.now() + 90 * 24 * 60 * 60 * 1000).toLocaleDateString('nb-NO', { day: 'numeric', month: 'long', year: 'numeric' })
  await expect(facilitator.getByTestId('board-retention')).toHaveText(`Slettes etter 90 dager uten bruk (tidligst ${earliest})`)
  const participant = await openBoard(browser, board.links.participant, 'Ola')
  await expect(participant.getByTestId('board-title-text')).toBeVisible()
  await expect(participant.getByTestId('board-retention')).toHaveCount(0)
  await facilitator.context().close()
  await participant.context().close()
})
