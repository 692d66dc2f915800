/**
 * Child-process entry of the fan-out's floor, not an anchor: a relay that passes each document
 * update's bytes on to the room's other sockets without reading them. No doc, no storage, no
 * presence (presence frames are dropped, so it runs only in rooms without cursors). It does the
 * least any sync server must do for an update it relays: receive one frame and write it to
 * every other socket of the room. What a server spends above it per delivered update is what
 * it does with the update; the fan-out report sets that against what the CPU target leaves.
 *
 * It speaks just enough of the y-websocket protocol for stock clients: a sync step 1 is
 * answered with an empty step 2, which is all a client waits for to count as synced.
 */
import { createServer } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { listenAndAnnounce } from './listenAndAnnounce'

const MESSAGE_SYNC = 0
const SYNC_STEP_1 = 0

const emptyStep2 = (() => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(new Y.Doc()))
  return encoding.toUint8Array(encoder)
})()

const rooms = new Map<string, Set<WebSocket>>()
const wss = new WebSocketServer({ noServer: true })
const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('okay')
})
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => {
    const name = request.url ?? ''
    let room = rooms.get(name)
    if (!room) rooms.set(name, (room = new Set()))
    const peers = room
    peers.add(ws)
    ws.on('message', (data: Buffer) => {
      if (data[0] !== MESSAGE_SYNC) return
      if (data[1] === SYNC_STEP_1) ws.send(emptyStep2)
      else for (const peer of peers) if (peer !== ws) peer.send(data)
    })
    ws.on('close', () => {
      peers.delete(ws)
      if (peers.size === 0) rooms.delete(name)
    })
  })
})
listenAndAnnounce(server, wss)
