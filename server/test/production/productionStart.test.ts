import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleServer } from '../../build/bundleServer'
import { spawnServer, type ChildServer } from '../childServer'
import { rectangle } from '../records'
import { connectClient, type SyncClient } from '../syncClient'
import { createBoardVia } from '../testServer'
import { waitFor } from '../waitFor'
import { productionDependencies } from './productionDependencies'

const repoRoot = resolve(import.meta.dirname, '..', '..', '..')

/** Debian's unprivileged user: the container image runs as a user of its own, never as root. */
const NOBODY = { uid: 65534, gid: 65534 }

/**
 * Copies a folder as hard links (a copy's worth of files in a moment, on the same file system; a
 * real copy where linking is refused), skipping what `keep` refuses. Node finds modules by path, so
 * the linked tree resolves exactly as a copied one would.
 */
function linkTree(from: string, to: string, keep: (source: string) => boolean): void {
  mkdirSync(to, { recursive: true })
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name)
    const target = join(to, entry.name)
    if (!keep(source)) continue
    if (entry.isDirectory()) linkTree(source, target, keep)
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target)
    else {
      try {
        linkSync(source, target)
      } catch {
        copyFileSync(source, target)
      }
    }
  }
}

/**
 * What the Dockerfile does, outside a container: the server built into plain JavaScript, beside
 * the production dependencies only (package-lock.json's closure of the server workspace, as
 * `npm prune --omit=dev` leaves them), started with `node` as a user who is not root, with a
 * minimal environment: no tsx, no TypeScript, no dev dependency within reach.
 */
describe('the production build', () => {
  let app: string
  let server: ChildServer | undefined
  const clients: SyncClient[] = []

  beforeAll(async () => {
    app = mkdtempSync(join(tmpdir(), 'wb-production-'))
    chmodSync(app, 0o755)
    await bundleServer(join(app, 'server', 'dist'))
    for (const pkg of productionDependencies(repoRoot, 'server', (name) => name.startsWith('@whiteboard/'))) {
      // Each package without its own node_modules: the nested packages it needs are in the list themselves.
      linkTree(join(repoRoot, pkg), join(app, pkg), (source) => source !== join(repoRoot, pkg, 'node_modules'))
    }
    mkdirSync(join(app, 'data'))
    if (process.getuid?.() === 0) chownSync(join(app, 'data'), NOBODY.uid, NOBODY.gid)
  }, 120_000)

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server?.kill('SIGKILL')
    rmSync(app, { recursive: true, force: true })
  })

  it('starts with node and production dependencies only, as a user who is not root, answers /healthz, syncs, and stops on SIGTERM', async () => {
    server = await spawnServer(
      { DATA_DIR: join(app, 'data') },
      {
        args: ['--enable-source-maps', join(app, 'server', 'dist', 'main.js')],
        cwd: app,
        baseEnv: { PATH: process.env.PATH },
        ...(process.getuid?.() === 0 ? { user: NOBODY } : {}),
      },
    )
    const health = await fetch(`${server.origin}/healthz`)
    expect(health.status).toBe(200)
    // What an operator alerts on: the process's memory and the event loop's lag.
    const metrics = await (await fetch(`${server.origin}/metrics`)).text()
    expect(metrics).toMatch(/^whiteboard_process_resident_memory_bytes \d+/m)
    expect(metrics).toMatch(/^whiteboard_nodejs_eventloop_lag_p99_seconds [\d.e-]+/m)

    const board = await createBoardVia(server.origin, { title: 'Produksjon' })
    const writer = connectClient(server.syncUrl, board.id, board.tokens.participant)
    const reader = connectClient(server.syncUrl, board.id, board.tokens.viewer)
    clients.push(writer, reader)
    await waitFor(() => writer.provider.synced && reader.provider.synced, { what: 'both clients to sync' })
    writer.records.set('shape:rect1', rectangle(1))
    await waitFor(() => reader.records.get('shape:rect1'), { what: 'the shape to reach the reader' })

    await server.kill('SIGTERM')
    expect(server.child.exitCode).toBe(0)
    expect(server.errorLines).toEqual([])
  }, 120_000)

  it('runs the admin command from the build, as that user', () => {
    const run = spawnSync(process.execPath, [join(app, 'server', 'dist', 'admin.js'), '--json', 'stats'], {
      cwd: app,
      env: { PATH: process.env.PATH, DATA_DIR: join(app, 'data') },
      encoding: 'utf8',
      ...(process.getuid?.() === 0 ? NOBODY : {}),
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ boards: 1 })
  })
})
