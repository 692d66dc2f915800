import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import type { BenchClient } from './BenchClient'
import type { BoardAccess } from '../servers/ServerUnderTest'
import { loopbackSocket } from './loopbackSocket'

/** A stock y-websocket 3.x provider, as a browser would run it, but with `ws` underneath. */
export function connectYWebsocketClient(access: BoardAccess, socketIndex: number, doc = new Y.Doc()): BenchClient {
  const provider = new WebsocketProvider(access.serverUrl, access.room, doc, {
    params: access.token ? { token: access.token } : {},
    WebSocketPolyfill: loopbackSocket(socketIndex) as unknown as typeof WebSocket,
    // Providers in one process would otherwise talk over BroadcastChannel and bypass the server.
    disableBc: true,
  })
  const closes: { code: number; reason: string }[] = []
  const synced = new Promise<void>((done, fail) => {
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) done()
    })
    // y-websocket types the event as the DOM's CloseEvent, which the server's types do not include.
    provider.on('connection-close', (event: { code: number; reason: string } | null) => {
      if (!event) return
      closes.push({ code: event.code, reason: event.reason })
      // 4xxx: the server refused this client; waiting for a sync would hang.
      if (event.code >= 4000) {
        provider.shouldConnect = false
        fail(new Error(`server closed the connection: ${event.code} ${event.reason}`))
      }
    })
  })
  synced.catch(() => {})
  return {
    doc,
    awareness: provider.awareness,
    synced,
    closes,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}
