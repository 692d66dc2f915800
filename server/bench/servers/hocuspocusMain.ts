/**
 * Child-process entry of the second anchor: Hocuspocus 4.7 with its default options
 * (in memory: no storage extension), on an OS-chosen port. It announces its port with the
 * same JSON "listening" line as our server.
 */
import { Server } from '@hocuspocus/server'

const server = new Server({ port: 0, address: process.env.HOST ?? '127.0.0.1', quiet: true, stopOnSignals: false })
await server.listen()
console.info(JSON.stringify({ msg: 'listening', port: server.address.port }))
process.on('SIGTERM', () => {
  void server.destroy().then(() => process.exit(0))
})
