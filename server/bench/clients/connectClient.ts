import type * as Y from 'yjs'
import type { BenchClient } from './BenchClient'
import type { BoardAccess, SyncProtocol } from '../servers/ServerUnderTest'
import { connectHocuspocusClient } from './connectHocuspocusClient'
import { connectYWebsocketClient } from './connectYWebsocketClient'

/** Joins a board with the client library that speaks the server's protocol. */
export function connectClient(protocol: SyncProtocol, access: BoardAccess, socketIndex: number, doc?: Y.Doc): BenchClient {
  return protocol === 'hocuspocus'
    ? connectHocuspocusClient(access, socketIndex, doc)
    : connectYWebsocketClient(access, socketIndex, doc)
}
