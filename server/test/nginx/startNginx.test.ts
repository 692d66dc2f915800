import { createServer, type Server } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { waitFor } from '../waitFor'
import { startNginx, type TestNginx } from './startNginx'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startNginx', () => {
  const started: TestNginx[] = []
  let backend: Server | undefined
  afterAll(async () => {
    for (const nginx of started) await nginx.stop()
    backend?.close()
  })

  it('fails with one sentence naming the Debian package when nginx is missing', async () => {
    await expect(startNginx(() => '', '/nonexistent/nginx')).rejects.toThrow(
      "nginx is not installed (/nonexistent/nginx is missing): install Debian's package with `apt-get install nginx`.",
    )
  })

  it("fails with nginx's own words when the configuration is wrong", async () => {
    await expect(startNginx((port) => `server { listen 127.0.0.1:${port}; no_such_directive on; }`)).rejects.toThrow(/unknown directive "no_such_directive"/)
  })

  it('proxies with the given configuration on its own port, logs which upstream answered, and stop ends its process', async () => {
    backend = createServer((req, res) => res.end(`backend saw ${req.url}`))
    backend.listen(0, '127.0.0.1')
    await once(backend, 'listening')
    const backendPort = (backend.address() as AddressInfo).port
    const nginx = await startNginx((port) => `server { listen 127.0.0.1:${port}; location / { proxy_pass http://127.0.0.1:${backendPort}; } }`)
    started.push(nginx)
    const res = await fetch(`${nginx.origin}/hello?secret=1`)
    expect(await res.text()).toBe('backend saw /hello?secret=1')
    // The access log holds the path without its query, and the node that answered.
    await waitFor(() => nginx.requests().length === 1, { what: 'the access log line' })
    expect(nginx.requests()).toEqual([{ method: 'GET', path: '/hello', status: 200, upstream: `127.0.0.1:${backendPort}` }])
    expect(alive(nginx.pid)).toBe(true)
    await nginx.stop()
    expect(alive(nginx.pid)).toBe(false)
  })
})
