/**
 * Production start: how long `npm run serve` (the built server, server/dist/main.js, plain node)
 * takes from spawn to answering /healthz, and how much memory it holds then, against the start it
 * replaced, the TypeScript sources through tsx (the anchor). Starts alternate between the two, each
 * on a fresh DATA_DIR, and the medians are compared as ratios of the same run.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { bundleServer } from '../build/bundleServer'

const repoRoot = resolve(import.meta.dirname, '..', '..')

export type StartKind = 'tsx' | 'built'

const COMMANDS: Record<StartKind, string[]> = {
  tsx: ['--import', 'tsx', join(repoRoot, 'server/src/main.ts')],
  built: ['--enable-source-maps', join(repoRoot, 'server/dist/main.js')],
}

export interface ProductionStartOptions {
  /** Starts of each kind; the median counts. */
  samples: number
  log?: (line: string) => void
}

export interface StartFigures {
  /** Spawn to the first answered /healthz, median. */
  startMs: number
  /** Resident memory once /healthz answered, median. */
  rssMb: number
}

export interface ProductionStartResult {
  samples: number
  tsx: StartFigures
  built: StartFigures
  /** built ÷ tsx. */
  ratio: { startMs: number; rssMb: number }
}

export async function runProductionStart(opts: ProductionStartOptions): Promise<ProductionStartResult> {
  const log = opts.log ?? (() => {})
  await bundleServer()
  const runs: Record<StartKind, { startMs: number; rssMb: number }[]> = { tsx: [], built: [] }
  for (let i = 0; i < opts.samples; i++) {
    for (const kind of ['tsx', 'built'] as const) runs[kind].push(await startOnce(kind))
  }
  const figures = (kind: StartKind): StartFigures => ({ startMs: median(runs[kind].map((r) => r.startMs)), rssMb: median(runs[kind].map((r) => r.rssMb)) })
  const tsx = figures('tsx')
  const built = figures('built')
  log(`production start: built ${built.startMs.toFixed(0)} ms, ${built.rssMb.toFixed(0)} MB; tsx ${tsx.startMs.toFixed(0)} ms, ${tsx.rssMb.toFixed(0)} MB`)
  return { samples: opts.samples, tsx, built, ratio: { startMs: built.startMs / tsx.startMs, rssMb: built.rssMb / tsx.rssMb } }
}

async function startOnce(kind: StartKind): Promise<{ startMs: number; rssMb: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-bench-start-'))
  const started = performance.now()
  const child = spawn(process.execPath, COMMANDS[kind], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  try {
    const port = await new Promise<number>((done, fail) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: unknown }
          if (entry.msg === 'listening' && typeof entry.port === 'number') done(entry.port)
        } catch {
          // not a log line
        }
      })
      child.once('exit', (code) => fail(new Error(`the ${kind} server exited (${code}) before listening`)))
    })
    const res = await fetch(`http://127.0.0.1:${port}/healthz`)
    if (!res.ok) throw new Error(`the ${kind} server answered /healthz with ${res.status}`)
    const startMs = performance.now() - started
    return { startMs, rssMb: residentMb(child.pid!) }
  } finally {
    child.kill('SIGTERM')
    await exited
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** VmRSS of a process, from /proc (Linux). */
function residentMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match) throw new Error(`no VmRSS for process ${pid}`)
  return Number(match[1]) / 1024
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
