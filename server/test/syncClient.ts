import * as Y from 'yjs'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type * as decoding from 'lib0/decoding'
import * as authProtocol from 'y-protocols/auth'
import { recordsArray, syncSubprotocols, TERMINAL_CLOSE_CODES } from '@whiteboard/shared'

/** The YKeyValue surface the tests use. */
export interface RecordsView {
  get(key: string): unknown
  set(key: string, val: unknown): void
  delete(key: string): void
  readonly map: Map<string, { key: string; val: unknown }>
  destroy(): void
}

export interface SyncClient {
  doc: Y.Doc
  provider: WebsocketProvider
  records: RecordsView
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
 * reconnecting after a terminal close code, as the web app does. With a viewer token it reads
 * the records without y-utility's YKeyValue, as the web app does (client/src/board/docRecords.ts):
 * YKeyValue deletes duplicate entries by itself, which is a write a viewer may not make. Its
 * `set` and `delete` then write to the array directly, to play a viewer that tries anyway.
 */
export interface ConnectOptions {
  doc?: Y.Doc
  /** Votes under the voter id of this token (`POST /api/boards/:id/voter`, see voters.ts). */
  voterToken?: string
  /** Where the tokens go: the URL's query, as stock clients can (default), or the subprotocol header, as the web app does. */
  transport?: 'url' | 'subprotocol'
  /** The WebSocket class, for example one that trusts a test certificate (wss:// through a TLS proxy); `ws`'s by default. */
  WebSocket?: new (address: string, protocols?: string | string[]) => WebSocket
}

export function connectClient(syncUrl: string, boardId: string, token: string, opts: ConnectOptions = {}): SyncClient {
  const doc = opts.doc ?? new Y.Doc()
  const inHeader = opts.transport === 'subprotocol'
  const denials: string[] = []
  const closes: { code: number; reason: string }[] = []
  const provider = new WebsocketProvider(syncUrl, boardId, doc, {
    WebSocketPolyfill: (opts.WebSocket ?? WebSocket) as unknown as typeof globalThis.WebSocket,
    params: inHeader ? {} : { token, ...(opts.voterToken !== undefined ? { voter: opts.voterToken } : {}) },
    protocols: inHeader ? syncSubprotocols(token, opts.voterToken) : [],
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
  const records: RecordsView = token.startsWith('viewer.') ? readonlyRecords(recordsArray(doc)) : new YKeyValue<unknown>(recordsArray(doc))
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

/** The right-most entry per key, as YKeyValue shows it, read afresh on every access. */
function readonlyRecords(array: Y.Array<{ key: string; val: unknown }>): RecordsView {
  const current = () => {
    const map = new Map<string, { key: string; val: unknown }>()
    for (const entry of array.toArray()) map.set(entry.key, entry)
    return map
  }
  return {
    get: (key) => current().get(key)?.val,
    set: (key, val) => array.push([{ key, val }]),
    delete: (key) => {
      const entries = array.toArray()
      array.doc!.transact(() => {
        for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.key === key) array.delete(i)
      })
    },
    get map() {
      return current()
    },
    destroy: () => {},
  }
}
