import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { privateSyncRoom, syncSubprotocols, TERMINAL_CLOSE_CODES } from '@whiteboard/shared'
import { defaultSyncServerUrl } from '../board/connection'
import { reconnectDelay } from '../board/reconnectDelay'

export interface PrivateDocConnectionOptions {
  boardId: string
  token: string
  /** This browser's voter token on the board: the server picks the private doc from it, so there is none without it. */
  voterToken: Promise<string | undefined>
  /** `ws(s)://host/sync`; defaults to the page's own origin. */
  serverUrl?: string
}

/**
 * This person's private doc on a board (private mode) and its own websocket,
 * `/sync/<boardId>/private`, beside the board's. A second connection rather than a second doc
 * multiplexed on the board's socket: the server's sync path, limits, guards and commit chain
 * then serve it unchanged, a stock y-websocket client can reach it for tests, and nothing on the
 * board's socket (which everyone on the board shares the fan-out of) ever carries a private
 * byte. The server sends it only to this person's connections, chosen by the voter token.
 *
 * It keeps no IndexedDB copy: the private items are on the server after every edit, and a copy
 * in the browser would outlive the reveal. It sends no presence of its own.
 */
export class PrivateDocConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  private destroyed = false

  constructor({ boardId, token, voterToken, serverUrl }: PrivateDocConnectionOptions) {
    this.provider = new WebsocketProvider(serverUrl ?? defaultSyncServerUrl(), privateSyncRoom(boardId), this.doc, {
      connect: false,
      protocols: syncSubprotocols(token),
      disableBc: true,
      shouldReconnect: (event) => !TERMINAL_CLOSE_CODES.has(event.code),
    })
    this.provider.awareness.setLocalState(null)
    this.provider.on('connection-close', () => {
      this.provider.maxBackoffTime = reconnectDelay(this.provider.wsUnsuccessfulReconnects + 1)
    })
    void voterToken.then(
      (voter) => {
        if (this.destroyed || voter === undefined) return
        this.provider.protocols = syncSubprotocols(token, voter)
        this.provider.connect()
      },
      () => {
        // No voter: no private doc. New items then stay in this browser until it has one.
      },
    )
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.provider.destroy()
    this.doc.destroy()
  }
}
