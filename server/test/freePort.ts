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
