import { connect } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { startRedis, type TestRedis } from './startRedis'

/** Sends one inline command and gives the first line of the answer, or the error's code when the server is not there. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
    socket.once('connect', () => socket.write(`${line}\r\n`))
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1')
      if (answer.includes('\r\n')) {
        socket.destroy()
        resolve(answer.slice(0, answer.indexOf('\r\n')))
      }
    })
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startRedis', () => {
  const started: TestRedis[] = []
  afterAll(async () => {
    for (const redis of started) await redis.stop()
  })

  it('fails with one sentence naming the Debian package when redis-server is missing', async () => {
    await expect(startRedis('/nonexistent/redis-server')).rejects.toThrow(
      "Redis is not installed (/nonexistent/redis-server is missing): install Debian's package with `apt-get install redis-server`.",
    )
  })

  it('serves on its loopback port, comes back empty on the same port after a kill, and stop ends its process', async () => {
    const redis = await startRedis()
    started.push(redis)
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`)
    expect(await command(redis.port, 'SET board 1')).toBe('+OK')
    expect(await command(redis.port, 'GET board')).toBe('$1')

    const firstPid = redis.pid
    await redis.kill()
    expect(alive(firstPid)).toBe(false)
    expect(redis.pid).toBe(0)
    expect(await command(redis.port, 'PING')).toBe('ECONNREFUSED')

    await redis.restart()
    expect(redis.pid).not.toBe(firstPid)
    // Nothing survives: a Redis without persistence restarts empty.
    expect(await command(redis.port, 'GET board')).toBe('$-1')

    // restart also works on a running server: it is killed first.
    const secondPid = redis.pid
    await redis.restart()
    expect(alive(secondPid)).toBe(false)
    expect(await command(redis.port, 'PING')).toBe('+PONG')

    const lastPid = redis.pid
    await redis.stop()
    expect(alive(lastPid)).toBe(false)
  })

  it('gives each server its own port', async () => {
    const [a, b] = await Promise.all([startRedis(), startRedis()])
    started.push(a, b)
    expect(a.port).not.toBe(b.port)
    expect(await command(a.port, 'SET only-a 1')).toBe('+OK')
    expect(await command(b.port, 'GET only-a')).toBe('$-1')
  })
})
