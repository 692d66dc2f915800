import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { prepareFrames } from './preparedFrames'

let server: WebSocketServer | null = null
let client: WebSocket | null = null

afterEach(async () => {
  client?.terminate()
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
  server = client = null
})

describe('prepareFrames', () => {
  it('frames messages of every length class so that a real websocket client reads them one by one', async () => {
    const messages = [5, 125, 126, 65_535, 65_536, 200_000].map((n) => new Uint8Array(n).map((_, i) => (i * 7 + n) % 251))
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false })
    server = wss
    await new Promise((done) => wss.once('listening', done))
    wss.on('connection', (ws) => {
      const socket = (ws as unknown as { _socket: { write(b: Buffer): void } })._socket
      socket.write(prepareFrames(messages.slice(0, 2)).bytes)
      // The 200 kB one in parts, as a header and a payload are given.
      for (const m of messages.slice(2, -1)) socket.write(prepareFrames([m]).bytes)
      const last = messages[messages.length - 1]!
      const prepared = prepareFrames([[last.subarray(0, 3), last.subarray(3)]])
      expect(prepared.messages.length === 1 && Buffer.from(last).equals(prepared.messages[0]!)).toBe(true)
      socket.write(prepared.bytes)
    })
    const received: Uint8Array[] = []
    const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`)
    client = ws
    await new Promise<void>((done, fail) => {
      ws.on('message', (data: Buffer, isBinary) => {
        expect(isBinary).toBe(true)
        received.push(new Uint8Array(data))
        if (received.length === messages.length) done()
      })
      ws.on('error', fail)
    })
    expect(received).toEqual(messages)
  })
})
