import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startOnFreePort } from '../freePort'

/** Debian's Redis server (`apt-get install redis-server`); .ci/run installs it when it is missing. */
export const REDIS_SERVER = '/usr/bin/redis-server'


/** How long a start waits for the server to answer PING; a cold start here takes some milliseconds. */
const READY_TIMEOUT_MS = 10_000

/** The sentence a test run fails with when Redis is missing, naming the package that brings it. */
export function redisMissing(bin: string): string {
  return `Redis is not installed (${bin} is missing): install Debian's package with \`apt-get install redis-server\`.`
}

export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** The running server's process id (a new one after `restart`); 0 while it is down. */
  readonly pid: number
  /** Stops the server (SIGTERM, waiting for it to exit) and removes its folder. */
  stop(): Promise<void>
  /** Kills the server at once (SIGKILL), as a crash would; `restart` brings it back. */
  kill(): Promise<void>
  /** Kills it if it runs, then starts an empty server on the same port. */
  restart(): Promise<void>
}

/**
 * Starts a throwaway Redis (from `bin`, Debian's by default) on a free loopback port in a
 * temporary folder, keeping nothing on disk (`--save ''`, `--appendonly no`), so a restart is an
 * empty Redis, as a real one is after a crash without persistence. The server runs in the
 * foreground as our child and is stopped by its PID.
 * Throws {@link redisMissing}'s sentence when the binary is not there: the tests fail, never skip.
 */
export async function startRedis(bin = REDIS_SERVER): Promise<TestRedis> {
  if (!existsSync(bin)) throw new Error(redisMissing(bin))
  const dir = mkdtempSync(join(tmpdir(), 'wb-redis-'))
  const logFile = join(dir, 'redis.log')
  let child: ChildProcess | undefined
  let port = 0

  const launch = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile, '--daemonize', 'no']
    const proc = spawn(bin, args, { stdio: 'ignore' })
    const exited = once(proc, 'exit')
    child = proc
    try {
      await Promise.race([
        waitForPong(port),
        exited.then(() => {
          throw new Error(`redis-server exited at start: ${lastLines(logFile)}`)
        }),
      ])
    } catch (err) {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL')
        await exited
      }
      child = undefined
      throw err
    }
  }

  const halt = async (signal: NodeJS.Signals) => {
    const proc = child
    if (!proc) return
    child = undefined
    if (proc.exitCode !== null || proc.signalCode !== null) return
    const exited = once(proc, 'exit')
    proc.kill(signal)
    await exited
  }

  // If the test process dies without its afterAll, the server must not outlive it.
  const killOnExit = () => child?.kill('SIGKILL')

  try {
    port = await startOnFreePort(async (p) => {
      port = p
      await launch()
    })
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  process.once('exit', killOnExit)

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid ?? 0
    },
    async stop() {
      process.off('exit', killOnExit)
      try {
        await halt('SIGTERM')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    kill: () => halt('SIGKILL'),
    async restart() {
      await halt('SIGKILL')
      await launch()
    },
  }
}

/** Resolves once a Redis on `port` answers PING; tries again while the port refuses. */
async function waitForPong(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    if (await pong(port)) return
    if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port} within ${READY_TIMEOUT_MS} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** One PING over a fresh connection, in Redis's inline command form; false on any failure. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1')
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'))
    })
  })
}

function lastLines(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ')
  } catch {
    return '(no log)'
  }
}
