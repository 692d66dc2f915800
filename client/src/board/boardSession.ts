import * as Y from 'yjs'
import {
  atom,
  createCachedUserResolve,
  createTLCurrentUser,
  createTLStore,
  createUserId,
  UserRecordType,
  type Atom,
  type TLAssetStore,
  type TLCurrentUser,
  type TLStore,
  type TLStoreWithStatus,
  type TLUser,
  type TLUserPreferences,
} from 'tldraw'
import { canEdit, canFacilitate, CloseCode, facilitationMap, type BoardInfoResponse } from '@whiteboard/shared'
import { isFrozen } from '@whiteboard/shared/facilitation/boardFreeze'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { forgetVoter, loadVoter, type VoterCredentials } from '../facilitation/voterId'
import { tldrawLocale, type UiLang } from '../i18n/messages'
import { BoardConnection, type ConnectionStatus } from './connection'
import { BoardPresence, type Person, type PresenceUser } from './presence'
import { YjsBinding } from './yjsBinding'
import { PrivateDocConnection } from '../private/PrivateDocConnection'
import { PrivateItems } from '../private/PrivateItems'
import { isPrivateModeOn } from '../private/privateModeState'

export interface BoardSessionOptions {
  token: string
  board: BoardInfoResponse
  identity: { id: string; name: string; color: string }
  /** The person's UI language when the board opens: tldraw's menus, and the connection's refusal texts. */
  lang: UiLang
  /** Where images go; tldraw's default (inline) when not given. */
  assets?: TLAssetStore
  /** Called when the person renames themselves in tldraw's people menu. */
  onRename?: (name: string) => void
  /** Called when the person picks a language in tldraw's own menu, so ours can follow. */
  onLocaleChange?: (locale: string) => void
}

/**
 * One open board: the Y.Doc, its transport, the tldraw store bound to it and presence.
 * Plain TypeScript; the board page only renders what this exposes and disposes it.
 *
 * The store stays `loading` until the doc holds the board (first server sync, or the
 * IndexedDB copy when offline). Only then is it filled and given to tldraw, so the
 * editor never starts on an empty store and creates a default page of its own.
 */
export class BoardSession {
  readonly doc = new Y.Doc()
  readonly store: TLStore
  readonly connection: BoardConnection
  readonly presence: BoardPresence
  /** tldraw's current user: id, name and colour match our presence; the locale follows the person's UI language. */
  readonly tldrawUser: TLCurrentUser
  readonly canEdit: boolean
  /** This browser's voter on the board (facilitation/voterId.ts); undefined for a viewer, or when none could be had. */
  readonly voter: Promise<VoterCredentials | undefined>
  /** The records shown from this person's private doc (private mode), to mark them on the canvas. */
  readonly privateItems = new PrivateItems()
  /** A participant's private doc and its own connection; facilitators and viewers have none. */
  private readonly privateDoc: PrivateDocConnection | undefined

  private readonly binding: YjsBinding
  /** Some records are shown in their own shape because the board's stored schema could not be used for them (yjsBinding.ts). */
  private schemaTrouble = false
  private readonly $preferences: Atom<TLUserPreferences>
  private readonly $collaborationStatus = atom<'online' | 'offline'>('collaboration status', 'offline')
  private storeWithStatus: TLStoreWithStatus = { status: 'loading' }
  private readonly listeners = new Set<() => void>()
  private readonly unsubscribeConnection: () => void
  private readonly unsubscribePeople: () => void
  private readonly unobserveFreeze: () => void
  private disposed = false

  constructor({ token, board, identity, lang, assets, onRename, onLocaleChange }: BoardSessionOptions) {
    this.canEdit = canEdit(board.role)
    // tldraw writes a `user:` record of the current user into the document for attribution
    // ("last edited by"); without this it would use tldraw's own random local user. Display
    // names live only in presence (and in the author field of snapshots), never in the board:
    // the record carries the id and colour with an empty name, and names are looked up among
    // the people on the board now. Someone who has left is "last edited by" no one by name.
    const anonymous = (color: string) => UserRecordType.create({ id: createUserId(identity.id), name: '', color })
    const $attributionUser = atom<TLUser | null>('attribution user', anonymous(identity.color))
    const $people = atom<readonly Person[]>('people on the board', [])
    // A participant's editor is read-only while the facilitator has the board frozen: the
    // server would refuse any change (frozenBoardGuard.ts), and tldraw then offers none.
    const state = facilitationMap(this.doc)
    const bound = this.canEdit && !canFacilitate(board.role)
    const modeNow = () => (!this.canEdit || (bound && isFrozen(state.get(FacilitationKey.FREEZE))) ? 'readonly' : 'readwrite')
    const $mode = atom<'readonly' | 'readwrite'>('collaboration mode', modeNow())
    const onFacilitation = () => $mode.set(modeNow())
    state.observe(onFacilitation)
    this.unobserveFreeze = () => state.unobserve(onFacilitation)
    this.store = createTLStore({
      ...(assets ? { assets } : {}),
      users: {
        currentUser: $attributionUser,
        resolve: createCachedUserResolve((userId) => {
          const person = $people.get().find((p) => p.id === userId)
          return person ? UserRecordType.create({ id: createUserId(person.id), name: person.name, color: person.color }) : null
        }),
      },
      // tldraw keeps the editor read-only for as long as mode is 'readonly', and shows
      // its multiplayer UI (people menu) because collaboration is set.
      collaboration: {
        mode: $mode,
        status: this.$collaborationStatus,
      },
    })
    this.voter = this.canEdit ? loadVoter(board.id, token) : Promise.resolve(undefined)
    // While private mode is on, a participant's new items go to their private doc on the server,
    // which nobody else receives, instead of the board (client/src/private/).
    this.privateDoc = bound ? new PrivateDocConnection({ boardId: board.id, token, voterToken: this.voter.then((v) => v?.voterToken) }) : undefined
    this.binding = new YjsBinding({
      store: this.store,
      doc: this.doc,
      canEdit: this.canEdit,
      boardId: board.id,
      ...(this.privateDoc
        ? { privateDoc: this.privateDoc.doc, addsArePrivate: () => isPrivateModeOn(this.doc), onPrivateKeys: (keys: ReadonlySet<string>) => this.privateItems.set(keys) }
        : {}),
      onSchemaTrouble: () => {
        this.schemaTrouble = true
        this.emit()
      },
    })
    this.connection = new BoardConnection({ boardId: board.id, token, voterToken: this.voter.then((v) => v?.voterToken), doc: this.doc, lang })

    const user: PresenceUser = { id: identity.id, name: identity.name, color: identity.color, role: board.role }
    this.presence = new BoardPresence({ awareness: this.connection.awareness, user })
    $people.set(this.presence.getPeople())
    this.unsubscribePeople = this.presence.subscribe((people) => $people.set(people))

    const $preferences = atom<TLUserPreferences>('user preferences', {
      id: identity.id,
      name: identity.name,
      color: identity.color,
      locale: tldrawLocale(lang),
      colorScheme: 'light',
    })
    this.$preferences = $preferences
    this.tldrawUser = createTLCurrentUser({
      userPreferences: $preferences,
      setUserPreferences: (next) => {
        const previous = $preferences.get()
        // The id ties cursors to people; it is ours, not tldraw's, to change.
        $preferences.set({ ...next, id: previous.id })
        const name = next.name?.trim()
        if (name && name !== previous.name) {
          this.presence.setUser({ ...user, name, color: next.color ?? user.color })
          $attributionUser.set(anonymous(next.color ?? user.color))
          onRename?.(name)
        }
        if (next.locale && next.locale !== previous.locale) onLocaleChange?.(next.locale)
      },
    })

    this.unsubscribeConnection = this.connection.subscribe((status) => {
      // A kept voter token the server no longer accepts (say, BOARD_SECRET changed) must not
      // lock this browser out: the next load asks for a new voter.
      if (status.kind === 'refused' && status.code === CloseCode.AUTH_DENIED) forgetVoter(board.id)
      this.handleStatus(status)
    })
    void this.connection.loaded.then(() => this.handleLoaded())
  }

  /**
   * Switches tldraw's menus to `lang` at once: tldraw reads its locale from this user's
   * preferences, an atom, so no editor or connection is recreated.
   */
  setUiLang(lang: UiLang): void {
    const locale = tldrawLocale(lang)
    const current = this.$preferences.get()
    if (current.locale !== locale) this.$preferences.set({ ...current, locale })
  }

  getStoreWithStatus(): TLStoreWithStatus {
    return this.storeWithStatus
  }

  /** Whether the page should say that the board's records may not all show as they were written. */
  hasSchemaTrouble(): boolean {
    return this.schemaTrouble
  }

  getConnectionStatus(): ConnectionStatus {
    return this.connection.getStatus()
  }

  /** Notified when the store's status or the connection status changes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.listeners.clear()
    this.unsubscribeConnection()
    this.unsubscribePeople()
    this.unobserveFreeze()
    this.presence.dispose()
    this.binding.dispose()
    this.privateDoc?.destroy()
    this.connection.destroy()
    this.doc.destroy()
  }

  private handleLoaded(): void {
    if (this.disposed) return
    try {
      this.binding.start()
    } catch (error) {
      this.storeWithStatus = { status: 'error', error: error instanceof Error ? error : new Error(String(error)) }
      this.emit()
      return
    }
    this.presence.attachStore(this.store)
    this.storeWithStatus = { status: 'synced-remote', connectionStatus: this.$collaborationStatus.get(), store: this.store }
    this.emit()
  }

  private handleStatus(status: ConnectionStatus): void {
    const online = status.kind === 'synced' ? 'online' : 'offline'
    this.$collaborationStatus.set(online)
    if (this.storeWithStatus.status === 'synced-remote' && this.storeWithStatus.connectionStatus !== online) {
      this.storeWithStatus = { status: 'synced-remote', connectionStatus: online, store: this.store }
    }
    this.emit()
  }

  private emit(): void {
    for (const listener of this.listeners) listener()
  }
}
