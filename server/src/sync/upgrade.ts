import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Logger } from 'pino'
import { canEdit, CloseCode, isBoardId, MAX_FRAME_BYTES, PRIVATE_SYNC_SUFFIX, SYNC_PATH_PREFIX } from '@whiteboard/shared'
import { readSyncCredentials, selectSubprotocol, type UrlTokenPolicy } from '../auth/syncCredentials'
import { TOKEN_REFUSAL_TEXT, verifyToken } from '../auth/tokens'
import { VOTER_TOKEN_REFUSAL_TEXT, verifyVoterToken } from '../auth/voterTokens'
import { limitedAddress } from './clientAddress'
import { Connection } from './Connection'
import { ConnectionCounter } from './ConnectionCounter'
import { originAllowed, type OriginPolicy } from './originPolicy'
import { refuse } from './refuse'
import { RoomLoadError } from './RoomLoadError'
import type { RoomManager } from './RoomManager'
import { DEFAULT_SYNC_TIMINGS, SHUTDOWN_CLOSE_GRACE_MS, type SyncLimits, type SyncTimings } from './syncLimits'
import type { SyncObserver } from './SyncObserver'

export interface SyncEndpointOptions {
  rooms: RoomManager
  secret: Buffer
  log: Logger
  limits: SyncLimits
  observer: SyncObserver
  origins: OriginPolicy
  /** Read the client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean
  /** Whether tokens may come in the URL's query (stock clients); default `allow`. */
  urlTokens?: UrlTokenPolicy
  timings?: Partial<SyncTimings>
  /** The per-board cap counted across every node (multi-node mode, cluster/BoardSeats.ts); without it this node's own count is the cap. */
  seats?: BoardSeatCheck
  /** People's private docs (private mode); without it the private path is refused as a bad address. */
  privateDocs?: PrivateDocRooms
}

/** Where connections of the private path `/sync/<boardId>/private` go (private/PrivateDocs.ts). */
export interface PrivateDocRooms {
  /** The room id of a person's private doc on a board. */
  keyOf(boardId: string, personId: string): string
  /** Attaches the connection (its boardId is the room id) to its private doc. Throws `RoomLoadError`. */
  join(conn: Connection): Promise<void>
  /** Shutdown: closes every private connection with `code` and commits what is queued. */
  closeAll(code: number, reason: string): Promise<void>
}

/** Seats on a board across nodes: `take` answers whether the board has room for one more connection. */
export interface BoardSeatCheck {
  /** `unchecked`: the count could not be asked (Redis down); this node's own cap still held. */
  take(boardId: string, connectionId: string, max: number): Promise<'seated' | 'full' | 'unchecked'>
  release(boardId: string, connectionId: string): void
}

export interface SyncEndpoint {
  /** Connections open now. */
  readonly connectionCount: number
  /** Refuses new upgrades, closes every connection with `code`, and cuts those that do not answer in time. */
  close(code: number, reason: string): Promise<void>
}

/**
 * The sync endpoint `ws(s)://HOST/sync/<boardId>` on the HTTP server's upgrade event. The board
 * token, and the voter token of a person who may vote, come in the subprotocol header, or from
 * stock clients in the query (auth/syncCredentials.ts).
 *
 * Other paths are answered 404 and cut. On the sync path every refusal happens after the
 * upgrade, as an auth message plus a 4xxx close with a reason, in this order: the page's
 * Origin, connections from the client's address, board id format, token (and voter token),
 * connections on the board, then the board itself (unknown, damaged, storage down). A valid
 * voter token binds its voter id to the connection: the only key of the votes map it may write.
 * `/sync/<boardId>/private` is that person's private doc on the board (private mode,
 * private/PrivateDocs.ts), chosen by the voter id alone: it needs a voter token and a role that
 * may edit, and its connections count under a cap of their own beside the board's.
 * Logs carry the board id and a connection id, never the URL: its query may hold a token.
 */
export function attachSyncEndpoint(server: Server, opts: SyncEndpointOptions): SyncEndpoint {
  const { rooms, secret, log, limits, observer } = opts
  const timings: SyncTimings = { ...DEFAULT_SYNC_TIMINGS, ...opts.timings }
  // perMessageDeflate off: it costs CPU per frame and opens the door to decompression bombs.
  // handleProtocols: a browser fails the connection unless one offered subprotocol is selected.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, handleProtocols: selectSubprotocol })
  const connections = new Set<Connection>()
  const perAddress = new ConnectionCounter()
  const perBoard = new ConnectionCounter()
  let nextConnectionId = 0
  let closing = false

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A reset during the handshake must not become an uncaught 'error'. Not a closure: the
    // listener stays on the socket for its whole life, and would keep this request alive with it.
    socket.on('error', destroySocket)
    const url = parseRequestUrl(req.url)
    if (!url || !url.pathname.startsWith(SYNC_PATH_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    if (closing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      void accept(ws, url, req)
    })
  }

  const accept = async (ws: WebSocket, url: URL, req: IncomingMessage): Promise<void> => {
    const connectionId = (++nextConnectionId).toString(36)
    const path = url.pathname.slice(SYNC_PATH_PREFIX.length)
    // `/sync/<boardId>/private`: the person's private doc on the board (private mode). Which one is
    // decided by the voter token below, never by the path.
    const isPrivate = opts.privateDocs !== undefined && path.endsWith(PRIVATE_SYNC_SUFFIX)
    const boardId = isPrivate ? path.slice(0, -PRIVATE_SYNC_SUFFIX.length) : path
    const connLog = log.child({ conn: connectionId, ...(isBoardId(boardId) ? { boardId } : {}) })
    // Until a Connection owns the socket (refusals), this keeps a socket error from being thrown.
    const earlyErrors = (err: Error): void => connLog.info({ err: { message: err.message } }, 'websocket error')
    ws.on('error', earlyErrors)
    const early = (code: CloseCode, why: string, reason: string): void => {
      connLog.info({ code, why }, 'connection refused')
      observer.refused(code)
      refuse(ws, code, reason)
    }
    if (!originAllowed(req.headers.origin, req.headers.host, opts.origins)) {
      early(CloseCode.ORIGIN_NOT_ALLOWED, 'origin not allowed', 'This page is not allowed to connect to the board server')
      return
    }
    const address = limitedAddress(req, opts.trustProxy)
    if (address !== null) {
      const release = perAddress.tryAcquire(address, limits.maxConnectionsPerIp)
      if (!release) {
        early(CloseCode.TOO_MANY_CONNECTIONS, 'too many connections from one address', `Too many connections from your address (at most ${limits.maxConnectionsPerIp})`)
        return
      }
      ws.once('close', release)
    }
    if (!isBoardId(boardId)) {
      early(CloseCode.BAD_BOARD_ID, 'bad board id', 'The board address is not valid')
      return
    }
    const credentials = readSyncCredentials(req, url, opts.urlTokens ?? 'allow')
    if (!credentials.ok) {
      early(CloseCode.AUTH_DENIED, 'token in the URL', credentials.reason)
      return
    }
    const token = verifyToken(secret, boardId, credentials.token)
    if (!token.ok) {
      early(CloseCode.AUTH_DENIED, `token ${token.reason}`, TOKEN_REFUSAL_TEXT[token.reason])
      return
    }
    let voterId: string | undefined
    if (credentials.voterToken !== null) {
      const voter = verifyVoterToken(secret, boardId, credentials.voterToken)
      if (!voter.ok) {
        early(CloseCode.AUTH_DENIED, `voter token ${voter.reason}`, VOTER_TOKEN_REFUSAL_TEXT[voter.reason])
        return
      }
      voterId = voter.voterId
    }
    if (isPrivate && !canEdit(token.role)) {
      early(CloseCode.FORBIDDEN, 'private doc of a viewer', 'Viewers have no private items')
      return
    }
    if (isPrivate && voterId === undefined) {
      early(CloseCode.AUTH_DENIED, 'private doc without a voter token', 'Private items need your voter identity; reload the page')
      return
    }
    // A person's private connections are counted apart from the board's (one more per tab), under the same cap.
    const leaveBoard = perBoard.tryAcquire(isPrivate ? path : boardId, limits.maxConnectionsPerBoard)
    if (!leaveBoard) {
      early(CloseCode.BOARD_FULL, 'board full', boardFullReason(limits.maxConnectionsPerBoard))
      return
    }
    ws.off('error', earlyErrors)
    // A logger of its own (not a child of connLog, which would keep connLog and this whole scope alive with it).
    const connectionLog = log.child({ conn: connectionId, boardId, role: token.role })
    // A private connection's room is the person's private doc: its id is what the connection calls its board.
    const roomId = isPrivate ? opts.privateDocs!.keyOf(boardId, voterId!) : boardId
    const conn = new Connection(ws, { id: connectionId, boardId: roomId, role: token.role, voterId, log: connectionLog, limits, observer })
    track(connections, conn, leaveBoard)
    connLog.debug({ role: token.role }, 'connection opened')
    // After the connection exists, so the frames a client sends at once wait in it meanwhile.
    if (!isPrivate && opts.seats && !(await takeSeat(opts.seats, conn, boardId, connectionId, limits.maxConnectionsPerBoard))) return
    try {
      await (isPrivate ? opts.privateDocs!.join(conn) : rooms.join(conn))
    } catch (err) {
      if (err instanceof RoomLoadError) conn.refuse(err.code, err.reason)
      else conn.close(CloseCode.SERVICE_RESTART, 'The server is restarting')
    }
  }

  server.on('upgrade', onUpgrade)

  const heartbeat = setInterval(() => {
    const now = Date.now()
    for (const conn of connections) conn.heartbeat(now, timings)
  }, timings.heartbeatTickMs)
  heartbeat.unref()

  return {
    get connectionCount() {
      return connections.size
    },
    async close(code, reason) {
      closing = true
      clearInterval(heartbeat)
      const closed = [...connections].map((conn) => new Promise<void>((done) => conn.onClosed(done)))
      await rooms.closeAll(code, reason)
      await opts.privateDocs?.closeAll(code, reason)
      for (const conn of connections) conn.close(code, reason)
      await Promise.race([Promise.all(closed), new Promise((done) => setTimeout(done, SHUTDOWN_CLOSE_GRACE_MS).unref())])
      for (const conn of connections) conn.terminate()
      server.off('upgrade', onUpgrade)
      wss.close()
    },
  }
}

/**
 * Keeps `conn` in `connections` while it is open. Outside `accept`: a closure made there would
 * keep all of accept's scope (loggers, refusal helpers) alive as long as the connection lives.
 */
function track(connections: Set<Connection>, conn: Connection, leaveBoard: () => void): void {
  connections.add(conn)
  conn.onClosed(() => {
    connections.delete(conn)
    leaveBoard()
  })
}

/** Takes the connection's seat on the board across nodes; refuses it (false) when the board is full there. */
async function takeSeat(seats: BoardSeatCheck, conn: Connection, boardId: string, connectionId: string, max: number): Promise<boolean> {
  conn.onClosed(() => seats.release(boardId, connectionId))
  if ((await seats.take(boardId, connectionId, max)) !== 'full') return true
  conn.refuse(CloseCode.BOARD_FULL, boardFullReason(max))
  return false
}

/** The one reason a full board is refused with, whether this node or all nodes together are full. */
function boardFullReason(max: number): string {
  return `The board is full: at most ${max} connections at once`
}

function destroySocket(this: Duplex): void {
  this.destroy()
}

function parseRequestUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://localhost')
  } catch {
    return null
  }
}
