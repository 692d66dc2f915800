import { createServer, type AddressInfo } from 'node:net'

/**
 * A loopback port nothing listens on now, for servers that cannot be given port 0 (PostgreSQL,
 * Redis, nginx): the operating system picks one for a moment. Another process may take it before
 * the server binds, so callers try again on a failed start.
 */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** How often a server is started on a new free port before its failure is the answer. */
const START_ATTEMPTS = 3

/**
 * Starts a server on a free port, trying another port when the start fails (another process
 * may take the port between our look and the server's bind) and `retry` says the failure may
 * be that. Resolves with the port it started on.
 */
export async function startOnFreePort(start: (port: number) => Promise<void>, retry: (err: unknown) => boolean = () => true): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    try {
      await start(port)
      return port
    } catch (err) {
      if (attempt >= START_ATTEMPTS || !retry(err)) throw err
    }
  }
}
