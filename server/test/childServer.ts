import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

const repoRoot = resolve(import.meta.dirname, '..', '..')

export interface ChildServer {
  child: ChildProcess
  port: number
  origin: string
  syncUrl: string
  /** Waits for the process to end after a signal. */
  exited: Promise<void>
  /** Its JSON log lines of level error and above so far. */
  errorLines: string[]
  kill(signal: NodeJS.Signals): Promise<void>
}

/** How to run a built server instead of the sources (server/test/production/). */
export interface SpawnOptions {
  /** Node's arguments; default: server/src/main.ts through tsx. */
  args?: string[]
  cwd?: string
  /** The whole environment besides `env`; default: this process's. */
  baseEnv?: Record<string, string | undefined>
  /** Run as this user and group (the test runner must be root). */
  user?: { uid: number; gid: number }
}

/** Runs server/src/main.ts from source through tsx as its own process on port 0 and reads the port from its "listening" log line. */
export async function spawnServer(env: Record<string, string>, opts: SpawnOptions = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, opts.args ?? ['--import', 'tsx', resolve(repoRoot, 'server/src/main.ts')], {
    cwd: opts.cwd ?? repoRoot,
    env: { ...(opts.baseEnv ?? process.env), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.user ?? {}),
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const errorLines: string[] = []
  const port = await new Promise<number>((resolvePort, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: unknown; level?: number }
        if ((entry.level ?? 0) >= 50) errorLines.push(line)
        if (entry.msg === 'listening' && typeof entry.port === 'number') resolvePort(entry.port)
      } catch {
        // not a log line
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)))
  })
  return {
    child,
    port,
    origin: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    exited,
    errorLines,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}
