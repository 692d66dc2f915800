import * as Y from 'yjs'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import type { Awareness } from 'y-protocols/awareness'
import type { BenchClient } from './BenchClient'
import type { BoardAccess } from '../servers/ServerUnderTest'
import { loopbackSocket } from './loopbackSocket'

/** A `@hocuspocus/provider` client with default options and one socket of its own. */
export function connectHocuspocusClient(access: BoardAccess, socketIndex: number, doc = new Y.Doc()): BenchClient {
  const closes: { code: number; reason: string }[] = []
  let onSynced = () => {}
  const synced = new Promise<void>((done) => {
    onSynced = done
  })
  const socket = new HocuspocusProviderWebsocket({ url: access.serverUrl, WebSocketPolyfill: loopbackSocket(socketIndex) })
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: access.room,
    document: doc,
    onSynced: ({ state }) => {
      if (state) onSynced()
    },
    onClose: ({ event }) => {
      closes.push({ code: event.code, reason: event.reason })
    },
  })
  // A provider handed its socket does not attach by itself.
  provider.attach()
  return {
    doc,
    awareness: provider.awareness as Awareness,
    synced,
    closes,
    destroy() {
      provider.destroy()
      socket.destroy()
      doc.destroy()
    },
  }
}
