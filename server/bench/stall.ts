/**
 * Benchmark 6, stalls: how long the heavy things one client can ask for block the server's
 * event loop, i.e. every other board and request. After an idle control, three scenarios on a board of `boardMiB`:
 * its cold load, `jsonDownloads` parallel JSON downloads of its snapshot, and `stuckSockets`
 * clients that ask for the snapshot's Yjs download and never read it. Each reports the longest
 * event-loop block inside the server (perf_hooks.monitorEventLoopDelay, via the probe), the
 * slowest /healthz answer of a client polling it meanwhile, and the server's RSS.
 */
import { connect, type Socket } from 'node:net'
import { SqliteStorage } from '../src/storage/SqliteStorage'
import { storeLargeBoard } from './board/storeLargeBoard'
import { launchServer, type ServerUnderTest } from './servers/ServerUnderTest'
import { coldLoadByTwoClients, measureStall, type StallScenario } from './stall/measureStall'
import { pause } from './timing/pause'

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

export interface StallResult {
  boardBytes: number
  shapes: number
  jsonDownloads: number
  stuckSockets: number
  scenarios: StallScenario[]
}

const IDLE_CONTROL_MS = 3_000
const STARTUP_SETTLE_MS = 1_000
const MB = 1024 * 1024

export async function runStall(opts: StallOptions): Promise<StallResult> {
  const log = opts.log ?? (() => {})
  const seeding = await launchServer('ours')
  // Held in an object: the closure below replaces it.
  const current: { server: ServerUnderTest | null } = { server: null }
  try {
    const board = await seeding.createBoard('stall')
    await seeding.stop()
    const storage = new SqliteStorage({ dataDir: seeding.dataDir! })
    const { bytes, shapes, snapshotId } = await storeLargeBoard(storage, board.room, opts.boardMiB * MB).finally(() => storage.close())
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
    scenarios.push(await measureStall(s, 'idle', () => pause(IDLE_CONTROL_MS)))
    scenarios.push(await measureStall(s, 'cold load', () => coldLoadByTwoClients(access)))
    s = await fresh()
    scenarios.push(
      await measureStall(s, 'JSON downloads', async () => {
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
      await measureStall(s, 'unread downloads', async (sampleRss) => {
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

/** A client that asks for a download and never reads it: its socket is paused, so the kernel stops taking the answer. */
function unreadDownload(port: number, path: string, token: string): Socket {
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => {})
  socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n\r\n`)
  socket.pause()
  return socket
}
