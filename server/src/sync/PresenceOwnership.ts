import type { Awareness } from 'y-protocols/awareness'
import { equalityDeep } from 'lib0/function'
import type { Logger } from 'pino'
import { CloseCode, type Role } from '@whiteboard/shared'
import { formatBytes } from './formatBytes'
import { presenceStateRefusal } from './presenceStateShape'
import { PresenceGestures } from './presenceGestures'
import type { PresenceBudget } from './PresenceBudget'
import type { SyncObserver } from './SyncObserver'

/** Who sends presence: a connection, as far as presence needs to know it. */
export interface PresenceSender {
  readonly role: Role
  readonly log: Logger
  /** The voter id bound at connect, if any (Connection.voterId). */
  readonly voterId?: string | undefined
}

/** One entry of an awareness update that brings news: where its JSON state lies in the message. */
export interface PresenceEntry {
  clientId: number
  clock: number
  start: number
  length: number
}

export interface PresenceRefusal {
  code: CloseCode
  reason: string
}

/** Why a presence entry was left out without closing its connection (the label of the metric). */
export type PresenceDrop = 'not_owner' | 'full' | 'reaction_too_fast'

const utf8 = new TextDecoder()

/**
 * Ids released by a leaving connection that are remembered, and for how long. Stock clients
 * send back every state they receive; one sent back just before its owner left reaches the
 * server after the release, and must not bring the state back under the echoing connection.
 * Such an echo comes within a round trip and a presence interval, so a few seconds of leaves
 * are enough; both bounds keep a connect-and-leave loop from growing the memory kept.
 */
const RELEASED_IDS_KEPT = 256
const RELEASED_ID_MS = 5_000

/**
 * Binds each awareness client id of a room to the connection that first announced it, and
 * bounds what presence the room holds. The client chooses its awareness ids, so without this
 * a viewer could write, rename or remove anyone's presence, and add people who do not exist.
 *
 * It applies a connection's awareness entries to the room's Awareness the way y-protocols'
 * applyAwarenessUpdate does (same clock rule, same events), with these differences:
 * - an entry for an id another connection owns, or a person on another node has (`foreign`,
 *   unless it is that person: `takeOver`), is left out (the rest of the message applies);
 * - a removal (`null`) of an id nobody owns is left out, so the clocks kept do not grow;
 * - a connection may own `idsPerConnection` ids; announcing one more closes it;
 * - a state that would take the room past `bytesPerRoom` or the server past `bytesPerProcess`
 *   is left out, and its connection is closed if it holds more than its fair share;
 * - the role the server gave the connection is written into each state's `user.role`, so
 *   every peer sees the role the server knows, whatever the sender claimed;
 * - reactions and raised hands in a state are judged by PresenceGestures (presenceGestures.ts).
 * Removals of one's own ids always pass. An id stays owned (also after its state is removed)
 * until its connection leaves; then a connection that joined later may announce it again, as a
 * reconnecting client does, at any clock, while one that was there before needs a newer clock:
 * at the old one it is sending back what it received (see RELEASED_IDS_KEPT).
 */
export class PresenceOwnership {
  private readonly owners = new Map<number, PresenceSender>()
  private readonly owned = new Map<PresenceSender, Set<number>>()
  /** When each connection joined (a sequence number), to tell a reconnect from an echo. */
  private readonly joinedAt = new Map<PresenceSender, number>()
  private joins = 0
  /** Ids whose connection left: the clock they had, and the last join before they were released. */
  private readonly released = new Map<number, { clock: number; lastJoin: number; at: number }>()
  /** JSON bytes of each live state, as received. */
  private readonly stateBytes = new Map<number, number>()
  private held = 0
  /**
   * Ids of people on other nodes (multi-node mode, cluster/PresenceFanOut.ts), whose presence
   * comes from their own node: no connection here may announce, change or remove them.
   */
  readonly foreign = new Set<number>()
  /**
   * The voter id behind each person in `foreign` whose node named it (PresenceFanOut's roster).
   * The same person coming back through this node, with the same signed voter, takes their id
   * over (`takeOver`), instead of being shut out of their own presence until their old node's
   * heartbeat lapses.
   */
  readonly foreignVoters = new Map<number, string>()
  /** Reactions and raised hands in the states: checked, rate-limited, hands stamped with the time they went up. */
  private readonly gestures = new PresenceGestures()

  constructor(
    private readonly awareness: Awareness,
    private readonly budget: PresenceBudget,
    private readonly observer: SyncObserver,
  ) {
    // States the awareness removes on its own (30 s without renewal) give their bytes back.
    awareness.on('update', this.onUpdate)
  }

  /** A connection joined the room (before it sends anything). */
  join(conn: PresenceSender): void {
    this.joinedAt.set(conn, ++this.joins)
  }

  /** Presence bytes this room holds now. */
  get bytes(): number {
    return this.held
  }

  /** The live states of each connection that has any, for counting people by connection. */
  *statesByConnection(): Iterable<unknown[]> {
    for (const ids of this.owned.values()) {
      const states: unknown[] = []
      for (const id of ids) {
        const state = this.awareness.states.get(id)
        if (state !== undefined) states.push(state)
      }
      if (states.length > 0) yield states
    }
  }

  /** The live states of each connection that has any, with the connection (private mode names people by their voter id). */
  *statesWithConnection(): Iterable<[PresenceSender, unknown[]]> {
    for (const [conn, ids] of this.owned) {
      const states: unknown[] = []
      for (const id of ids) {
        const state = this.awareness.states.get(id)
        if (state !== undefined) states.push(state)
      }
      if (states.length > 0) yield [conn, states]
    }
  }

  /**
   * Applies the entries of `payload` (an awareness update from `from`) that it may make;
   * returns why `from` must be closed, if it must. Entries before a refusal stay applied:
   * they go when the closed connection leaves.
   */
  receive(from: PresenceSender, payload: Uint8Array, entries: readonly PresenceEntry[]): PresenceRefusal | null {
    const { states, meta } = this.awareness
    const limits = this.budget.limits
    let ids = this.owned.get(from)
    const added: number[] = []
    const updated: number[] = []
    const changed: number[] = []
    const removed: number[] = []
    let notOwner = 0
    let full = 0
    let tooFast = 0
    let refusal: PresenceRefusal | null = null
    const now = Date.now()
    for (const { clientId, clock, start, length } of entries) {
      const owner = this.owners.get(clientId)
      if ((owner !== undefined && owner !== from) || (owner === undefined && this.foreign.has(clientId) && !this.takeOver(from, clientId))) {
        notOwner++
        continue
      }
      const isRemoval = isJsonNullAt(payload, start, length)
      const before = meta.get(clientId)
      const known = before?.clock ?? 0
      // The clock rule again: an id may come twice in one message.
      if (!(known < clock || (known === clock && isRemoval && states.has(clientId)))) continue
      if (isRemoval) {
        if (owner === undefined) continue
        states.delete(clientId)
        this.forgetBytes(clientId)
        meta.set(clientId, { clock, lastUpdated: now })
        if (before !== undefined) removed.push(clientId)
        continue
      }
      if (owner === undefined && this.isLateEcho(from, clientId, clock)) continue
      if (owner === undefined && (ids?.size ?? 0) >= limits.idsPerConnection) {
        refusal = { code: CloseCode.RATE_LIMITED, reason: `Too many presence ids from one connection (at most ${limits.idsPerConnection})` }
        break
      }
      const growth = length - (this.stateBytes.get(clientId) ?? 0)
      if (growth > 0 && (this.held + growth > limits.bytesPerRoom || !this.budget.fits(growth))) {
        const where = this.held + growth > limits.bytesPerRoom ? 'this board' : 'the server'
        if (this.bytesOf(ids) + growth > limits.shareBytes) {
          refusal = { code: CloseCode.RATE_LIMITED, reason: `Presence on ${where} is full; this connection holds more than its share (${formatBytes(limits.shareBytes)})` }
          break
        }
        full++
        continue
      }
      let state: unknown
      try {
        state = JSON.parse(utf8.decode(payload.subarray(start, start + length)))
      } catch {
        refusal = { code: CloseCode.MALFORMED_FRAME, reason: 'The message could not be read' }
        break
      }
      // Honest clients write a removal as exactly `null`; another spelling of it is not a state.
      if (state === null) continue
      const unfit = presenceStateRefusal(state)
      if (unfit) {
        refusal = { code: CloseCode.INVALID_UPDATE, reason: unfit }
        break
      }
      stampRole(state, from.role)
      if (typeof state === 'object' && !Array.isArray(state)) {
        const gestures = this.gestures.judge(from, state as Record<string, unknown>, states.get(clientId))
        if (!gestures.ok) {
          refusal = { code: CloseCode.INVALID_UPDATE, reason: gestures.reason }
          break
        }
        if (gestures.reactionHeld) tooFast++
      }
      if (owner === undefined) {
        this.released.delete(clientId)
        if (!ids) this.owned.set(from, (ids = new Set()))
        ids.add(clientId)
        this.owners.set(clientId, from)
      }
      this.stateBytes.set(clientId, length)
      this.held += growth
      this.budget.add(growth)
      const previous = states.get(clientId)
      states.set(clientId, state as Record<string, unknown>)
      meta.set(clientId, { clock, lastUpdated: now })
      if (before === undefined) added.push(clientId)
      else {
        updated.push(clientId)
        if (!equalityDeep(previous, state)) changed.push(clientId)
      }
    }
    if (added.length > 0 || changed.length > 0 || removed.length > 0) this.awareness.emit('change', [{ added, updated: changed, removed }, from])
    if (added.length > 0 || updated.length > 0 || removed.length > 0) this.awareness.emit('update', [{ added, updated, removed }, from])
    if (notOwner > 0) {
      this.observer.presenceDropped('not_owner', notOwner)
      from.log.debug({ entries: notOwner }, "dropped presence under another connection's ids")
    }
    if (tooFast > 0) this.observer.presenceDropped('reaction_too_fast', tooFast)
    if (full > 0) {
      this.observer.presenceDropped('full', full)
      from.log.info({ entries: full, roomBytes: this.held, serverBytes: this.budget.bytes }, 'dropped presence: presence is full')
    }
    return refusal
  }

  /**
   * Forgets everything `conn` owned, and returns its ids that still have a state, which the
   * room then removes for everyone. The clocks of its removed states are dropped here.
   */
  release(conn: PresenceSender): number[] {
    this.joinedAt.delete(conn)
    const ids = this.owned.get(conn)
    if (!ids) return []
    this.owned.delete(conn)
    const now = Date.now()
    this.forgetOldReleases(now)
    const live: number[] = []
    for (const id of ids) {
      this.owners.delete(id)
      this.forgetBytes(id)
      // The room's removal of a live state goes out at the next clock: echoes of that are older still.
      this.released.set(id, { clock: (this.awareness.meta.get(id)?.clock ?? 0) + 1, lastJoin: this.joins, at: now })
      if (this.awareness.states.has(id)) live.push(id)
      else this.awareness.meta.delete(id)
    }
    return live
  }

  /** Whether a connection here owns `clientId`. */
  ownsHere(clientId: number): boolean {
    return this.owners.has(clientId)
  }

  /** The voter id of the connection here that owns `clientId`, if one does and has a voter. */
  voterOf(clientId: number): string | undefined {
    return this.owners.get(clientId)?.voterId
  }

  /**
   * Lets `from` have a foreign person's id if it is that person: their node died or the
   * balancer moved them, and they reconnected here. Their clock starts over, as after a leave
   * here: the node they came from kept counting it.
   */
  private takeOver(from: PresenceSender, clientId: number): boolean {
    const voter = this.foreignVoters.get(clientId)
    if (voter === undefined || voter !== from.voterId) return false
    this.foreign.delete(clientId)
    this.foreignVoters.delete(clientId)
    const meta = this.awareness.meta.get(clientId)
    if (meta) this.awareness.meta.set(clientId, { clock: 0, lastUpdated: meta.lastUpdated })
    return true
  }

  /** Gives the room's bytes back to the server's budget (the room is closing). */
  destroy(): void {
    this.awareness.off('update', this.onUpdate)
    this.budget.add(-this.held)
    this.held = 0
    this.stateBytes.clear()
    this.owners.clear()
    this.owned.clear()
    this.joinedAt.clear()
    this.released.clear()
    this.foreign.clear()
    this.foreignVoters.clear()
  }

  /** An entry for a released id at its old clock, from a connection that was there when it was released. */
  private isLateEcho(from: PresenceSender, clientId: number, clock: number): boolean {
    const released = this.released.get(clientId)
    if (!released) return false
    if (released.at + RELEASED_ID_MS < Date.now()) {
      this.released.delete(clientId)
      return false
    }
    return clock <= released.clock && (this.joinedAt.get(from) ?? Infinity) <= released.lastJoin
  }

  private forgetOldReleases(now: number): void {
    for (const [id, { at }] of this.released) {
      if (this.released.size <= RELEASED_IDS_KEPT && at + RELEASED_ID_MS >= now) break
      this.released.delete(id)
    }
  }

  private bytesOf(ids: Set<number> | undefined): number {
    let sum = 0
    for (const id of ids ?? []) sum += this.stateBytes.get(id) ?? 0
    return sum
  }

  private forgetBytes(id: number): void {
    const bytes = this.stateBytes.get(id)
    if (bytes === undefined) return
    this.stateBytes.delete(id)
    this.held -= bytes
    this.budget.add(-bytes)
  }

  private readonly onUpdate = ({ removed }: { removed: number[] }): void => {
    for (const id of removed) this.forgetBytes(id)
  }
}

/**
 * Writes the connection's role into a state's `user`, where our client reads the role a
 * person has; a state without a `user` object is no person and is left as it is.
 */
function stampRole(state: unknown, role: Role): void {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return
  const user = (state as { user?: unknown }).user
  if (user === null || typeof user !== 'object' || Array.isArray(user)) return
  ;(user as { role?: unknown }).role = role
}

/** True for the JSON text `null` (a presence removal). */
export function isJsonNullAt(bytes: Uint8Array, start: number, length: number): boolean {
  return length === 4 && bytes[start] === 0x6e && bytes[start + 1] === 0x75 && bytes[start + 2] === 0x6c && bytes[start + 3] === 0x6c
}
