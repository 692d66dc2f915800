import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { WebSocket } from 'ws'
import { freePort } from '../server/test/freePort'
import { startNginx, type TestNginx } from '../server/test/nginx/startNginx'
import { makeTestCertificate, type TestCertificate } from '../server/test/nginx/testCertificate'
import { addNote, openBoard, shapesOf } from './fixtures/boards'
import { pastePng } from './fixtures/pastePng'
import { startServer, type RunningServer } from './fixtures/serverProcess'

/** The configuration the README shows, as an operator would install it. */
const NGINX_CONFIG = readFileSync(resolve(import.meta.dirname, '..', 'deploy', 'nginx', 'whiteboard.conf'), 'utf8')

/** Few enough that a handful of websockets through the proxy reach it. */
const MAX_CONNECTIONS_PER_IP = 4

/** The README's configuration with only what a machine changes: the port nginx listens on, the certificate, the server's port. */
function siteConfig(listenPort: number, cert: TestCertificate, serverPort: number): string {
  const replacements: [string, string][] = [
    ['listen 443 ssl;', `listen 127.0.0.1:${listenPort} ssl;`],
    ['/etc/ssl/verkstedtavla/fullchain.pem', cert.certFile],
    ['/etc/ssl/verkstedtavla/privkey.pem', cert.keyFile],
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${serverPort};`],
  ]
  let config = NGINX_CONFIG
  for (const [from, to] of replacements) {
    if (config.split(from).length !== 2) throw new Error(`deploy/nginx/whiteboard.conf should hold "${from}" once`)
    config = config.replace(from, to)
  }
  return config
}

let certDir: string
let cert: TestCertificate
let nginx: TestNginx
let server: RunningServer
let publicUrl: string

test.beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'wb-tls-'))
  cert = await makeTestCertificate(certDir)
  // nginx first, on a port of its own choosing, pointed at the port the server will take; then
  // the server, told that people reach it at nginx's address.
  const serverPort = await freePort()
  nginx = await startNginx((port) => siteConfig(port, cert, serverPort))
  publicUrl = `https://localhost:${nginx.port}`
  server = await startServer({ port: serverPort, env: { PUBLIC_URL: publicUrl, TRUST_PROXY: 'true', MAX_CONNECTIONS_PER_IP: String(MAX_CONNECTIONS_PER_IP) } })
})

test.afterAll(async () => {
  await server?.dispose()
  await nginx?.stop()
  rmSync(certDir, { recursive: true, force: true })
})

/** The board's one image as the page shows it: its width once loaded, 0 before. */
async function shownImageWidth(page: Page): Promise<number> {
  return page.evaluate(() => {
    const img = document.querySelector<HTMLImageElement>('.tl-shape[data-shape-type="image"] img')
    return img && img.complete ? img.naturalWidth : 0
  })
}

/** Opens a websocket to the board through nginx as a script would (no Origin), and resolves with its close code, or 0 once it is open and synced. */
function proxiedSocket(path: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(`wss://localhost:${nginx.port}${path}`, { ca: cert.pem })
  const closed = new Promise<number>((done) => socket.once('close', (code) => done(code)))
  return new Promise((done, fail) => {
    socket.once('message', () => done({ socket, closed }))
    socket.once('close', () => done({ socket, closed }))
    socket.once('error', fail)
  })
}

test('behind nginx with TLS: a board is created, synced and given an image over https and wss, links use PUBLIC_URL, HSTS is sent, and client addresses come from the proxy', async ({ browser }) => {
  const home = await (await browser.newContext({ locale: 'nb-NO', ignoreHTTPSErrors: true })).newPage()
  const answer = await home.goto(`${publicUrl}/`)
  expect(answer?.status()).toBe(200)
  expect(answer?.headers()['strict-transport-security']).toMatch(/max-age=\d+/)

  await home.getByTestId('board-title').fill('Bak proxy')
  await home.getByTestId('create-board').click()
  const facilitatorLink = await home.getByTestId('link-facilitator').getAttribute('href')
  const participantLink = await home.getByTestId('link-participant').getAttribute('href')
  expect(facilitatorLink).toMatch(new RegExp(`^${publicUrl}/b/[A-Za-z0-9_-]+#`))
  expect(participantLink).toMatch(new RegExp(`^${publicUrl}/b/[A-Za-z0-9_-]+#`))
  await home.context().close()

  const sockets: string[] = []
  const alice = await openBoard(browser, facilitatorLink!, 'Alice', { ignoreHTTPSErrors: true })
  alice.on('websocket', (ws) => sockets.push(ws.url()))
  const bob = await openBoard(browser, participantLink!, 'Bob', { ignoreHTTPSErrors: true })
  expect(alice.url().startsWith(`${publicUrl}/b/`)).toBe(true)

  await addNote(alice, 400, 300, 'Over TLS')
  await expect.poll(async () => (await shapesOf(bob)).map((s) => s.text), { timeout: 20_000 }).toContain('Over TLS')

  await pastePng(bob, 320, 200)
  await expect.poll(() => shownImageWidth(alice), { timeout: 30_000 }).toBe(320)
  // Every websocket the pages opened went through nginx's TLS port.
  for (const url of sockets) expect(url.startsWith(`wss://localhost:${nginx.port}/sync/`)).toBe(true)

  // nginx appends the address it saw to X-Forwarded-For, and the server (TRUST_PROXY) counts
  // connections under it: loopback as it is here, but forwarded, so not exempt as the proxy's own
  // socket would be. Past the per-address cap the next one is refused.
  const boardId = new URL(participantLink!).pathname.split('/').pop()!
  const token = new URLSearchParams(new URL(participantLink!).hash.slice(1)).get('token')!
  const opened: WebSocket[] = []
  const codes: number[] = []
  for (let i = 0; i < MAX_CONNECTIONS_PER_IP + 1 && !codes.includes(4031); i++) {
    const { socket, closed } = await proxiedSocket(`/sync/${boardId}?token=${encodeURIComponent(token)}`)
    opened.push(socket)
    void closed.then((code) => codes.push(code))
    if (socket.readyState === WebSocket.CLOSED) codes.push(await closed)
  }
  for (const socket of opened) socket.close()
  expect(codes).toContain(4031)

  await alice.context().close()
  await bob.context().close()
})
