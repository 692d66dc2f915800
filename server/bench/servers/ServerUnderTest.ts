import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { randomBytes } from 'node:crypto'
import type { ProbeReply, ProbeRequest } from './probeMessages'
import { cpuSecondsBetween, readProcessCpu, type ProcessCpuReading } from './processCpu'
import { BENCH_CLIENT_DIST } from '../browser/clientBuild'

/**
 * The servers the benchmarks run: ours, the two anchors in memory, the same two with the
 * persistence each ships (`ysrvDisk`, `hocusDisk`), and the fan-out's floor (bareRelayMain.ts).
 */
export type ServerKind = 'ours' | 'ysrv' | 'hocus' | 'ysrvDisk' | 'hocusDisk' | 'relay'

/** What the targets judge ours against: the anchors in memory. The bare relay is the floor under every server, not an anchor. */
export const ANCHORS: readonly ServerKind[] = ['ysrv', 'hocus']

/**
 * The anchors with their own persistence on, for comparison only (`npm run bench --
 * --persisted-anchors`). Each keeps less than ours does: @y/websocket-server writes each update
 * to LevelDB after sending it, Hocuspocus stores the whole doc 2 s after the last change (at
 * most 10 s apart); ours commits each update before anyone sees it.
 */
export const PERSISTED_ANCHORS: readonly ServerKind[] = ['ysrvDisk', 'hocusDisk']

/** Which wire protocol (and so which client library) a server speaks. */
export type SyncProtocol = 'y-websocket' | 'hocuspocus'

export const SERVER_LABEL: Record<ServerKind, string> = {
  ours: 'ours (SQLite)',
  ysrv: '@y/websocket-server 0.1.1',
  hocus: 'Hocuspocus 4.7',
  ysrvDisk: '@y/websocket-server 0.1.1 + LevelDB',
  hocusDisk: 'Hocuspocus 4.7 + SQLite',
  relay: 'bare relay (floor)',
}

/** What a client needs to join one board on a server under test. */
export interface BoardAccess {
  /** y-websocket: the server URL the room name is appended to; Hocuspocus: the socket URL. */
  serverUrl: string
  room: string
  /** Token for our server (participant role); the anchors take none. */
  token: string | null
  /** Tokens of every role, for ours only (the browser benchmarks open the board as facilitator). */
  tokens?: Record<'facilitator' | 'participant' | 'viewer', string>
}

/** CPU seconds a server has used so far, and when (epoch ms, the benchmark's clock). */
export interface CpuSample {
  at: number
  seconds: number
  /** The kernel's counts behind `seconds`, per thread (null where there is no /proc): see cpuSecondsUsed. */
  reading: ProcessCpuReading | null
}

/** CPU seconds a server used between two of its samples, to the nanosecond where the kernel tells. */
export function cpuSecondsUsed(before: CpuSample, after: CpuSample): number {
  return before.reading && after.reading ? cpuSecondsBetween(before.reading, after.reading) : after.seconds - before.seconds
}

export interface ProcessSample {
  cpu: NodeJS.CpuUsage
  mem: NodeJS.MemoryUsage
  at: number
  /** Longest event-loop stall since the last probe with `resetLoopDelay` (null without `loopMonitor`). */
  loopDelayMaxMs: number | null
  /** The main thread's CPU time in that stall, as it would be on an idle machine (ProbeReply.loopCpuMaxMs). */
  loopCpuMaxMs: number | null
}

export interface ServerUnderTest {
  kind: ServerKind
  protocol: SyncProtocol
  origin: string
  port: number
  pid: number
  dataDir: string | null
  createBoard(title?: string): Promise<BoardAccess>
  /** The same board reached through this server, e.g. after a restart on a new port. */
  accessTo(board: BoardAccess): BoardAccess
  /** CPU time used so far, read from /proc at once (or, without /proc, from the probe). */
  sampleCpu(): Promise<CpuSample>
  /** CPU and memory of the server process, read inside it; `gc` collects garbage first. */
  probe(opts?: { gc?: boolean; heapSnapshotFile?: string; resetLoopDelay?: boolean }): Promise<ProcessSample>
  /** Stdout lines so far (the server's JSON logs). */
  logLines(): readonly string[]
  onLogLine(listener: (line: string) => void): () => void
  /** SIGTERM, then SIGKILL if it has not exited within a few seconds. */
  stop(): Promise<void>
  /** Stops it and removes its data directory, if the launcher made one. */
  dispose(): Promise<void>
}

export interface LaunchOptions {
  /** Reuse a data directory (servers that store boards), e.g. to reopen a stored board cold. */
  dataDir?: string
  env?: Record<string, string>
  /** Extra flags for node, e.g. `--cpu-prof`. */
  nodeArgs?: string[]
  /** Turns on the probe's event-loop monitors (they cost CPU, so only the stall benchmark does). */
  loopMonitor?: boolean
}

const benchDir = resolve(import.meta.dirname, '..')
const repoRoot = resolve(benchDir, '..', '..')
const PROBE = join(benchDir, 'servers', 'processProbe.ts')
/**
 * BENCH_SERVER_ROOT points at another checkout of the repository (e.g. `git archive` of a
 * commit, with node_modules linked) to benchmark that version of our server instead.
 */
const oursRoot = process.env.BENCH_SERVER_ROOT ? resolve(process.env.BENCH_SERVER_ROOT) : repoRoot
const ENTRY: Record<ServerKind, string> = {
  ours: join(oursRoot, 'server', 'src', 'main.ts'),
  ysrv: join(benchDir, 'servers', 'yWebsocketServerMain.ts'),
  hocus: join(benchDir, 'servers', 'hocuspocusMain.ts'),
  ysrvDisk: join(benchDir, 'servers', 'yWebsocketServerMain.ts'),
  hocusDisk: join(benchDir, 'servers', 'hocuspocusMain.ts'),
  relay: join(benchDir, 'servers', 'bareRelayMain.ts'),
}
/** Which client library each kind is driven by. */
const PROTOCOL: Record<ServerKind, SyncProtocol> = {
  ours: 'y-websocket',
  ysrv: 'y-websocket',
  hocus: 'hocuspocus',
  ysrvDisk: 'y-websocket',
  hocusDisk: 'hocuspocus',
  relay: 'y-websocket',
}
/** Where a server that stores boards is told its data directory, a fresh one per launch unless LaunchOptions.dataDir. */
const DATA_DIR_VARIABLE: Partial<Record<ServerKind, string>> = {
  ours: 'DATA_DIR',
  // The package's own switch: its LevelDB persistence (y-leveldb) in that directory.
  ysrvDisk: 'YPERSISTENCE',
  hocusDisk: 'HOCUSPOCUS_SQLITE_DIR',
}
/** Long enough for tsx to compile a cold server, short enough that a hung start fails the run. */
const START_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 5_000
const PROBE_TIMEOUT_MS = 30_000
const KEPT_LOG_LINES = 5_000

/**
 * Starts one server under test in its own child process, so that its CPU time is its
 * own and not the clients'. Every kind gets the same node flags and the same probe.
 */
export async function launchServer(kind: ServerKind, opts: LaunchOptions = {}): Promise<ServerUnderTest> {
  const dataDirVariable = DATA_DIR_VARIABLE[kind]
  const ownsDataDir = dataDirVariable !== undefined && !opts.dataDir
  const dataDir = dataDirVariable ? (opts.dataDir ?? mkdtempSync(join(tmpdir(), 'wb-bench-'))) : null
  const dataDirEnv = dataDirVariable && dataDir ? { [dataDirVariable]: dataDir } : {}
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...(opts.nodeArgs ?? []), '--import', 'tsx', '--import', PROBE, ENTRY[kind]],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        ...dataDirEnv,
        ...(kind === 'ours' ? { CLIENT_DIST_DIR: BENCH_CLIENT_DIST } : {}),
        ...(opts.loopMonitor ? { BENCH_LOOP_MONITOR: '1' } : {}),
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  )
  const lines: string[] = []
  const listeners = new Set<(line: string) => void>()
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000)
    if (process.env.BENCH_SERVER_LOG) process.stderr.write(chunk)
  })
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line)
    if (lines.length > KEPT_LOG_LINES) lines.splice(0, lines.length - KEPT_LOG_LINES)
    if (process.env.BENCH_SERVER_LOG) console.info(`[${kind}] ${line}`)
    for (const listener of listeners) listener(line)
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  let port: number
  try {
    port = await waitForListening(child, lines, listeners, () => stderr)
  } catch (err) {
    child.kill('SIGKILL')
    if (ownsDataDir && dataDir) rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
  const origin = `http://127.0.0.1:${port}`
  const wsOrigin = `ws://127.0.0.1:${port}`
  const protocol = PROTOCOL[kind]

  let nextProbeId = 1
  const pending = new Map<number, (reply: ProbeReply) => void>()
  child.on('message', (msg: unknown) => {
    const reply = msg as ProbeReply
    if (reply?.type !== 'probe') return
    pending.get(reply.id)?.(reply)
    pending.delete(reply.id)
  })

  const probe = ({ gc = false, heapSnapshotFile, resetLoopDelay = false }: { gc?: boolean; heapSnapshotFile?: string; resetLoopDelay?: boolean } = {}) => {
    const id = nextProbeId++
    const request: ProbeRequest = { type: 'probe', id, gc, resetLoopDelay, ...(heapSnapshotFile ? { heapSnapshotFile } : {}) }
    return new Promise<ProcessSample>((done, fail) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        fail(new Error(`${kind}: probe timed out`))
      }, PROBE_TIMEOUT_MS)
      pending.set(id, (reply) => {
        clearTimeout(timer)
        done({ cpu: reply.cpu, mem: reply.mem, at: reply.at, loopDelayMaxMs: reply.loopDelayMaxMs, loopCpuMaxMs: reply.loopCpuMaxMs })
      })
      child.send(request)
    })
  }

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
      await exited
      clearTimeout(timer)
    }
  }

  return {
    kind,
    protocol,
    origin,
    port,
    pid: child.pid ?? -1,
    dataDir,
    async createBoard(title = 'benchmark') {
      if (kind !== 'ours') {
        // The anchors create a room on first join; a random name keeps runs apart.
        const room = randomBytes(16).toString('base64url')
        return { serverUrl: protocol === 'hocuspocus' ? wsOrigin : `${wsOrigin}/sync`, room, token: null }
      }
      const res = await fetch(`${origin}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title, lang: 'en' }),
      })
      if (res.status !== 201) throw new Error(`POST /api/boards answered ${res.status}: ${await res.text()}`)
      const body = (await res.json()) as { id: string; tokens: Record<'facilitator' | 'participant' | 'viewer', string> }
      return { serverUrl: `${wsOrigin}/sync`, room: body.id, token: body.tokens.participant, tokens: body.tokens }
    },
    accessTo(board) {
      return { ...board, serverUrl: protocol === 'hocuspocus' ? wsOrigin : `${wsOrigin}/sync` }
    },
    async sampleCpu() {
      const at = performance.timeOrigin + performance.now()
      const reading = readProcessCpu(child.pid ?? -1)
      if (reading) return { at, seconds: reading.tickSeconds, reading }
      const sample = await probe()
      return { at: sample.at, seconds: (sample.cpu.user + sample.cpu.system) / 1e6, reading: null }
    },
    probe,
    logLines: () => lines,
    onLogLine(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stop,
    async dispose() {
      await stop()
      if (ownsDataDir && dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

function waitForListening(
  child: ChildProcess,
  lines: string[],
  listeners: Set<(line: string) => void>,
  stderr: () => string,
): Promise<number> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => finish(new Error(`server did not listen within ${START_TIMEOUT_MS} ms:\n${stderr()}`)), START_TIMEOUT_MS)
    const onExit = (code: number | null) => finish(new Error(`server exited (${code}) before listening:\n${stderr()}`))
    const check = (line: string) => {
      try {
        const entry = JSON.parse(line) as { msg?: unknown; port?: unknown }
        if (entry.msg === 'listening' && typeof entry.port === 'number') finish(null, entry.port)
      } catch {
        // not a JSON log line
      }
    }
    function finish(err: Error | null, port?: number) {
      clearTimeout(timer)
      listeners.delete(check)
      child.off('exit', onExit)
      if (err) fail(err)
      else done(port!)
    }
    child.once('exit', onExit)
    listeners.add(check)
    for (const line of lines) check(line)
  })
}

