import { MAX_DISPLAY_NAME_LENGTH } from '@whiteboard/shared'

/**
 * Who this browser is on every board: a random id, a colour and the display name the
 * person gave on their first visit. Kept in localStorage, so a reload or the next
 * board does not ask again. There are no accounts; the id only tells cursors apart.
 */
export interface LocalIdentity {
  id: string
  /** `undefined` until the person has answered the name dialog. */
  name: string | undefined
  color: string
}

const STORAGE_KEY = 'whiteboard.identity'

/** Cursor colours that read well on a white board and that people can tell apart by name (red, blue, green, …). */
export const CURSOR_COLORS = [
  '#e03131', '#1971c2', '#2f9e44', '#f08c00', '#9c36b5', '#0c8599', '#c2255c', '#5f3dc4', '#66a80f', '#8d6e63',
] as const

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>

export function loadIdentity(storage: StorageLike | undefined = safeLocalStorage()): LocalIdentity {
  const stored = parse(storage?.getItem(STORAGE_KEY) ?? null)
  const identity: LocalIdentity = {
    id: stored.id ?? randomId(),
    name: stored.name,
    color: stored.color ?? CURSOR_COLORS[Math.floor(Math.random() * CURSOR_COLORS.length)] ?? CURSOR_COLORS[0],
  }
  if (stored.id === undefined || stored.color === undefined) save(storage, identity)
  return identity
}

export function saveDisplayName(name: string, storage: StorageLike | undefined = safeLocalStorage()): LocalIdentity {
  const identity = { ...loadIdentity(storage), name: cleanDisplayName(name) }
  save(storage, identity)
  return identity
}

/** Trims, collapses white space and cuts to `MAX_DISPLAY_NAME_LENGTH`; other peers apply the same rule to what they receive. */
export function cleanDisplayName(raw: string): string {
  return Array.from(raw.replace(/\s+/g, ' ').trim()).slice(0, MAX_DISPLAY_NAME_LENGTH).join('')
}

function parse(json: string | null): Partial<LocalIdentity> {
  if (!json) return {}
  try {
    const value = JSON.parse(json) as Record<string, unknown>
    return {
      id: typeof value.id === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(value.id) ? value.id : undefined,
      name: typeof value.name === 'string' && cleanDisplayName(value.name) ? cleanDisplayName(value.name) : undefined,
      color: typeof value.color === 'string' && /^#[0-9a-f]{6}$/i.test(value.color) ? value.color : undefined,
    }
  } catch {
    return {}
  }
}

function save(storage: StorageLike | undefined, identity: LocalIdentity): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(identity))
  } catch {
    // Storage disabled or full: the identity lasts for this page only.
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}
