import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { CreateBoardResponse } from '@whiteboard/shared'
import { freePort } from '../server/test/freePort'
import { clusterConf } from '../server/test/nginx/clusterConf'
import { httpsRequest } from '../server/test/nginx/httpsRequest'
import { startNginx, type TestNginx } from '../server/test/nginx/startNginx'
import { makeTestCertificate, type TestCertificate } from '../server/test/nginx/testCertificate'
import { startPostgres, type TestPostgres } from '../server/test/postgres/startPostgres'
import { startRedis, type TestRedis } from '../server/test/redis/startRedis'
import { addNote, openBoard, shapesOf } from './fixtures/boards'
import { startServer, type RunningServer } from './fixtures/serverProcess'

let certDir: string
let cert: TestCertificate
let postgres: TestPostgres
let redis: TestRedis
let nginx: TestNginx
let nodes: RunningServer[] = []
let publicUrl: string

test.beforeAll(async () => {
  test.setTimeout(120_000)
  certDir = mkdtempSync(join(tmpdir(), 'wb-cluster-tls-'))
  cert = await makeTestCertificate(certDir)
  ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
  const databaseUrl = await postgres.createDatabase('cluster_e2e')
  // nginx first, pointed at the ports the nodes will take; then the nodes, told that people reach them at nginx's address.
  const nodePorts = [await freePort(), await freePort(), await freePort()]
  nginx = await startNginx((port) => clusterConf(port, nodePorts, cert))
  publicUrl = `https://localhost:${nginx.port}`
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, BOARD_SECRET: 'cluster-e2e-secret-0123456789abcdef', PUBLIC_URL: publicUrl, TRUST_PROXY: 'true' }
  nodes = await Promise.all(nodePorts.map((port) => startServer({ port, env })))
})

test.afterAll(async () => {
  await Promise.allSettled(nodes.map((node) => node.dispose()))
  await nginx?.stop()
  await Promise.allSettled([postgres?.dispose(), redis?.stop()])
  rmSync(certDir, { recursive: true, force: true })
})

/** The names in the page's people list. */
async function peopleOf(page: Page): Promise<string[]> {
  return page.getByTestId('people-list').locator('.people-name').allTextContents()
}

test('browsers on a board through the three-node nginx config and straight on another node see each other, and the board moves on when its node stops', async ({ browser }) => {
  test.setTimeout(180_000)
  const created = await httpsRequest(`${publicUrl}/api/boards`, cert.pem, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Tre noder' }) })
  expect(created.status).toBe(201)
  const board = created.json<CreateBoardResponse>()
  expect(board.links.facilitator.startsWith(`${publicUrl}/b/${board.id}#`)).toBe(true)

  const alice = await openBoard(browser, board.links.facilitator, 'Alice', { ignoreHTTPSErrors: true })
  // The node nginx sends this board to, from its access log: Bob goes straight to another one.
  await expect.poll(() => nginx.requests().filter((r) => r.path.startsWith(`/api/boards/${board.id}`)).length).toBeGreaterThan(0)
  const upstream = nginx.requests().find((r) => r.path.startsWith(`/api/boards/${board.id}`))!.upstream
  const home = nodes.findIndex((n) => upstream.endsWith(`127.0.0.1:${n.port}`))
  expect(home).toBeGreaterThanOrEqual(0)
  const other = nodes[(home + 1) % nodes.length]!
  const bob = await openBoard(browser, `${other.origin}/b/${board.id}${new URL(board.links.participant).hash}`, 'Bob')

  await addNote(alice, 400, 300, 'Via nginx')
  await expect.poll(async () => (await shapesOf(bob)).map((s) => s.text)).toContain('Via nginx')
  await addNote(bob, 600, 300, 'Rett på en node')
  await expect.poll(async () => (await shapesOf(alice)).map((s) => s.text)).toContain('Rett på en node')
  // Presence crosses the nodes too.
  await expect.poll(() => peopleOf(alice)).toContain('Bob')
  await expect.poll(() => peopleOf(bob)).toContain('Alice')

  // The board's node stops: Alice's page reconnects through nginx to another node and goes on.
  await nodes[home]!.stop()
  await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 })
  await addNote(alice, 400, 500, 'Etter flytting')
  await expect.poll(async () => (await shapesOf(bob)).map((s) => s.text), { timeout: 20_000 }).toContain('Etter flytting')
  await expect.poll(() => peopleOf(bob), { timeout: 20_000 }).toContain('Alice')

  await alice.context().close()
  await bob.context().close()
})
