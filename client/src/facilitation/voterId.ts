import type * as Y from 'yjs'
import { votesMap } from '@whiteboard/shared'
import type { VoterResponse } from '@whiteboard/shared/api/voterApi'
import { isVoterId, voteKey, type VoteEntry } from '@whiteboard/shared/facilitation/voteEntry'

/**
 * Who "I" am in the votes map: a voter id the server issued with a signed voter token
 * (`POST /api/boards/:id/voter`). The connection presents the token at connect, and the
 * server then lets it write the votes map under that id and no other (server/src/sync/
 * updateGuard.ts, voteGuard), so nobody can vote under someone else's key.
 *
 * One voter per person and browser: the pair is kept per board in localStorage, so every tab
 * and every reload votes as the same voter and keeps the same dots and remaining count. Two
 * tabs opening a board for the first time at once ask the server once between them: the
 * asking happens under a Web Lock named after the board (without the Web Locks API, on plain
 * http from a non-local host, each may ask, and the last answer is the one kept).
 */

const STORAGE_PREFIX = 'whiteboard.voter.'
const LOCK_PREFIX = 'whiteboard-voter:'

/** Transaction origin of vote writes. */
export const VOTE_ORIGIN: unique symbol = Symbol('whiteboard:vote')

export type VoterCredentials = VoterResponse

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>
}

export interface VoterOptions {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined
  locks?: LockManagerLike | undefined
  fetchImpl?: typeof fetch
}

/**
 * This browser's voter on board `boardId`: the one kept from before, else a new one from the
 * server, asked with the link's `token`. `undefined` when the server cannot be asked or says
 * no (offline, a viewer link): the board then works, and voting says why it cannot.
 */
export async function loadVoter(boardId: string, token: string, opts: VoterOptions = {}): Promise<VoterCredentials | undefined> {
  const storage = 'storage' in opts ? opts.storage : localStorageOrUndefined()
  const locks = 'locks' in opts ? opts.locks : locksOrUndefined()
  const fetchImpl = opts.fetchImpl ?? fetch
  const key = STORAGE_PREFIX + boardId
  const load = async () => {
    const kept = parseVoter(readStorage(storage, key))
    if (kept) return kept
    const fresh = await requestVoter(boardId, token, fetchImpl)
    if (fresh) writeStorage(storage, key, JSON.stringify(fresh))
    return fresh
  }
  if (!locks) return load()
  try {
    return await locks.request(LOCK_PREFIX + boardId, load)
  } catch {
    return load()
  }
}

/** Drops the kept voter of `boardId` (the server refused its token), so the next load asks for a new one. */
export function forgetVoter(boardId: string, storage: VoterOptions['storage'] = localStorageOrUndefined()): void {
  try {
    storage?.removeItem(STORAGE_PREFIX + boardId)
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/** Replaces this voter's entry. */
export function writeVoteEntry(doc: Y.Doc, voterId: string, entry: VoteEntry): void {
  doc.transact(() => votesMap(doc).set(voteKey(voterId), entry), VOTE_ORIGIN)
}

async function requestVoter(boardId: string, token: string, fetchImpl: typeof fetch): Promise<VoterCredentials | undefined> {
  try {
    const res = await fetchImpl(`/api/boards/${encodeURIComponent(boardId)}/voter`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    })
    if (res.status !== 201) return undefined
    return asVoter(await res.json())
  } catch {
    return undefined
  }
}

function parseVoter(text: string | null): VoterCredentials | undefined {
  if (!text) return undefined
  try {
    return asVoter(JSON.parse(text))
  } catch {
    return undefined
  }
}

function asVoter(value: unknown): VoterCredentials | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const { voterId, voterToken } = value as Record<string, unknown>
  if (typeof voterId !== 'string' || typeof voterToken !== 'string' || !isVoterId(voterId) || !voterToken.startsWith(`${voterId}.`)) return undefined
  return { voterId, voterToken }
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

function locksOrUndefined(): LockManagerLike | undefined {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : undefined
}

function readStorage(storage: VoterOptions['storage'], key: string): string | null {
  try {
    return storage?.getItem(key) ?? null
  } catch {
    return null
  }
}

function writeStorage(storage: VoterOptions['storage'], key: string, value: string): void {
  try {
    storage?.setItem(key, value)
  } catch {
    // Storage disabled: the voter then lasts only as long as this page.
  }
}
