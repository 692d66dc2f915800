import type { Server } from 'node:http'
import type { WebSocketServer } from 'ws'

/**
 * Runs a benchmark server on an OS-chosen port: announces the port with the same JSON
 * "listening" line as our server (ServerUnderTest waits for it), and on SIGTERM drops every
 * client and exits once the server has closed.
 */
export function listenAndAnnounce(server: Server, wss: WebSocketServer): void {
  server.listen(0, process.env.HOST ?? '127.0.0.1', () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    console.info(JSON.stringify({ msg: 'listening', port }))
  })
  process.on('SIGTERM', () => {
    for (const client of wss.clients) client.terminate()
    server.close(() => process.exit(0))
  })
}
