import type { BlobReader } from './BlobReader'
import { BoardDamagedError } from './BoardDamagedError'
import type { StoredBoardState } from './Storage'

/**
 * From this size a board's snapshot is read on the blob reader's thread. Below it, reading it on
 * the event loop takes about a millisecond, less than the worker's round trip costs the load.
 * Above it the cost grows with the size: a 24 MiB snapshot held the event loop 51-71 ms from
 * SQLite and 469-504 ms from Postgres (node-postgres decodes a bytea's hex text at once, where
 * the query ran), and a 1.9 MiB one 60-65 ms from Postgres, every other board with it.
 */
export const READ_SNAPSHOT_IN_WORKER_FROM_BYTES = 256 * 1024

/**
 * How often a large board's snapshot is read on the worker before the board is read in one
 * transaction on the event loop: each retry means a compaction (by this process, another process
 * on the same SQLite file, or another node) landed between the two reads, which is rare; a
 * board compacted that often is read the slow way rather than never.
 */
export const SNAPSHOT_LOAD_ATTEMPTS = 3

/** What a storage reads of a board with its snapshot: the whole board, or a log tail (StoredBoardState, LogTail). */
interface WithSnapshot {
  snapshot: Uint8Array | null
  snapshotSeq: number
}

/** A board read in one transaction, its snapshot left out (`snapshotLeft`, `state.snapshot` null) when large. */
export interface BoardReadApart<State extends WithSnapshot = StoredBoardState> {
  state: State
  snapshotLeft: boolean
}

export interface SnapshotApartSource<State extends WithSnapshot> {
  boardId: string
  /** The storage's blob reader, asked at each attempt (a failed worker is dropped); null when it has none. */
  reader: () => BlobReader | null
  /** Reads the board in one transaction; with `leaveLargeSnapshot`, a snapshot of READ_SNAPSHOT_IN_WORKER_FROM_BYTES or more is left out. Null for an unknown board. */
  readBoard: (leaveLargeSnapshot: boolean) => Promise<BoardReadApart<State> | null>
  /** One statement giving the board's `snapshot` and `snapshot_seq` together, its one parameter the board id. */
  snapshotSql: string
}

/**
 * A board's stored state (or a tail of its log that needs the snapshot), with a large snapshot
 * read on the blob reader's thread.
 *
 * Consistency without one transaction around both reads: the log part (sequence numbers and
 * logged updates) is read in one transaction, then the snapshot and its sequence number together,
 * in the one statement the worker runs. A compaction is the only write that changes
 * snapshot_seq, and it replaces the snapshot and drops the updates it folded in in one
 * transaction; appends never touch the snapshot. So if the worker's row carries the snapshot_seq
 * the transaction saw, no compaction moved it in between, and its snapshot plus the updates read
 * after that seq is the state as of that transaction, each update once. (A compaction to that
 * same seq writes a snapshot of that same state.) If it moved, the two reads straddle a
 * compaction: the snapshot would repeat logged updates, so both are read again. After
 * SNAPSHOT_LOAD_ATTEMPTS the whole board is read in one transaction, as small boards always are.
 */
export async function loadBoardWithSnapshotApart<State extends WithSnapshot>({ boardId, reader: currentReader, readBoard, snapshotSql }: SnapshotApartSource<State>): Promise<State | null> {
  for (let attempt = 0; ; attempt++) {
    const running = currentReader()
    const reader = attempt < SNAPSHOT_LOAD_ATTEMPTS && running?.alive ? running : null
    const read = await readBoard(reader !== null)
    if (read === null) return null
    if (!read.snapshotLeft || reader === null) return read.state
    let row: { snapshot: unknown; snapshot_seq: number } | null
    try {
      // Shared: the room hands it to its slicing worker (Room.build), which would otherwise
      // copy it on the event loop.
      row = await reader.get(snapshotSql, [boardId], { shared: true })
    } catch {
      // The worker failed or stopped: the next attempt reads on the event loop if it is gone.
      continue
    }
    if (row === null) return null
    if (row.snapshot_seq !== read.state.snapshotSeq) continue
    if (!(row.snapshot instanceof Uint8Array)) throw new BoardDamagedError(boardId, 'the snapshot column holds no bytes')
    return { ...read.state, snapshot: new Uint8Array(row.snapshot.buffer, row.snapshot.byteOffset, row.snapshot.byteLength) }
  }
}
