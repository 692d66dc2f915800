import type { Awareness } from 'y-protocols/awareness'
import {
  atom,
  createPresenceStateDerivation,
  createUserId,
  InstancePresenceRecordType,
  react,
  UserRecordType,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
  type TLUserId,
} from 'tldraw'
import { isRole, MAX_DISPLAY_NAME_LENGTH, type Role } from '@whiteboard/shared'
import type { PresenceHand, PresenceReaction } from '@whiteboard/shared/presence/gestures'
import { nextFrame } from './nextFrame'

/**
 * Least time between two presence messages from this tab. A pointer moves at frame rate
 * (60-120 Hz); 20 messages a second still draw a smooth cursor at the other end and keep
 * each participant well inside the server's message-rate limit.
 */
export const PRESENCE_SEND_INTERVAL_MS = 50

/** Longest user id accepted from a peer; ours are 16 characters. */
const MAX_USER_ID_LENGTH = 64

/**
 * Who a person is, as carried in their awareness state. A peer's `role` is the one the server
 * wrote into the state it relayed (it knows each connection's role), never the peer's claim;
 * the browser gets every other tab's state through the server (connection.ts turns off
 * y-websocket's BroadcastChannel), so no state reaches it unstamped.
 */
export interface PresenceUser {
  id: string
  name: string
  color: string
  role: Role
}

/** One awareness state: who, and where their cursor, selection and viewport are (`null` before the editor runs). */
export interface AwarenessState extends PresenceGestures {
  user: PresenceUser
  presence: TLInstancePresence | null
}

/** This tab's reaction and raised hand (shared/src/presence/gestures.ts), beside who and where. */
export interface PresenceGestures {
  reaction?: PresenceReaction | null
  hand?: PresenceHand | null
}

export interface Person extends PresenceUser {
  isSelf: boolean
}

export interface BoardPresenceOptions {
  awareness: Awareness
  user: PresenceUser
  scheduleFlush?: (flush: () => void) => () => void
}

/**
 * Presence through Yjs awareness, never through the doc:
 * - publishes this tab's user and tldraw presence (cursor, selection, camera, page),
 *   derived from the store with tldraw's `createPresenceStateDerivation`;
 * - turns the other tabs' awareness states into `instance_presence` records in the
 *   store, so tldraw draws their named, coloured cursors and selections, and removes
 *   them when a tab leaves;
 * - keeps the list of who is here for the people list.
 * Everything a peer sends is checked; a state that does not validate is ignored.
 */
export class BoardPresence {
  private readonly awareness: Awareness
  private readonly scheduleFlush: (flush: () => void) => () => void
  private user: PresenceUser
  private people: readonly Person[] = []
  private readonly listeners = new Set<(people: readonly Person[]) => void>()
  private store: TLStore | undefined
  private readonly $user = atom<TLUser | null>('presence user', null)
  private stopReacting: (() => void) | undefined
  private presence: TLInstancePresence | null = null
  private gestures: PresenceGestures = {}
  private lastSent = 0
  private sendTimer: ReturnType<typeof setTimeout> | undefined
  private readonly pendingClients = new Set<number>()
  private cancelFlush: (() => void) | undefined
  /** Presence record per client, for removing it when the client leaves. */
  private readonly recordIds = new Map<number, TLInstancePresence['id']>()
  private disposed = false

  constructor({ awareness, user, scheduleFlush = nextFrame }: BoardPresenceOptions) {
    this.awareness = awareness
    this.scheduleFlush = scheduleFlush
    this.user = user
    this.$user.set(toTLUser(user))
    awareness.setLocalState({ user, presence: null } satisfies AwarenessState)
    awareness.on('change', this.handleChange)
    this.refreshPeople()
  }

  /**
   * Starts drawing the others in `store` and publishing this tab's presence from it.
   * Call after the board's records are loaded: putting a presence record runs the
   * store's integrity check, which would create a default page in an empty store.
   */
  attachStore(store: TLStore): void {
    if (this.store || this.disposed) return
    this.store = store
    const $presence = createPresenceStateDerivation(this.$user)(store)
    this.stopReacting = react('publish presence', () => {
      this.presence = $presence.get()
      this.queueSend()
    })
    for (const clientId of this.awareness.getStates().keys()) this.pendingClients.add(clientId)
    this.queueFlush()
  }

  setUser(user: PresenceUser): void {
    this.user = user
    this.$user.set(toTLUser(user))
    this.queueSend()
  }

  /** Sets this tab's reaction or raised hand; it goes out with the next presence message. */
  setGestures(gestures: PresenceGestures): void {
    this.gestures = { ...this.gestures, ...gestures }
    this.queueSend()
  }

  getGestures(): PresenceGestures {
    return this.gestures
  }

  getPeople(): readonly Person[] {
    return this.people
  }

  subscribe(listener: (people: readonly Person[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Applies the collected awareness changes to the store now. Runs on its own once per frame. */
  flush(): void {
    this.cancelFlush?.()
    this.cancelFlush = undefined
    const store = this.store
    if (!store || this.disposed || this.pendingClients.size === 0) return
    const puts: TLInstancePresence[] = []
    const removals: TLInstancePresence['id'][] = []
    const states = this.awareness.getStates()
    for (const clientId of this.pendingClients) {
      if (clientId === this.awareness.clientID) continue
      const record = presenceRecord(clientId, states.get(clientId))
      const previous = this.recordIds.get(clientId)
      if (record) {
        puts.push(record)
        this.recordIds.set(clientId, record.id)
      } else if (previous) {
        removals.push(previous)
        this.recordIds.delete(clientId)
      }
    }
    this.pendingClients.clear()
    if (puts.length === 0 && removals.length === 0) return
    store.mergeRemoteChanges(() => {
      const present = removals.filter((id) => store.has(id))
      if (present.length) store.remove(present)
      if (puts.length) store.put(puts)
    })
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.awareness.off('change', this.handleChange)
    this.stopReacting?.()
    this.cancelFlush?.()
    clearTimeout(this.sendTimer)
    this.listeners.clear()
    const store = this.store
    const ids = [...this.recordIds.values()]
    if (store && ids.length) store.mergeRemoteChanges(() => store.remove(ids.filter((id) => store.has(id))))
  }

  private readonly handleChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    if (this.disposed) return
    for (const clientId of [...added, ...updated, ...removed]) {
      if (clientId !== this.awareness.clientID) this.pendingClients.add(clientId)
    }
    this.refreshPeople()
    this.queueFlush()
  }

  private queueFlush(): void {
    if (!this.store || this.pendingClients.size === 0) return
    this.cancelFlush ??= this.scheduleFlush(() => {
      this.cancelFlush = undefined
      this.flush()
    })
  }

  private queueSend(): void {
    if (this.sendTimer !== undefined || this.disposed) return
    const wait = Math.max(0, this.lastSent + PRESENCE_SEND_INTERVAL_MS - Date.now())
    this.sendTimer = setTimeout(() => {
      this.sendTimer = undefined
      this.lastSent = Date.now()
      this.awareness.setLocalState({ user: this.user, presence: this.presence, ...this.gestures } satisfies AwarenessState)
    }, wait)
  }

  private refreshPeople(): void {
    // One entry per user id and role: a participant who takes a facilitator's user id is
    // listed as a participant of that name, beside the facilitator, not in their place.
    const byUser = new Map<string, Person>()
    for (const [clientId, state] of this.awareness.getStates()) {
      const user = parsePresenceUser((state as { user?: unknown }).user)
      if (!user) continue
      const isSelf = clientId === this.awareness.clientID
      const key = presenceUserId(user)
      const known = byUser.get(key)
      if (!known || isSelf) byUser.set(key, { ...user, isSelf: isSelf || (known?.isSelf ?? false) })
    }
    const people = [...byUser.values()].sort(
      (a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id) || a.role.localeCompare(b.role),
    )
    if (JSON.stringify(people) === JSON.stringify(this.people)) return
    this.people = people
    for (const listener of this.listeners) listener(people)
  }
}

/**
 * The tldraw user id of a person's presence (cursor, follow, present): their user id under
 * their role. The user id is the peer's own claim and anyone can read it from presence, the
 * role is the server's; so a participant who copies a facilitator's user id gets a presence of
 * its own, and following the facilitator (or their presentation) never follows them.
 */
export function presenceUserId(user: Pick<PresenceUser, 'id' | 'role'>): TLUserId {
  return createUserId(`${user.role}.${user.id}`)
}

/** This tab's user for tldraw; its id is the person's own, as tldraw writes it into the board for attribution. */
function toTLUser(user: PresenceUser): TLUser {
  return UserRecordType.create({ id: createUserId(user.id), name: user.name, color: user.color })
}

/** A peer's `user` field, or `undefined` if it is not one. */
export function parsePresenceUser(value: unknown): PresenceUser | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const { id, name, color, role } = value as Record<string, unknown>
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_USER_ID_LENGTH) return undefined
  if (typeof name !== 'string') return undefined
  const cleanName = Array.from(name.replace(/\s+/g, ' ').trim()).slice(0, MAX_DISPLAY_NAME_LENGTH).join('')
  if (!cleanName) return undefined
  return {
    id,
    name: cleanName,
    color: typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : '#868e96',
    role: isRole(role) ? role : 'viewer',
  }
}

/**
 * The `instance_presence` record for a peer's awareness state, or `undefined` if there is
 * none or it does not validate. Identity fields come from the checked `user`, not from
 * the presence the peer sent. The activity time is this browser's clock, so a peer whose
 * clock is off is not taken for idle.
 */
export function presenceRecord(clientId: number, state: unknown): TLInstancePresence | undefined {
  if (state === null || typeof state !== 'object') return undefined
  const { user: rawUser, presence } = state as { user?: unknown; presence?: unknown }
  const user = parsePresenceUser(rawUser)
  if (!user || presence === null || typeof presence !== 'object' || Array.isArray(presence)) return undefined
  const candidate = {
    ...(presence as Record<string, unknown>),
    id: InstancePresenceRecordType.createId(`client-${clientId}`),
    typeName: 'instance_presence',
    userId: presenceUserId(user),
    userName: user.name,
    color: user.color,
    lastActivityTimestamp: Date.now(),
  }
  try {
    return InstancePresenceRecordType.validate(candidate)
  } catch {
    return undefined
  }
}
