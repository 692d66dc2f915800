import type * as Y from 'yjs'
import { WebsocketProvider, messageAuth, messageSync } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as authProtocol from 'y-protocols/auth'
import * as syncProtocol from 'y-protocols/sync'
import type { Awareness } from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import { CloseCode, OWN_CHANGE_REFUSED_CODES, TERMINAL_CLOSE_CODES, recordsArray, syncSubprotocols } from '@whiteboard/shared'
import { messages, type UiLang } from '../i18n/messages'
import { reconnectDelay } from './reconnectDelay'
import { refusalMessage } from './refusalMessage'

/**
 * What the connection badge shows.
 * - `connecting`: first connection attempt, nothing heard from the server yet.
 * - `synced`: connected and in step with the server.
 * - `offline`: the connection dropped or never came up; it keeps retrying.
 *   `unsavedChanges` says whether this tab made changes the server has not been sent
 *   (they are in the IndexedDB copy and go out when the connection is back).
 * - `refused`: the server closed with a terminal close code; no more retries.
 */
export type ConnectionStatus =
  | { kind: 'connecting' }
  | { kind: 'synced' }
  | { kind: 'offline'; unsavedChanges: boolean }
  | { kind: 'refused'; code: number; message: string; serverReason: string }

export type LoadedFrom = 'server' | 'cache'

export interface BoardConnectionOptions {
  boardId: string
  token: string
  /**
   * The voter token of this browser on the board (facilitation/voterId.ts), if it may vote.
   * The first connection waits for it: the server binds the voter at connect.
   */
  voterToken?: Promise<string | undefined> | undefined
  doc: Y.Doc
  lang: UiLang
  /** `ws(s)://host/sync`; defaults to the page's own origin. */
  serverUrl?: string
  /** Keep a copy of the board in IndexedDB (default: when IndexedDB exists). */
  cache?: boolean
  /** For node, which has no global WebSocket before v22. */
  WebSocketPolyfill?: typeof WebSocket
}

/** The sync endpoint of the origin this page came from. */
export function defaultSyncServerUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`
}

const UNSAVED_KEY_PREFIX = 'whiteboard.unsaved.'

/**
 * The transport of one board: the y-websocket provider (sync + awareness) and the
 * IndexedDB copy, with the status a person needs to see. It holds no tldraw state.
 *
 * The board token and voter token go to the server as websocket subprotocols
 * (shared/src/protocol/syncUrl.ts), never in the URL, which proxies write to their logs.
 */
export class BoardConnection {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  readonly awareness: Awareness
  /** Resolves once the doc holds the board: after the first server sync, or from the cached copy. */
  readonly loaded: Promise<LoadedFrom>

  private readonly boardId: string
  private readonly lang: UiLang
  private readonly cache: IndexeddbPersistence | undefined
  private readonly listeners = new Set<(status: ConnectionStatus) => void>()
  private status: ConnectionStatus = { kind: 'connecting' }
  private hadTrouble = false
  /** Synced with the server at least once. */
  private wasOnBoard = false
  private unsaved: boolean
  /** We answered the server's sync step 1 on this connection, i.e. sent it everything it lacked. */
  private answeredServerStep1 = false
  private deniedReason = ''
  private resolveLoaded: (from: LoadedFrom) => void = () => {}
  private destroyed = false

  constructor({ boardId, token, voterToken, doc, lang, serverUrl, cache, WebSocketPolyfill }: BoardConnectionOptions) {
    this.boardId = boardId
    this.doc = doc
    this.lang = lang
    this.unsaved = readUnsavedFlag(boardId)
    this.loaded = new Promise((resolve) => (this.resolveLoaded = resolve))

    this.provider = new WebsocketProvider(serverUrl ?? defaultSyncServerUrl(), boardId, doc, {
      connect: false,
      protocols: syncSubprotocols(token),
      // Tabs of one browser sync through the server only. Over a BroadcastChannel each tab would
      // relay the other tabs' presence as its own, and the server binds each presence to the
      // connection that announced it and writes that connection's role into it: a participant
      // tab relaying a facilitator tab would show the facilitator as a participant.
      disableBc: true,
      ...(WebSocketPolyfill ? { WebSocketPolyfill } : {}),
      // Our refusals use 4xxx codes outside y-websocket's default 4400-4499 "permanent" range.
      // A full board turns away newcomers, but not someone who was on it: their seat was taken
      // while they were away (by the seats a dead node leaves behind until they lapse, or by
      // someone new), and they are let back in as soon as one is free.
      shouldReconnect: (event) => !TERMINAL_CLOSE_CODES.has(event.code) || (event.code === CloseCode.BOARD_FULL && this.wasOnBoard),
    })
    this.awareness = this.provider.awareness
    this.installMessageHandlers()

    this.provider.on('sync', this.handleSync)
    this.provider.on('connection-close', this.handleClose)
    this.provider.on('closed', this.handleTerminalClose)
    doc.on('update', this.handleDocUpdate)

    const useCache = cache ?? typeof indexedDB !== 'undefined'
    this.cache = useCache ? new IndexeddbPersistence(`whiteboard:${boardId}`, doc) : undefined
    this.cache?.whenSynced.then(
      () => {
        // An empty cache (first visit) must not count: the store would open without a page.
        if (!this.destroyed && hasBoardContent(doc)) this.resolveLoaded('cache')
      },
      () => {
        // No IndexedDB (private mode, quota): the board still works online.
      },
    )
    if (!voterToken) {
      this.provider.connect()
      return
    }
    const connectAs = (voter: string | undefined) => {
      if (this.destroyed) return
      if (voter !== undefined) this.provider.protocols = syncSubprotocols(token, voter)
      this.provider.connect()
    }
    // Without a voter token the board still works: only votes are refused.
    void voterToken.then(connectAs, () => connectAs(undefined))
  }

  getStatus(): ConnectionStatus {
    return this.status
  }

  subscribe(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.listeners.clear()
    this.doc.off('update', this.handleDocUpdate)
    this.provider.off('sync', this.handleSync)
    this.provider.off('connection-close', this.handleClose)
    this.provider.off('closed', this.handleTerminalClose)
    // Tell the others we left now, rather than when our awareness times out.
    this.awareness.setLocalState(null)
    this.provider.destroy()
    void this.cache?.destroy()
  }

  private installMessageHandlers(): void {
    const handlers = this.provider.messageHandlers
    // y-websocket only logs the reason of a permission-denied message; keep it to show.
    handlers[messageAuth] = (_encoder, decoder, provider) => {
      authProtocol.readAuthMessage(decoder, provider.doc, (_doc, reason) => {
        this.deniedReason = reason
      })
    }
    const sync = handlers[messageSync]
    if (sync) {
      handlers[messageSync] = (encoder, decoder, provider, emitSynced, messageType) => {
        const syncMessageType = decoding.readVarUint(decoding.clone(decoder))
        sync(encoder, decoder, provider, emitSynced, messageType)
        // The reply (our sync step 2) is sent as soon as this handler returns.
        if (syncMessageType === syncProtocol.messageYjsSyncStep1) {
          this.answeredServerStep1 = true
          this.settleUnsaved()
        }
      }
    }
  }

  private readonly handleSync = (synced: boolean) => {
    if (synced) {
      this.wasOnBoard = true
      this.hadTrouble = false
      this.resolveLoaded('server')
      this.settleUnsaved()
    }
    this.update()
  }

  private readonly handleClose = () => {
    this.answeredServerStep1 = false
    this.hadTrouble = true
    // y-websocket emits this before it schedules the next attempt, waiting min(2^n × 100 ms,
    // maxBackoffTime) with n the attempts so far (this one included). Setting maxBackoffTime to
    // a jittered wait for attempt n here makes that wait the jittered one (reconnectDelay.ts).
    this.provider.maxBackoffTime = reconnectDelay(this.provider.wsUnsuccessfulReconnects + 1)
    this.update()
  }

  private readonly handleTerminalClose = ({ code, reason }: { code: number; reason: string }) => {
    const t = messages(this.lang)
    this.status = { kind: 'refused', code, message: refusalMessage(code, t), serverReason: this.deniedReason || reason }
    this.provider.disconnect()
    if (OWN_CHANGE_REFUSED_CODES.has(code)) this.dropOfflineCopy()
    this.emit()
  }

  /**
   * The offline copy holds the change the server just refused, and would send it again after
   * every reload, to be refused every time: the board could never be opened again in this
   * browser. Dropped, the reload opens the server's copy. (A refused change is never saved,
   * so keeping it offline would save nothing either.)
   */
  private dropOfflineCopy(): void {
    this.unsaved = false
    writeUnsavedFlag(this.boardId, false)
    void this.cache?.clearData().catch(() => {
      // IndexedDB gone or blocked: nothing to drop.
    })
  }

  private readonly handleDocUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === this.provider || origin === this.cache) return
    if (this.provider.wsconnected && this.provider.synced && this.answeredServerStep1) return
    this.setUnsaved(true)
  }

  private settleUnsaved(): void {
    if (this.provider.synced && this.answeredServerStep1) this.setUnsaved(false)
  }

  private setUnsaved(value: boolean): void {
    if (this.unsaved === value) return
    this.unsaved = value
    writeUnsavedFlag(this.boardId, value)
    this.update()
  }

  private update(): void {
    if (this.destroyed || this.status.kind === 'refused') return
    const next: ConnectionStatus =
      this.provider.wsconnected && this.provider.synced
        ? { kind: 'synced' }
        : this.hadTrouble
          ? { kind: 'offline', unsavedChanges: this.unsaved }
          : { kind: 'connecting' }
    if (sameStatus(next, this.status)) return
    this.status = next
    this.emit()
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.status)
  }
}

function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  if (a.kind !== b.kind) return false
  if (a.kind === 'offline' && b.kind === 'offline') return a.unsavedChanges === b.unsavedChanges
  return a.kind !== 'refused'
}

function hasBoardContent(doc: Y.Doc): boolean {
  return recordsArray(doc)
    .toArray()
    .some((entry) => typeof entry?.key === 'string' && entry.key.startsWith('page:'))
}

/**
 * Whether this browser holds changes the server has not received, across reloads: a
 * person who edited offline and reloads must still be told.
 */
function readUnsavedFlag(boardId: string): boolean {
  try {
    return globalThis.localStorage?.getItem(UNSAVED_KEY_PREFIX + boardId) === '1'
  } catch {
    return false
  }
}

function writeUnsavedFlag(boardId: string, value: boolean): void {
  try {
    if (value) globalThis.localStorage?.setItem(UNSAVED_KEY_PREFIX + boardId, '1')
    else globalThis.localStorage?.removeItem(UNSAVED_KEY_PREFIX + boardId)
  } catch {
    // Storage may be disabled; the flag is then only known for this page's lifetime.
  }
}
