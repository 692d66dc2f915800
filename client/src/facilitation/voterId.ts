import type * as Y from 'yjs'
import { votesMap } from '@whiteboard/shared'
import { voteKey, type VoteEntry } from '@whiteboard/shared/facilitation/voteEntry'

/**
 * Who "I" am in the votes map. A voter's key must equal the Yjs client id of the item that
 * writes it (so the server can refuse writes to anyone else's key), and a person who reloads
 * the page during a round should keep their dots and their remaining count.
 *
 * Why not simply reuse the doc's `clientID` across reloads: Yjs gives a doc a new client id
 * as soon as a remote update brings in items of its own id ("another client seems to be
 * using it"), which the first sync after a reload always does. So the doc keeps a fresh id
 * for everything else, and only vote writes are made under the voter id: `writeVoteEntry`
 * switches the doc's `clientID` for that one synchronous transaction. The voter id is kept
 * per board in sessionStorage (per tab, survives a reload, gone with the tab).
 *
 * Caveats, and what guards them:
 * - A duplicated tab copies sessionStorage, so two live tabs would write as one voter and
 *   their items could collide. Each tab holds a Web Lock named after its voter id while
 *   open; a tab that cannot get it picks a new id. Without the Web Locks API (pages served
 *   over plain http from a non-local host) every page load gets a new voter id instead.
 * - If the old page's last vote write is still on its way to the server when the reloaded
 *   page writes, both carry the same item id and peers may keep different values for that
 *   entry; the next vote change from the person replaces it everywhere.
 */

const STORAGE_PREFIX = 'whiteboard.voter.'
const LOCK_PREFIX = 'whiteboard-voter:'

/** Transaction origin of vote writes. */
export const VOTE_ORIGIN: unique symbol = Symbol('whiteboard:vote')

export interface VoterClaim {
  voterId: number
  /** Gives the id up (leaving the board without leaving the page); resolves once another claim can take it. */
  release(): Promise<void>
}

interface LockManagerLike {
  request(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>
}

export interface ClaimOptions {
  storage?: Pick<Storage, 'getItem' | 'setItem'> | undefined
  locks?: LockManagerLike | undefined
  randomId?: () => number
}

/** Takes this board's voter id for this tab: the one kept from before a reload if no other tab holds it, else a new one. */
export async function claimVoterId(boardId: string, opts: ClaimOptions = {}): Promise<VoterClaim> {
  const storage = 'storage' in opts ? opts.storage : sessionStorageOrUndefined()
  const locks = 'locks' in opts ? opts.locks : locksOrUndefined()
  const randomId = opts.randomId ?? randomUint32
  const fresh = (): VoterClaim => ({ voterId: randomId(), release: () => Promise.resolve() })
  if (!locks) return fresh()

  const stored = parseStoredId(readStorage(storage, STORAGE_PREFIX + boardId))
  const candidates = stored === undefined ? [randomId()] : [stored, randomId()]
  for (const voterId of candidates) {
    const release = await tryHold(locks, LOCK_PREFIX + boardId + ':' + voterId)
    if (!release) continue
    writeStorage(storage, STORAGE_PREFIX + boardId, String(voterId))
    return { voterId, release }
  }
  return fresh()
}

/** Replaces this voter's entry, written as the voter's own Yjs client (see the module comment). */
export function writeVoteEntry(doc: Y.Doc, voterId: number, entry: VoteEntry): void {
  const own = doc.clientID
  doc.clientID = voterId
  try {
    doc.transact(() => votesMap(doc).set(voteKey(voterId), entry), VOTE_ORIGIN)
  } finally {
    doc.clientID = own
  }
}

/**
 * Holds lock `name` until the returned release is called; `undefined` if another tab holds
 * it. Release resolves when the lock manager has let go, i.e. when the request settles.
 */
async function tryHold(locks: LockManagerLike, name: string): Promise<(() => Promise<void>) | undefined> {
  let letGo: () => void = () => {}
  const held = new Promise<void>((resolve) => (letGo = resolve))
  let granted!: (ok: boolean) => void
  const answer = new Promise<boolean>((resolve) => (granted = resolve))
  const settled = locks
    .request(name, { ifAvailable: true }, (lock) => {
      granted(lock !== null)
      return lock === null ? undefined : held
    })
    .then(
      () => undefined,
      () => granted(false),
    )
  if (!(await answer)) return undefined
  return () => {
    letGo()
    return settled
  }
}

function parseStoredId(value: string | null | undefined): number | undefined {
  if (!value || !/^\d{1,10}$/.test(value)) return undefined
  const n = Number(value)
  return n > 0 && n <= 0xffff_ffff ? n : undefined
}

function randomUint32(): number {
  const [n = 1] = crypto.getRandomValues(new Uint32Array(1))
  return n === 0 ? 1 : n
}

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return globalThis.sessionStorage
  } catch {
    return undefined
  }
}

function locksOrUndefined(): LockManagerLike | undefined {
  return typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks as unknown as LockManagerLike) : undefined
}

function readStorage(storage: ClaimOptions['storage'], key: string): string | null {
  try {
    return storage?.getItem(key) ?? null
  } catch {
    return null
  }
}

function writeStorage(storage: ClaimOptions['storage'], key: string, value: string): void {
  try {
    storage?.setItem(key, value)
  } catch {
    // Storage disabled: the id then lasts only as long as this page.
  }
}
