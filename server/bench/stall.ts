/**
 * Benchmark 6, stalls: how long the heavy things one client can ask for block the server's
 * event loop, i.e. every other board and request. After an idle control, three scenarios on a board of `boardMiB`:
 * its cold load, `jsonDownloads` parallel JSON downloads of its snapshot, and `stuckSockets`
 * clients that ask for the snapshot's Yjs download and never read it. Each reports the longest
 * event-loop block inside the server (perf_hooks.monitorEventLoopDelay, via the probe), the
 * slowest /healthz answer of a client polling it meanwhile, and the server's RSS.
 */
import { connect, type Socket } from 'node:net'
import * as Y from 'yjs'
import { SqliteStorage } from '../src/storage/SqliteStorage'
import { writeShapes } from './board/seedShapes'
import { DEFAULT_PAGE_ID } from './board/geoShape'
import { RawSyncClient } from './capacityClients/RawSyncClient'
import { launchServer, type ServerUnderTest } from './servers/ServerUnderTest'
import { pause } from './timing/pause'
import { withTimeout } from './timing/withTimeout'

export interface StallOptions {
  /** Size of the board and its snapshot, in MiB of Yjs state. */
  boardMiB: number
  jsonDownloads: number
  stuckSockets: number
  /** How long the non-reading sockets are held open. */
  stuckMs: number
  /** Extra node flags for each server, e.g. `--cpu-prof` (`npm run bench -- --profile`). */
  serverNodeArgs?: string[]
  log?: (line: string) => void
}

export interface StallScenario {
  /** `idle` is the control: the same server doing nothing but answer /healthz (on a shared machine, the noise floor). */
  name: 'idle' | 'cold load' | 'JSON downloads' | 'unread downloads'
  /** Longest event-loop block in the server while it ran (overstated by at most 5 ms). */
  maxLoopDelayMs: number
  /**
   * The most CPU time the server's main thread used in one block (ProbeReply.loopCpuMaxMs):
   * what the block costs by itself, which on a machine shared with other busy processes is
   * the figure to compare with the target; null where it cannot be read.
   */
  maxLoopCpuMs: number | null
  /** Slowest /healthz answer to a client polling it every 10 ms meanwhile. */
  maxHealthzMs: number
  healthzFailures: number
  rssBeforeMb: number
  rssPeakMb: number
  durationMs: number
}

export interface StallResult {
  boardBytes: number
  shapes: number
  jsonDownloads: number
  stuckSockets: number
  scenarios: StallScenario[]
}

/** The target: nothing one client does may block other boards for longer than this. */
export const STALL_TARGET_MS = 50

const HEALTHZ_INTERVAL_MS = 10
const IDLE_CONTROL_MS = 3_000
const STARTUP_SETTLE_MS = 1_000
const SCENARIO_TIMEOUT_MS = 180_000
const MB = 1024 * 1024

export async function runStall(opts: StallOptions): Promise<StallResult> {
  const log = opts.log ?? (() => {})
  const seeding = await launchServer('ours')
  // Held in an object: the closure below replaces it.
  const current: { server: ServerUnderTest | null } = { server: null }
  try {
    const board = await seeding.createBoard('stall')
    await seeding.stop()
    const { bytes, shapes, snapshotId } = await storeLargeBoard(seeding.dataDir!, board.room, opts.boardMiB * MB)
    log(`stall: stored a board of ${(bytes / MB).toFixed(1)} MiB (${shapes} shapes) and a snapshot of it`)
    const scenarios: StallScenario[] = []
    const snapshotPath = `/api/boards/${board.room}/snapshots/${snapshotId}`
    const facilitator = board.tokens!.facilitator
    // Each scenario on a fresh server process, so none pays for what the one before left behind
    // (a loaded 24 MiB board, its garbage).
    const fresh = async (): Promise<ServerUnderTest> => {
      await current.server?.stop()
      current.server = await launchServer('ours', { dataDir: seeding.dataDir!, loopMonitor: true, ...(opts.serverNodeArgs ? { nodeArgs: opts.serverNodeArgs } : {}) })
      // What a process does in its first second (compiling, first collections) is not a client's doing.
      await pause(STARTUP_SETTLE_MS)
      return current.server
    }

    let s = await fresh()
    const access = s.accessTo(board)
    scenarios.push(await measure(s, 'idle', () => pause(IDLE_CONTROL_MS)))
    scenarios.push(
      await measure(s, 'cold load', async () => {
        const presence = { user: { id: 'stall', name: 'Stall', color: '#2f9e44' } }
        const first = new RawSyncClient(access, 1, presence)
        await first.synced
        // The first client gets the stored board while the room's doc is built; the room greets
        // it once the load is done. A second one is then answered by the loaded room.
        await first.joined
        const second = new RawSyncClient(access, 2, presence)
        await second.synced
        await Promise.all([first.close(), second.close()])
      }),
    )
    s = await fresh()
    scenarios.push(
      await measure(s, 'JSON downloads', async () => {
        await Promise.all(
          Array.from({ length: opts.jsonDownloads }, async () => {
            const res = await fetch(`${s.origin}${snapshotPath}`, { headers: { authorization: `Bearer ${facilitator}` } })
            if (res.status !== 200) throw new Error(`JSON download answered ${res.status}: ${await res.text()}`)
            await res.arrayBuffer()
          }),
        )
      }),
    )
    s = await fresh()
    scenarios.push(
      await measure(s, 'unread downloads', async (sampleRss) => {
        const sockets = Array.from({ length: opts.stuckSockets }, () => unreadDownload(s.port, `${snapshotPath}?format=yjs`, facilitator))
        const until = Date.now() + opts.stuckMs
        while (Date.now() < until) {
          await sampleRss()
          await pause(250)
        }
        for (const socket of sockets) socket.destroy()
      }),
    )
    for (const r of scenarios) {
      log(`stall: ${r.name}: event loop blocked ≤ ${r.maxLoopDelayMs.toFixed(1)} ms (main-thread CPU ≤ ${r.maxLoopCpuMs?.toFixed(1) ?? 'n/a'} ms), /healthz ≤ ${r.maxHealthzMs.toFixed(1)} ms, RSS ${r.rssBeforeMb.toFixed(0)} → ${r.rssPeakMb.toFixed(0)} MB`)
    }
    return { boardBytes: bytes, shapes, jsonDownloads: opts.jsonDownloads, stuckSockets: opts.stuckSockets, scenarios }
  } finally {
    await current.server?.stop()
    await seeding.dispose()
  }
}

/** Runs one scenario with a /healthz poller beside it, between two probes of the server. */
async function measure(server: ServerUnderTest, name: StallScenario['name'], scenario: (sampleRss: () => Promise<void>) => Promise<void>): Promise<StallScenario> {
  const before = await server.probe({ gc: true, resetLoopDelay: true })
  // The first interval after a reset is not recorded: let one pass before the work starts.
  await pause(50)
  let rssPeak = before.mem.rss
  const sampleRss = async () => {
    rssPeak = Math.max(rssPeak, (await server.probe()).mem.rss)
  }
  let polling = true
  let maxHealthzMs = 0
  let healthzFailures = 0
  const poller = (async () => {
    while (polling) {
      const started = performance.now()
      try {
        const res = await fetch(`${server.origin}/healthz`)
        await res.arrayBuffer()
        if (res.status !== 200) healthzFailures++
      } catch {
        healthzFailures++
      }
      maxHealthzMs = Math.max(maxHealthzMs, performance.now() - started)
      await pause(HEALTHZ_INTERVAL_MS)
    }
  })()
  const started = performance.now()
  await withTimeout(scenario(sampleRss), SCENARIO_TIMEOUT_MS, `stall scenario "${name}"`)
  const durationMs = performance.now() - started
  polling = false
  await poller
  const after = await server.probe()
  if (after.loopDelayMaxMs === null) throw new Error('the stall benchmark needs a server launched with loopMonitor')
  rssPeak = Math.max(rssPeak, after.mem.rss)
  return {
    name,
    maxLoopDelayMs: after.loopDelayMaxMs,
    maxLoopCpuMs: after.loopCpuMaxMs,
    maxHealthzMs,
    healthzFailures,
    rssBeforeMb: before.mem.rss / MB,
    rssPeakMb: rssPeak / MB,
    durationMs,
  }
}

/** A client that asks for a download and never reads it: its socket is paused, so the kernel stops taking the answer. */
function unreadDownload(port: number, path: string, token: string): Socket {
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => {})
  socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n\r\n`)
  socket.pause()
  return socket
}

/**
 * Grows the stored board to about `targetBytes` of Yjs state with rectangles, and stores the
 * same state as a manual snapshot, straight into the server's SQLite file while it is stopped
 * (over sync this would take minutes, and the benchmark is about what comes after).
 */
async function storeLargeBoard(dataDir: string, boardId: string, targetBytes: number): Promise<{ bytes: number; shapes: number; snapshotId: string }> {
  const storage = new SqliteStorage({ dataDir })
  try {
    const stored = await storage.loadBoard(boardId)
    if (!stored) throw new Error('the seeded board is missing')
    const doc = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
    // Measure a sample, then write the rest in one go.
    const sample = 500
    const base = Y.encodeStateAsUpdate(doc).byteLength
    writeShapes(doc, sample, { parentId: DEFAULT_PAGE_ID, prefix: 'stall-sample-' })
    const perShape = (Y.encodeStateAsUpdate(doc).byteLength - base) / sample
    const rest = Math.max(0, Math.floor((targetBytes - base) / perShape) - sample)
    writeShapes(doc, rest, { parentId: DEFAULT_PAGE_ID, prefix: 'stall-', perUpdate: 1_000 })
    const state = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    // Logged first: a compaction only replaces a snapshot that is behind the log.
    const seq = await storage.appendUpdates(boardId, [state])
    if (!(await storage.compact(boardId, state, seq))) throw new Error('the large board could not be stored as its snapshot')
    const snapshot = await storage.putSnapshot(boardId, { label: 'stall benchmark', author: 'bench', kind: 'manual' }, state)
    return { bytes: state.byteLength, shapes: sample + rest, snapshotId: snapshot.id }
  } finally {
    await storage.close()
  }
}

