import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, WebSocket as NodeWebSocket } from 'ws'
import * as encoding from 'lib0/encoding'
import { writePermissionDenied } from 'y-protocols/auth'
import { getYDoc, setupWSConnection, type WSSharedDoc } from '@y/websocket-server/utils'

/**
 * A stock y-websocket server (the reference implementation) on a real port, for testing
 * the client's transport without our own server. Boards are at `/sync/<boardId>`.
 * `refuseWith` makes it answer like our server does when it refuses: the auth
 * permission-denied message with a reason, then a close code.
 */
export interface TestSyncServer {
  url: string
  port: number
  connections: number
  /** The URL and offered subprotocols of every connection, in order. */
  handshakes: { url: string; protocols: string[] }[]
  refuseWith: { code: number; reason: string } | undefined
  doc(boardId: string): WSSharedDoc
  /** Closes every open socket with `code`, as a restarting server does. */
  dropAll(code: number): void
  close(): Promise<void>
}

/** `WebSocket` for the provider in node, which has no global one before v22. */
export const WebSocketForNode = NodeWebSocket as unknown as typeof WebSocket

export async function startSyncServer(port = 0): Promise<TestSyncServer> {
  const http: Server = createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ server: http })
  const sockets = new Set<NodeWebSocket>()
  const server: TestSyncServer = {
    url: '',
    port: 0,
    connections: 0,
    handshakes: [],
    refuseWith: undefined,
    doc: (boardId) => getYDoc(boardId),
    dropAll(code) {
      for (const socket of sockets) socket.close(code, 'test')
    },
    async close() {
      for (const socket of sockets) socket.terminate()
      wss.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
  wss.on('connection', (socket, req) => {
    server.connections++
    const offered = req.headers['sec-websocket-protocol']
    server.handshakes.push({ url: req.url ?? '', protocols: offered ? offered.split(',').map((p) => p.trim()) : [] })
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    const refusal = server.refuseWith
    if (refusal) {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 2) // messageAuth
      writePermissionDenied(encoder, refusal.reason)
      socket.send(encoding.toUint8Array(encoder))
      socket.close(refusal.code, refusal.reason)
      return
    }
    const boardId = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/sync\//, '')
    setupWSConnection(socket, req, { docName: boardId })
  })
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve))
  server.port = (http.address() as AddressInfo).port
  server.url = `ws://127.0.0.1:${server.port}/sync`
  return server
}
