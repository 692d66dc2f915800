import * as awarenessProtocol from 'y-protocols/awareness'
import type { Connection } from './Connection'
import { prepareFrames, type FramedMessage } from './preparedFrames'
import { awarenessFrame } from './syncMessages'

/**
 * A room relays presence (cursors, selections) at most once per interval, every change of the
 * interval merged into one frame. Presence goes to every client, and stock y-websocket clients
 * send each presence frame they receive back to the server, so each relay costs two frames per
 * client: relaying per event-loop turn, a hundred people moving their cursors made the server
 * write and read about a hundred thousand frames a second. The interval is 50 ms (20 relays a
 * second, smooth cursors) for up to 50 people and grows with the room to 100 ms at 100 people
 * and more (10 a second, the default throttle of hosted presence services such as Liveblocks),
 * so that from 50 to 100 people the presence traffic stays at what 50 people make. Document
 * updates are held back only briefly, in large rooms (UPDATE_GATHERING).
 */
export const PRESENCE_INTERVAL_MS = { min: 50, max: 100 } as const

/** The presence interval of a room with `connections` clients (see PRESENCE_INTERVAL_MS). */
export function presenceIntervalMs(connections: number): number {
  return Math.min(PRESENCE_INTERVAL_MS.max, Math.max(PRESENCE_INTERVAL_MS.min, connections))
}

/** Origin of the awareness removal a room makes itself when a connection leaves. */
const LEAVE = Symbol('leave')

/**
 * Everything a room sends to its connections: each turn's committed update together with the
 * presence that changed since it was last relayed, if due (presenceIntervalMs), framed once and
 * written once per socket; and the removal of a leaving connection's presence.
 */
export class PresenceRelay {
  /** Presence that changed since it was last relayed (see `broadcastTurn`). */
  private readonly changed = new Set<number>()
  /** When presence was last relayed (performance.now()), and the timer that relays it next. */
  private sentAt = -Infinity
  private timer: NodeJS.Timeout | null = null

  /**
   * `requestTurn`: presence is due; the room calls `broadcastTurn` at the end of this turn
   * (with the turn's updates, if any). `isOpen`: a closing room relays nothing more.
   */
  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly conns: ReadonlySet<Connection>,
    private readonly requestTurn: () => void,
    private readonly isOpen: () => boolean,
  ) {
    awareness.on('update', this.onAwarenessUpdate)
  }

  /**
   * Sends a turn's committed update (`update`, to everyone but `except`) together with the
   * presence that changed since it was last relayed, if it is due (presenceIntervalMs), one
   * write per socket. Cursor moves from many clients go out as one frame, encoded once. The
   * sender of the update gets only the presence: it has its own changes already. (Idle clients
   * are kept alive by Connection.heartbeat, not by echoes.)
   */
  broadcastTurn(update: FramedMessage | null, except: Connection | null): void {
    let presence: Uint8Array | null = null
    const now = performance.now()
    // Presence not due yet waits for its timer. A timer may fire a fraction of a millisecond
    // before performance.now() says it is due (libuv keeps whole milliseconds): it is set again,
    // or the last change of a burst would wait for the next change to go out.
    if (this.changed.size > 0 && !this.timer && now - this.sentAt >= presenceIntervalMs(this.conns.size)) {
      const ids = [...this.changed].filter((id) => this.awareness.meta.has(id))
      this.changed.clear()
      if (ids.length > 0 && this.isOpen()) {
        presence = awarenessFrame(this.awareness, ids)
        this.sentAt = now
      }
    } else if (this.changed.size > 0) this.schedule()
    if (!update && !presence) return
    // Framed once for everyone; the sender of the update gets only the presence.
    const toAll = prepareFrames([update, presence].filter((m): m is FramedMessage => m !== null))
    const toSender = update && presence && except ? prepareFrames([presence]) : null
    for (const conn of this.conns) {
      if (conn !== except) conn.sendPrepared(toAll)
      else if (toSender) conn.sendPrepared(toSender)
    }
  }

  /** Removes the presence of a connection that left (`ids`, its client ids) and tells the others at once. */
  removeLeft(ids: readonly number[]): void {
    if (ids.length === 0) return
    awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], LEAVE)
    const removal = prepareFrames([awarenessFrame(this.awareness, [...ids])])
    for (const peer of this.conns) peer.sendPrepared(removal)
    // Forgetting the clocks lets the same client id come back after a reconnect: y-websocket
    // resends its state with an unchanged clock, which the server would otherwise ignore.
    for (const id of ids) {
      this.awareness.meta.delete(id)
      this.changed.delete(id)
    }
  }

  /** Stops the timer and listening; the room is closing. */
  destroy(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.awareness.off('update', this.onAwarenessUpdate)
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === LEAVE) return
    for (const id of [...added, ...updated, ...removed]) this.changed.add(id)
    this.schedule()
  }

  /** Relays the changed presence at the end of this turn if it is due, else when it is. */
  private schedule(): void {
    if (this.timer || !this.isOpen()) return
    const wait = this.sentAt + presenceIntervalMs(this.conns.size) - performance.now()
    if (wait <= 0) {
      this.requestTurn()
      return
    }
    this.timer = setTimeout(() => {
      this.timer = null
      this.requestTurn()
    }, Math.ceil(wait))
  }
}
