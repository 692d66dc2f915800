import * as Y from 'yjs'
import type { Logger } from 'pino'
import { CloseCode } from '@whiteboard/shared'
import { BoardDamagedError } from '../storage/BoardDamagedError'
import type { RoomStorage, StoredBoardState } from '../storage/Storage'
import type { StorageHealth } from '../storage/StorageHealth'
import { BoardRoots } from './boardRoots'
import { RoomLoadError } from './RoomLoadError'
import { sliceUpdateInWorker, UpdateUnreadableError } from './sliceUpdateInWorker'
import { applyUpdateCompacted } from './applyUpdateCompacted'
import type { ValuePool } from './ValuePool'
import { syncStep2MessageOf } from './syncMessages'
import type { FramedMessage } from './preparedFrames'

/**
 * Stored snapshots from this size on are built a slice per turn (`buildBoardDoc`). Below it, one
 * call costs under about 50 ms here, less than the worker that slices it takes to start.
 */
export const SLICED_LOAD_FROM_BYTES = 1024 * 1024

/**
 * How long one turn of the event loop may go on applying a large board's slices (and logged
 * updates) before it lets other boards in. A slice (UPDATE_SLICE_BYTES) takes about 1.5 ms here,
 * so a turn ends near 5 ms on a quiet machine; on a busy machine, where a slice takes several
 * times longer, a turn is one slice. Yielding by time rather than by bytes keeps the turns short
 * whatever a slice costs. What a turn cannot split comes on top: a young-generation collection
 * (everything a load allocates survives, so each one copies megabytes) and waiting for a core.
 * With 8 ms turns and 64 KiB slices the longest block was 41 to 80 ms over six runs of the stall
 * benchmark (`npm run bench -- --only stall`), with these 36 to 63 ms over ten; 2 ms and 16 KiB
 * were no better. The rest of that block came where the slicing worker ends (see
 * sliceUpdateInWorker and oneAnswerWorker for what was done about it).
 */
export const BUILD_TURN_BUDGET_MS = 4

/** What loading a board needs to know of it and where it reports. */
export interface BoardSource {
  boardId: string
  storage: RoomStorage
  log: Logger
  /** Where storage faults and damaged boards are reported (read by /readyz). */
  health: StorageHealth
  /** The values are read into this pool's compact form as they are applied (applyUpdateCompacted); none: as Yjs decodes them. */
  values?: ValuePool
}

/** A board's doc built from what storage holds, before a room is made around it. */
export interface BuiltBoard {
  doc: Y.Doc
  roots: BoardRoots
  stored: StoredBoardState
  /** Logged updates that could not be read and were left out. */
  skipped: number
}

/** Reads everything storage holds of a board. Throws `RoomLoadError` when it does not exist, is damaged, or storage fails. */
export async function readStoredBoard(source: BoardSource): Promise<StoredBoardState> {
  let stored
  try {
    stored = await source.storage.loadBoard(source.boardId)
  } catch (err) {
    if (err instanceof BoardDamagedError) {
      source.log.error({ err: { message: err.message } }, 'the stored board is damaged')
      source.health.damaged(source.boardId, err.message)
      throw new RoomLoadError(CloseCode.BOARD_DAMAGED, 'The stored board is damaged and cannot be opened')
    }
    source.log.error({ err }, 'loading the board failed')
    throw new RoomLoadError(CloseCode.STORAGE_UNAVAILABLE, 'The board could not be loaded right now; try again shortly')
  }
  if (!stored) throw new RoomLoadError(CloseCode.BOARD_NOT_FOUND, 'This board does not exist')
  return stored
}

/**
 * The whole board as a sync step 2, straight from what storage holds, when that needs no
 * encoding: a board stored as one snapshot (compacted when it was last unloaded) is the
 * answer for a newcomer as it stands. Null when there is a log to merge.
 */
export function newcomerAnswerOf(stored: StoredBoardState): FramedMessage | null {
  return stored.snapshot && stored.updates.length === 0 ? syncStep2MessageOf(stored.snapshot) : null
}

/**
 * Builds the board's doc from everything `readStoredBoard` returned (snapshot and every logged
 * update) in one go. Throws `RoomLoadError` when the snapshot is damaged.
 */
export function buildBoardDocAtOnce(source: BoardSource, stored: StoredBoardState): BuiltBoard {
  const doc = new Y.Doc()
  // The root types get their kinds before anything is applied.
  const roots = new BoardRoots(doc)
  try {
    if (stored.snapshot) apply(source, doc, stored.snapshot)
  } catch (err) {
    throw damagedSnapshot(source, doc, err)
  }
  let skipped = 0
  for (const update of stored.updates) if (!applyLogged(source, doc, update)) skipped++
  return { doc, roots, stored, skipped }
}

/**
 * Builds the board's doc as `buildBoardDocAtOnce` does, but a board stored as a snapshot of
 * SLICED_LOAD_FROM_BYTES or more over many event-loop turns: the snapshot is cut into slices
 * on a worker thread (sliceUpdateInWorker), and each turn applies slices, then logged updates,
 * until it has taken BUILD_TURN_BUDGET_MS.
 * Applying a 25 MiB snapshot in one call held the event loop, every other board, for over a
 * second. The doc is the same as `buildBoardDocAtOnce` builds, and nobody is served from it
 * before it is whole.
 */
export async function buildBoardDoc(source: BoardSource, stored: StoredBoardState): Promise<BuiltBoard> {
  if (!stored.snapshot || stored.snapshot.byteLength < SLICED_LOAD_FROM_BYTES) return buildBoardDocAtOnce(source, stored)
  let slices: Uint8Array[] | null
  try {
    slices = await sliceUpdateInWorker(stored.snapshot)
  } catch (err) {
    if (err instanceof UpdateUnreadableError) throw damagedSnapshot(source, null, err)
    // The worker itself failed (out of memory, cannot start): Yjs judges the snapshot in one go.
    source.log.warn({ err }, 'slicing the board snapshot failed; it is applied in one go')
    slices = null
  }
  if (!slices) return buildBoardDocAtOnce(source, stored)
  const doc = new Y.Doc()
  const roots = new BoardRoots(doc)
  let turnStarted = performance.now()
  const yieldWhenDue = async () => {
    if (performance.now() - turnStarted < BUILD_TURN_BUDGET_MS) return
    await nextTurn()
    turnStarted = performance.now()
  }
  try {
    for (const slice of slices) {
      apply(source, doc, slice)
      await yieldWhenDue()
    }
  } catch (err) {
    throw damagedSnapshot(source, doc, err)
  }
  let skipped = 0
  for (const update of stored.updates) {
    if (!applyLogged(source, doc, update)) skipped++
    await yieldWhenDue()
  }
  return { doc, roots, stored, skipped }
}

function damagedSnapshot(source: BoardSource, doc: Y.Doc | null, err: unknown): RoomLoadError {
  source.log.error({ err }, 'the board snapshot is damaged')
  source.health.damaged(source.boardId, 'the snapshot cannot be read')
  doc?.destroy()
  return new RoomLoadError(CloseCode.BOARD_DAMAGED, 'The stored board is damaged and cannot be opened')
}

/** Applies one logged update; false when it cannot be read. */
function applyLogged(source: BoardSource, doc: Y.Doc, update: Uint8Array): boolean {
  try {
    apply(source, doc, update)
    return true
  } catch (err) {
    // One bad logged update must not lock everyone out of the rest of the board.
    source.log.error({ err }, 'skipped a damaged logged update')
    return false
  }
}

function apply(source: BoardSource, doc: Y.Doc, update: Uint8Array): void {
  if (source.values) applyUpdateCompacted(doc, update, source.values)
  else Y.applyUpdate(doc, update)
}

/** Resolves in a later turn of the event loop, after I/O that arrived meanwhile was served. */
function nextTurn(): Promise<void> {
  return new Promise((done) => setImmediate(done))
}
