import { CREATION_POLICY_PATH, CREATOR_KEY_HEADER, CREATOR_KEY_REFUSALS, type CreationPolicyResponse } from '@whiteboard/shared/api/creationApi'

/** Where this browser keeps the creator key: asked once, sent with every board and gathering it creates. */
const STORAGE_KEY = 'whiteboard.creatorKey'

export interface CreatorKeyState {
  /** The server creates boards only with its creator key (BOARD_CREATION=key). */
  needed: boolean
  /** The key this browser remembers, if any. */
  key: string | undefined
  /** Why the key is asked for again: none was sent, or the server refused the one sent. */
  problem: 'missing' | 'wrong' | undefined
}

type Listener = () => void

/**
 * The creator key of the home page, shared by its two create forms (a board, a gathering).
 * It asks the server once whether a key is needed, remembers the key a person enters in
 * localStorage, and forgets it when the server refuses it, so the person is asked again.
 */
class CreatorKeyStore {
  private state: CreatorKeyState = { needed: false, key: read(), problem: undefined }
  private readonly listeners = new Set<Listener>()
  private asked = false

  readonly get = (): CreatorKeyState => this.state

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Asks the server (once per page) whether creating needs the key. A failure leaves it to the first refusal to tell. */
  async askServer(fetchImpl: typeof fetch = fetch): Promise<void> {
    if (this.asked) return
    this.asked = true
    try {
      const res = await fetchImpl(CREATION_POLICY_PATH, { headers: { Accept: 'application/json' }, cache: 'no-store' })
      const body = (await res.json()) as Partial<CreationPolicyResponse>
      if (body.creation === 'key') this.set({ needed: true })
    } catch {
      // Offline or an older server: the create request's own answer says it if a key is needed.
    }
  }

  /** Headers that carry the remembered key on a creating request. */
  headers(): Record<string, string> {
    return this.state.key ? { [CREATOR_KEY_HEADER]: this.state.key } : {}
  }

  /** The person entered a key: remembered for this browser. */
  enter(key: string): void {
    const trimmed = key.trim()
    if (!trimmed) return
    write(trimmed)
    this.set({ key: trimmed, problem: undefined })
  }

  /**
   * Reads a creating request's refusal: true when it was about the creator key (the key form
   * then asks for it, so the caller shows no error of its own), false for any other refusal.
   */
  refused(error: unknown): boolean {
    if (error === CREATOR_KEY_REFUSALS.missing) {
      this.set({ needed: true, problem: 'missing' })
      return true
    }
    if (error === CREATOR_KEY_REFUSALS.wrong) {
      write(undefined)
      this.set({ needed: true, key: undefined, problem: 'wrong' })
      return true
    }
    return false
  }

  private set(patch: Partial<CreatorKeyState>): void {
    this.state = { ...this.state, ...patch }
    for (const listener of this.listeners) listener()
  }
}

export const creatorKeyStore = new CreatorKeyStore()

function read(): string | undefined {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? undefined
  } catch {
    return undefined
  }
}

function write(key: string | undefined): void {
  try {
    if (key === undefined) globalThis.localStorage?.removeItem(STORAGE_KEY)
    else globalThis.localStorage?.setItem(STORAGE_KEY, key)
  } catch {
    // Storage disabled: the key lasts for this page only.
  }
}
