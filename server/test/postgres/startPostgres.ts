import { execFile } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { startOnFreePort } from '../freePort'

const run = promisify(execFile)

/** Debian's PostgreSQL 15 (`apt-get install postgresql`); .ci/run installs it when it is missing. */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin'


/** The sentence a test run fails with when PostgreSQL is missing, naming the package that brings it. */
export function postgresMissing(bin: string): string {
  return `PostgreSQL 15 is not installed (${bin}/postgres is missing): install Debian's package with \`apt-get install postgresql\`.`
}

export interface TestPostgres {
  port: number
  /** A connection string for `database` on this server. */
  url(database: string): string
  /** Creates an empty database and gives its connection string. */
  createDatabase(name: string): Promise<string>
  /** Stops the server at once, as a crash would (`pg_ctl stop -m immediate`); the data stays for `start`. */
  kill(): Promise<void>
  /** Starts it again on the same port and data. */
  start(): Promise<void>
  /** Stops it and removes its folder. */
  dispose(): Promise<void>
}

/**
 * Starts a throwaway PostgreSQL 15 (from `bin`, Debian's folder by default) on a free loopback port in a temporary folder, with trust
 * authentication for the `postgres` role. PostgreSQL refuses to run as root, so as root it runs
 * as the `postgres` user (which Debian's package creates); otherwise as the current user.
 * Throws {@link postgresMissing}'s sentence when the binaries are not there: the tests fail, never skip.
 */
export async function startPostgres(bin = POSTGRES_BIN, opts: { durable?: boolean } = {}): Promise<TestPostgres> {
  if (!existsSync(join(bin, 'postgres'))) throw new Error(postgresMissing(bin))
  const asRoot = process.getuid?.() === 0
  const root = mkdtempSync(join(tmpdir(), 'wb-pg-'))
  // The postgres user must reach its folder inside ours.
  chmodSync(root, 0o755)
  const dir = join(root, 'pg')
  mkdirSync(dir)
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const data = join(dir, 'data')
  const pgRun = (program: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args]) : run(join(bin, program), args)
  let port = 0
  // fsync off: a test server's data need not survive a power cut, only a process crash, and the
  // operating system keeps what was written through that. Benchmarks ask for `durable` (fsync on,
  // as a production server runs), so commit rates are real ones. Commit timestamps let tests check
  // that sequence order is commit order.
  const start = async () => {
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=${opts.durable ? 'on' : 'off'} -c max_connections=200 -c track_commit_timestamp=on`
    await pgRun('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start'])
  }
  let running = false
  const postmasterPid = (): number | null => {
    try {
      return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
    } catch {
      return null
    }
  }
  // If the test process dies without its afterAll, the server must not outlive it.
  const killOnExit = () => {
    const pid = postmasterPid()
    if (running && pid) {
      try {
        process.kill(pid, 'SIGQUIT')
      } catch {
        // already gone
      }
    }
  }
  try {
    await pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'])
    port = await startOnFreePort(async (p) => {
      port = p
      await start()
    })
    running = true
  } catch (err) {
    rmSync(root, { recursive: true, force: true })
    throw err
  }
  process.once('exit', killOnExit)
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  const kill = async () => {
    if (!running) return
    await pgRun('pg_ctl', ['-D', data, '-w', 'stop', '-m', 'immediate'])
    running = false
  }
  return {
    port,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)
      } finally {
        await client.end()
      }
      return url(name)
    },
    kill,
    async start() {
      if (running) return
      await start()
      running = true
    },
    async dispose() {
      process.off('exit', killOnExit)
      try {
        await kill()
      } finally {
        rmSync(root, { recursive: true, force: true })
      }
    },
  }
}
