import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { TERMINAL_CLOSE_CODES } from '@whiteboard/shared/protocol/closeCodes'
import { syncSubprotocols } from '@whiteboard/shared/protocol/syncUrl'
import { pageShapeBoxes, type PageShapes } from '@whiteboard/shared/gatherings/pageShapeBoxes'
import { defaultSyncServerUrl } from '../board/connection'
import { openDocRecords, type DocRecords } from '../board/docRecords'

/**
 * Least time between two redraws of one thumbnail. A dragged shape changes the doc at frame
 * rate; a small picture on an overview with a dozen boards needs a few frames a second, and
 * recomputing it less often keeps the overview light on a municipal laptop.
 */
export const PICTURE_REFRESH_MS = 400

export type PictureState = { kind: 'connecting' } | { kind: 'ready'; shapes: PageShapes } | { kind: 'refused' }

/**
 * A live, read-only copy of one board for the gathering overview: a stock y-websocket
 * connection with the board's viewer token, the doc read through the read-only record view,
 * and the first page as boxes (`pageShapeBoxes`). It publishes no presence, so the overview
 * is never counted as a person on the board, and as a viewer it can never change the board.
 */
export class LiveBoardPicture {
  private readonly doc = new Y.Doc()
  private readonly provider: WebsocketProvider
  private readonly records: DocRecords
  private readonly listeners = new Set<() => void>()
  private state: PictureState = { kind: 'connecting' }
  private timer: ReturnType<typeof setTimeout> | undefined
  private lastDrawn = 0
  private destroyed = false

  constructor(boardId: string, viewerToken: string, serverUrl: string = defaultSyncServerUrl()) {
    this.records = openDocRecords(this.doc, false)
    this.provider = new WebsocketProvider(serverUrl, boardId, this.doc, {
      connect: false,
      // In the subprotocol header, not the URL, which proxies write to their logs.
      protocols: syncSubprotocols(viewerToken),
      // Tabs of the same board in this browser must not feed this copy, nor it them.
      disableBc: true,
      shouldReconnect: (event) => !TERMINAL_CLOSE_CODES.has(event.code),
    })
    this.provider.awareness.setLocalState(null)
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.schedule()
    })
    this.provider.on('closed', () => {
      this.setState({ kind: 'refused' })
    })
    this.records.onChange(() => this.schedule())
    this.provider.connect()
  }

  getState = (): PictureState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.destroyed = true
    if (this.timer) clearTimeout(this.timer)
    this.listeners.clear()
    this.records.destroy()
    this.provider.destroy()
    this.doc.destroy()
  }

  private schedule(): void {
    if (this.destroyed || this.timer || !this.provider.synced) return
    const wait = Math.max(0, this.lastDrawn + PICTURE_REFRESH_MS - Date.now())
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (this.destroyed) return
      this.lastDrawn = Date.now()
      const values = [...this.records.keys()].map((key) => this.records.get(key))
      this.setState({ kind: 'ready', shapes: pageShapeBoxes(values) })
    }, wait)
  }

  private setState(state: PictureState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }
}
