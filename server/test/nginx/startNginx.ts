import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startOnFreePort } from '../freePort'

/** Debian's nginx (`apt-get install nginx`); .ci/run installs it when it is missing. */
export const NGINX = '/usr/sbin/nginx'


/** How long a start waits for nginx to accept connections. */
const READY_TIMEOUT_MS = 10_000

/** The sentence a test run fails with when nginx is missing, naming the package that brings it. */
export function nginxMissing(bin: string): string {
  return `nginx is not installed (${bin} is missing): install Debian's package with \`apt-get install nginx\`.`
}

/** One request as nginx logged it: which upstream server answered it. */
export interface ProxiedRequest {
  method: string
  /** The path, without the query (a sync URL's query may hold a token). */
  path: string
  status: number
  /** `127.0.0.1:<port>` of the node that answered (after those nginx tried first: `a, b`), or `-` when nginx answered itself. */
  upstream: string
}

export interface TestNginx {
  port: number
  /** `http://127.0.0.1:<port>` */
  origin: string
  pid: number
  /** nginx's error log, for a failing test's message. */
  errorLog(): string
  /** The requests finished so far (a websocket is logged when it closes). */
  requests(): ProxiedRequest[]
  /** Stops nginx (SIGTERM, waiting for it to exit) and removes its folder. */
  stop(): Promise<void>
}

/**
 * Runs nginx (Debian's by default) in the foreground as our child, with its own prefix, pid file,
 * temporary folders and logs in a temporary folder, listening on a free loopback port.
 * `site(port)` gives the http-level configuration (upstreams, maps, server blocks) for that port,
 * as a file an operator puts in /etc/nginx/conf.d/ would hold; it is included inside `http { }`
 * beside an access log in a format {@link TestNginx.requests} reads.
 * Throws {@link nginxMissing}'s sentence when the binary is not there: the tests fail, never skip.
 */
export async function startNginx(site: (port: number) => string, bin = NGINX): Promise<TestNginx> {
  if (!existsSync(bin)) throw new Error(nginxMissing(bin))
  const dir = mkdtempSync(join(tmpdir(), 'wb-nginx-'))
  // As root nginx's workers run as nobody, and must reach the temporary folders inside ours.
  chmodSync(dir, 0o755)
  const errorLog = join(dir, 'error.log')
  const accessLog = join(dir, 'access.log')
  let child: ChildProcess | undefined
  let port = 0

  const launch = async (): Promise<void> => {
    writeFileSync(join(dir, 'site.conf'), site(port))
    writeFileSync(
      join(dir, 'nginx.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${errorLog} info;`,
        'events { worker_connections 1024; }',
        'http {',
        `  client_body_temp_path ${dir}/client_body;`,
        `  proxy_temp_path ${dir}/proxy;`,
        `  fastcgi_temp_path ${dir}/fastcgi;`,
        `  uwsgi_temp_path ${dir}/uwsgi;`,
        `  scgi_temp_path ${dir}/scgi;`,
        "  log_format proxied '$request_method $uri $status $upstream_addr';",
        `  access_log ${accessLog} proxied;`,
        `  include ${dir}/site.conf;`,
        '}',
        '',
      ].join('\n'),
    )
    const proc = spawn(bin, ['-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = once(proc, 'exit')
    child = proc
    try {
      await Promise.race([
        waitForListening(port),
        exited.then(() => {
          throw new Error(`nginx exited at start: ${stderr.trim() || lastLines(errorLog)}`)
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

  // If the test process dies without its afterAll, nginx must not outlive it.
  const killOnExit = () => child?.kill('SIGKILL')

  try {
    // A configuration nginx rejects fails the same way on every port: say so at once.
    port = await startOnFreePort(
      async (p) => {
        port = p
        await launch()
      },
      (err) => /Address already in use/.test(String(err)),
    )
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  process.once('exit', killOnExit)
  const running = child
  if (!running) throw new Error('nginx was started but its process is gone')

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    pid: running.pid ?? 0,
    errorLog: () => lastLines(errorLog, 20),
    requests: () => readRequests(accessLog),
    async stop() {
      process.off('exit', killOnExit)
      try {
        if (running.exitCode === null && running.signalCode === null) {
          const exited = once(running, 'exit')
          running.kill('SIGTERM')
          await exited
        }
      } finally {
        child = undefined
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

function readRequests(file: string): ProxiedRequest[] {
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      // Last in the line: a request nginx tried on several nodes lists them all ("a, b").
      const [method = '', path = '', status = '0', ...upstream] = line.split(' ')
      return { method, path, status: Number(status), upstream: upstream.join(' ') || '-' }
    })
}

/** Resolves once something accepts connections on `port`. */
async function waitForListening(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (accepted) return
    if (Date.now() > deadline) throw new Error(`nginx did not listen on port ${port} within ${READY_TIMEOUT_MS} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function lastLines(file: string, count = 3): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-count).join('\n')
  } catch {
    return '(no log)'
  }
}
