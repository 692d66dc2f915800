/**
 * Benchmark 2, capacity: many small boards loaded at once, each with a few clients. Reports the
 * server's memory per loaded board and how long boards stay in memory after everyone leaves.
 */
import { launchServer, type BoardAccess, type ProcessSample, type ServerKind } from './servers/ServerUnderTest'
import { RawSyncClient } from './capacityClients/RawSyncClient'
import { readLoadedRooms } from './capacityClients/loadedRooms'
import { shapesUpdate } from './board/seedShapes'
import { waitFor } from './timing/waitFor'
import { withTimeout } from './timing/withTimeout'

export interface CapacityOptions {
  kind: ServerKind
  boards: number
  shapesPerBoard: number
  clientsPerBoard: number
  /** Boards joined at a time; a wave is fully synced before the next one starts. */
  wave: number
  /** Give up waiting for unloads after this long. */
  unloadTimeoutMs: number
  /** Extra server environment; the full run keeps the server's default unload delay. */
  serverEnv?: Record<string, string>
  log?: (line: string) => void
}

export interface MemoryFigures {
  rssMb: number
  heapUsedMb: number
  externalMb: number
}

export interface CapacityResult {
  kind: ServerKind
  boards: number
  shapesPerBoard: number
  clients: number
  loadSeconds: number
  baseline: MemoryFigures
  loaded: MemoryFigures
  perBoardKb: { rss: number; heapUsed: number; external: number }
  unload: {
    /** How the unloads were seen: the server's loaded-rooms gauge, or the heap falling back. */
    observedBy: string
    /** From the last client's close to all boards unloaded; null if not seen before the timeout. */
    seconds: number | null
    after: MemoryFigures | null
  }
}

const WAVE_TIMEOUT_MS = 120_000
const BOARD_CREATION_CONCURRENCY = 8
/** The heap counts as released when at most this share of what loading added is still held. */
const RELEASED_SHARE = 0.1

export async function runCapacity(opts: CapacityOptions): Promise<CapacityResult> {
  const log = opts.log ?? (() => {})
  // Debug logs say "room unloaded" per board: a way to see unloads if /metrics has no gauge.
  const server = await launchServer(opts.kind, { env: { LOG_LEVEL: 'debug', ...opts.serverEnv } })
  const clients: RawSyncClient[] = []
  try {
    const boards: BoardAccess[] = []
    for (let i = 0; i < opts.boards; i += BOARD_CREATION_CONCURRENCY) {
      const batch = Math.min(BOARD_CREATION_CONCURRENCY, opts.boards - i)
      boards.push(...(await Promise.all(Array.from({ length: batch }, (_, j) => server.createBoard(`capacity ${i + j}`)))))
    }
    const gauge = await readLoadedRooms(server.origin)
    if (gauge && gauge.value > 0) await waitFor(async () => (await readLoadedRooms(server.origin))?.value === 0, opts.unloadTimeoutMs, 250)
    const baseline = await server.probe({ gc: true })

    const started = performance.now()
    let socketIndex = 0
    for (let first = 0; first < boards.length; first += opts.wave) {
      const wave = boards.slice(first, first + opts.wave)
      const joined = wave.map((access, b) =>
        Array.from(
          { length: opts.clientsPerBoard },
          (_, c) => new RawSyncClient(access, socketIndex++, { user: { id: `cap-${first + b}-${c}`, name: `Deltaker ${c}`, color: '#f08c00' }, cursor: null }),
        ),
      )
      for (const group of joined) clients.push(...group)
      await withTimeout(Promise.all(joined.flat().map((c) => c.synced)), WAVE_TIMEOUT_MS, 'clients did not sync')
      // The first client of each board writes its shapes; the others receiving the broadcast
      // proves the server committed them (it broadcasts only what storage has).
      joined.forEach((group, b) => group[0]!.sendUpdate(shapesUpdate(opts.shapesPerBoard, `b${first + b}x`)))
      await withTimeout(Promise.all(joined.flatMap((group) => group.slice(1).map((c) => c.untilUpdates(1)))), WAVE_TIMEOUT_MS, 'shapes were not broadcast')
      const refused = joined.flat().find((c) => c.closeInfo)
      if (refused) throw new Error(`the server closed a client: ${refused.closeInfo!.code} ${refused.closeInfo!.reason}`)
      if ((first / opts.wave) % 5 === 4) log(`capacity ${opts.kind}: ${first + wave.length}/${boards.length} boards loaded`)
    }
    const loadSeconds = (performance.now() - started) / 1000
    const loaded = await server.probe({ gc: true })

    let unloadLines = 0
    const stopCounting = server.onLogLine((line) => {
      if (line.includes('"room unloaded"')) unloadLines++
    })
    await Promise.all(clients.splice(0).map((c) => c.close()))
    const leftAt = performance.now()
    let observedBy = 'heap (no loaded-rooms gauge on /metrics, no "room unloaded" logs)'
    let unloaded: boolean
    if (gauge) {
      observedBy = `/metrics ${gauge.metric}`
      unloaded = await waitFor(async () => (await readLoadedRooms(server.origin))?.value === 0, opts.unloadTimeoutMs, 100)
    } else if (opts.kind === 'ours') {
      observedBy = 'server debug log "room unloaded"'
      unloaded = await waitFor(() => unloadLines >= boards.length, opts.unloadTimeoutMs, 100)
    } else {
      const added = loaded.mem.heapUsed - baseline.mem.heapUsed
      unloaded = await waitFor(
        async () => (await server.probe({ gc: true })).mem.heapUsed - baseline.mem.heapUsed <= added * RELEASED_SHARE,
        opts.unloadTimeoutMs,
        1000,
      )
    }
    stopCounting()
    const seconds = unloaded ? (performance.now() - leftAt) / 1000 : null
    const after = unloaded ? figures(await server.probe({ gc: true })) : null
    const per = (key: 'rss' | 'heapUsed' | 'external') => (loaded.mem[key] - baseline.mem[key]) / 1024 / boards.length
    return {
      kind: opts.kind,
      boards: boards.length,
      shapesPerBoard: opts.shapesPerBoard,
      clients: boards.length * opts.clientsPerBoard,
      loadSeconds,
      baseline: figures(baseline),
      loaded: figures(loaded),
      perBoardKb: { rss: per('rss'), heapUsed: per('heapUsed'), external: per('external') },
      unload: { observedBy, seconds, after },
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()))
    await server.dispose()
  }
}

function figures(sample: ProcessSample): MemoryFigures {
  const mb = (bytes: number) => bytes / 2 ** 20
  return { rssMb: mb(sample.mem.rss), heapUsedMb: mb(sample.mem.heapUsed), externalMb: mb(sample.mem.external) }
}

