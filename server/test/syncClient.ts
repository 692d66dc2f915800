import * as Y from 'yjs'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type * as decoding from 'lib0/decoding'
import * as authProtocol from 'y-protocols/auth'
import { recordsArray, TERMINAL_CLOSE_CODES } from '@whiteboard/shared'

export interface SyncClient {
  doc: Y.Doc
  provider: WebsocketProvider
  records: YKeyValue<unknown>
  /** Reasons of auth "permission denied" messages received. */
  denials: string[]
  /** Close frames received from the server. */
  closes: { code: number; reason: string }[]
  /** Record ids other than the document and page records. */
  shapeIds(): string[]
  destroy(): void
}

/**
 * A stock y-websocket 3 client (the `ws` package as its WebSocket) on one board. It stops
 * reconnecting after a terminal close code, as the web app does.
 */
export function connectClient(syncUrl: string, boardId: string, token: string, opts: { doc?: Y.Doc } = {}): SyncClient {
  const doc = opts.doc ?? new Y.Doc()
  const denials: string[] = []
  const closes: { code: number; reason: string }[] = []
  const provider = new WebsocketProvider(syncUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
    maxBackoffTime: 200,
    shouldReconnect: (event) => !TERMINAL_CLOSE_CODES.has(event.code),
  })
  // y-websocket only console.warns a denial; the app (and these tests) want the reason.
  provider.messageHandlers[2] = (_encoder, decoder: decoding.Decoder) => {
    authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => denials.push(reason))
  }
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  const records = new YKeyValue<unknown>(recordsArray(doc))
  return {
    doc,
    provider,
    records,
    denials,
    closes,
    shapeIds: () => [...records.map.keys()].filter((key) => key.startsWith('shape:')).sort(),
    destroy: () => {
      provider.destroy()
      records.destroy()
    },
  }
}
