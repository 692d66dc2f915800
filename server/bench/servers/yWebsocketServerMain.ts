/**
 * Child-process entry of the first anchor: `@y/websocket-server` 0.1.1 as its own
 * `server.js` runs it, in memory or, with YPERSISTENCE set, with its own LevelDB persistence
 * (the package reads that variable), but on an OS-chosen port so that several benchmark
 * servers can run side by side. It announces its port with the same JSON "listening" line as
 * our server.
 */
import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'
import { listenAndAnnounce } from './listenAndAnnounce'

const wss = new WebSocketServer({ noServer: true })
const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('okay')
})
server.on('upgrade', (request, socket, head) => {
  // The doc name is the URL path (here `sync/<room>`), as in the package's own server.
  wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request))
})
listenAndAnnounce(server, wss)
