import type { BoardLang } from '@whiteboard/shared'
import type { SnapshotKind } from '@whiteboard/shared/api/historyApi'
import type { GatheringPatch, GatheringRecord, GatheringTeamPatch, NewGathering, NewGatheringTeam } from './GatheringRecord'
import type { NewTeamTemplate, StoredTeamTemplate, TeamTemplateInfo } from './TeamTemplateRecord'

/**
 * The one door to persistent state. Every implementation passes `storage.contract.ts`.
 *
 * A board is stored as an optional snapshot (a Yjs update holding the merged state) plus an
 * append-only log of Yjs updates with increasing sequence numbers. Loading applies the snapshot
 * then the log; compaction folds a prefix of the log into a new snapshot.
 *
 * Promises resolve only once the write is durable: the sync server broadcasts an update only
 * after `appendUpdates` resolved, so a crash never loses what a peer has seen.
 * Byte arrays passed in may be reused by the caller and returned ones may be kept: both sides copy.
 */
export interface Storage {
  /** Creates a board with its initial state. Throws if the id exists. */
  createBoard(meta: NewBoardMeta, initialState: Uint8Array): Promise<BoardMeta>
  getBoardMeta(boardId: string): Promise<BoardMeta | null>
  /** Changes the title; null when the board does not exist. */
  updateBoardMeta(boardId: string, patch: BoardMetaPatch): Promise<BoardMeta | null>
  /** Everything needed to rebuild the doc; null when the board does not exist. */
  loadBoard(boardId: string): Promise<StoredBoardState | null>
  /**
   * Appends updates in one transaction and returns the sequence number of the last one; unless
   * `opts.byPeople` is false, the board's content counts as changed now (`BoardListing.lastChangedAt`,
   * never moved back). Throws `BoardNotFoundError`.
   */
  appendUpdates(boardId: string, updates: readonly Uint8Array[], opts?: AppendOptions): Promise<number>
  /**
   * When people last changed each of `boardIds` (`lastChangedAt`), for the boards they changed
   * after creating them; other ids are left out. Read from the store, so it holds for every
   * node's commits and across restarts.
   */
  lastChangesByPeople(boardIds: readonly string[]): Promise<Map<string, number>>
  /**
   * Replaces the snapshot with `snapshot`, which must contain every update with sequence number
   * up to `uptoSeq`, and drops those updates. Later updates stay in the log. Resolves false, and
   * changes nothing, when the stored snapshot holds `uptoSeq` already or another compaction of
   * the board is running (another node's): one compacts, the others skip. Throws
   * `BoardNotFoundError`, or when `uptoSeq` is past the log.
   */
  compact(boardId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean>
  /**
   * What the board's log holds after `afterSeq`, for a node catching up with what others
   * committed: the logged updates numbered past it, in order (at most `limit`), and the snapshot
   * when a compaction folded some of them in (`afterSeq` < `snapshotSeq`). Read at one instant,
   * so snapshot and updates fit. Null when the board does not exist.
   */
  updatesAfter(boardId: string, afterSeq: number, limit?: number): Promise<LogTail | null>

  /**
   * A person's private doc on a board (private mode, server/src/private/): stored as a board is
   * (snapshot plus update log), apart from it and from its history. An empty state when the
   * person has none yet; null when the board does not exist. `personId` is the voter id the
   * server issued the person (auth/voterTokens.ts).
   */
  loadPrivateDoc(boardId: string, personId: string): Promise<StoredBoardState | null>
  /** As `appendUpdates`, for a private doc (made at its first append). Throws `BoardNotFoundError` for an unknown board. */
  appendPrivateUpdates(boardId: string, personId: string, updates: readonly Uint8Array[]): Promise<number>
  /** As `compact`, for a private doc. */
  compactPrivateDoc(boardId: string, personId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean>
  /**
   * As `updatesAfter`, for a private doc: what a node following the person's doc lacks (multi-node
   * mode), read at one instant. An empty tail when the person has none yet; null when the board
   * does not exist.
   */
  privateUpdatesAfter(boardId: string, personId: string, afterSeq: number, limit?: number): Promise<LogTail | null>
  /** The people who have a private doc on the board, in no particular order; empty for an unknown board. */
  listPrivateDocs(boardId: string): Promise<string[]>

  /** Named history snapshots, newest first. Empty for an unknown board. */
  listSnapshots(boardId: string): Promise<SnapshotInfo[]>
  getSnapshot(boardId: string, snapshotId: string): Promise<{ info: SnapshotInfo; data: Uint8Array } | null>
  /** Stores a named snapshot; the storage assigns id and time. Throws `BoardNotFoundError`. */
  putSnapshot(boardId: string, snapshot: NewSnapshot, data: Uint8Array): Promise<SnapshotInfo>
  deleteSnapshot(boardId: string, snapshotId: string): Promise<boolean>
  /** Bytes the board takes: its state (snapshot and log) and its history snapshots. Null when it does not exist. */
  storageUsage(boardId: string): Promise<BoardStorageUsage | null>

  /**
   * Stores (or replaces) an uploaded file of a board; it counts as referenced now (the record
   * that uses it arrives after the upload). Throws `BoardNotFoundError`.
   */
  putAsset(boardId: string, assetId: string, asset: StoredAsset): Promise<void>
  getAsset(boardId: string, assetId: string): Promise<StoredAsset | null>
  /** An asset's size in bytes without reading it (a download reserves memory before it reads); null when there is none. */
  assetSize(boardId: string, assetId: string): Promise<number | null>
  deleteAsset(boardId: string, assetId: string): Promise<boolean>
  /** How many assets the board holds and their bytes, without reading them; zeros for an unknown board. */
  assetUsage(boardId: string): Promise<AssetUsage>
  /** The board's assets with their size and when they were last seen referenced, without their bytes. */
  listAssets(boardId: string): Promise<AssetInfo[]>
  /** Records that the board's content referenced these assets at `at` (ms since the epoch); unknown ids are ignored. */
  markAssetsReferenced(boardId: string, assetIds: readonly string[], at: number): Promise<void>
  /** Ids of the boards that hold at least one asset, for the asset sweep. */
  boardsWithAssets(): Promise<string[]>

  /** Deletes the board with its log, snapshots, assets and private docs, and drops it from its gathering. False when it did not exist. */
  deleteBoard(boardId: string): Promise<boolean>
  /**
   * Records that people used these boards (opened or changed them) at `at` (ms since the epoch);
   * an earlier time than the one stored changes nothing, unknown ids are ignored. A new board
   * counts as used when it is created. Board retention deletes boards by this time.
   */
  markBoardsUsed(boardIds: readonly string[], at: number): Promise<void>
  /** Every board, oldest first, with its sizes and gathering, without reading its content: for board retention and the admin command. */
  listBoards(): Promise<BoardListing[]>

  /**
   * Creates a gathering listing boards (created before with `createBoard`) as its teams, in
   * order. Throws if the id exists or a board is already a team of a gathering.
   */
  createGathering(gathering: NewGathering): Promise<GatheringRecord>
  getGathering(gatheringId: string): Promise<GatheringRecord | null>
  /** The gathering that lists the board as a team, if any. */
  getGatheringOfBoard(boardId: string): Promise<GatheringRecord | null>
  /** Null when the gathering does not exist. */
  updateGathering(gatheringId: string, patch: GatheringPatch): Promise<GatheringRecord | null>
  /** Adds a team after the others. Null when the gathering does not exist; throws if the board is a team already. */
  addGatheringTeam(gatheringId: string, team: NewGatheringTeam): Promise<GatheringRecord | null>
  /** Null when the gathering has no such team. */
  updateGatheringTeam(gatheringId: string, boardId: string, patch: GatheringTeamPatch): Promise<GatheringRecord | null>
  /** Drops a team from the list; the board itself stays (delete it with `deleteBoard`). */
  removeGatheringTeam(gatheringId: string, boardId: string): Promise<boolean>
  /** Deletes the gathering's record; its boards are deleted one by one with `deleteBoard`. */
  deleteGathering(gatheringId: string): Promise<boolean>

  /**
   * Stores a team template (a frame saved for every board of the server). Resolves null, and
   * stores nothing, when the server holds `maxTemplates` already, counted atomically with the
   * insert (other nodes' saves included). Throws if the id exists.
   */
  createTeamTemplate(template: NewTeamTemplate, maxTemplates: number): Promise<TeamTemplateInfo | null>
  /** Every team template without its content, newest first. */
  listTeamTemplates(): Promise<TeamTemplateInfo[]>
  getTeamTemplate(templateId: string): Promise<StoredTeamTemplate | null>
  deleteTeamTemplate(templateId: string): Promise<boolean>

  /** Whether the storage can be read and written now, for /readyz; never throws. */
  checkHealth(): Promise<StorageCheck>
  /** Flushes and releases resources; no call may follow. */
  close(): Promise<void>
}

/**
 * What a loaded board's room (sync/Room.ts) reads and writes of its stored state: the board's
 * storage, or a person's private doc seen as a board (private/privateDocStorage.ts).
 */
export interface AppendOptions {
  /**
   * False for a change the server made itself (a broadcast, a timer started from the gathering
   * overview): it is stored like any other, but it is not the team's work, so the board's last
   * change, which the overview shows, stays where people left it. Default true.
   */
  byPeople?: boolean
}

export type RoomStorage = Pick<Storage, 'loadBoard' | 'appendUpdates' | 'compact' | 'assetUsage'>

export interface StorageCheck {
  readable: boolean
  writable: boolean
  /** What is wrong, in plain words; absent when both are true. */
  problem?: string
}

export interface NewBoardMeta {
  id: string
  title: string
  lang: BoardLang
  /** Template ids the board was created from, in order. */
  templates: string[]
  /**
   * When its content last changed, ms since the epoch; absent: now, its creation. A board moved
   * from another server (`boards import`) keeps the time it had there.
   */
  lastChangedAt?: number
}

export interface BoardMeta extends Omit<NewBoardMeta, 'lastChangedAt'> {
  /** Milliseconds since the epoch. */
  createdAt: number
}

export interface BoardMetaPatch {
  title?: string
}

export interface StoredBoardState {
  /** Merged state up to `snapshotSeq`; null only if the board was created without state. */
  snapshot: Uint8Array | null
  /** Sequence number of the last update folded into `snapshot` (0 for the initial state). */
  snapshotSeq: number
  /** Updates after the snapshot, in order. */
  updates: Uint8Array[]
  /** Sequence number of the last update (equals `snapshotSeq` when the log is empty). */
  lastSeq: number
}

export interface LogTail {
  /** The board's snapshot, when the log no longer holds every update after the asked seq; null when it does. */
  snapshot: Uint8Array | null
  /** Sequence number of the last update folded into the stored snapshot. */
  snapshotSeq: number
  /** Logged updates after the asked seq and after `snapshotSeq`, in order. */
  updates: LoggedUpdate[]
  /** Sequence number of the last update committed. */
  lastSeq: number
}

export interface LoggedUpdate {
  seq: number
  update: Uint8Array
}

export interface NewSnapshot {
  label: string
  /** Display name of who took it. */
  author: string
  kind: SnapshotKind
  /** When it was taken, ms since the epoch; absent: now. A board moved from another server (`boards import`) keeps its history's times. */
  createdAt?: number
}

export interface SnapshotInfo extends NewSnapshot {
  id: string
  createdAt: number
  byteLength: number
}

export interface BoardListing {
  id: string
  title: string
  createdAt: number
  /** When people last opened or changed it (see `markBoardsUsed`); ms since the epoch. */
  lastUsedAt: number
  /** When its content last changed (see `appendUpdates`; its creation if never); ms since the epoch. */
  lastChangedAt: number
  /** Its state: compacted snapshot plus update log. */
  stateBytes: number
  /** Its history snapshots together. */
  historyBytes: number
  /** Its uploaded images together. */
  assetBytes: number
  /** The gathering that lists it as a team, if any. */
  gatheringId: string | null
}

export interface BoardStorageUsage {
  /** The stored board state: compacted snapshot plus update log. */
  stateBytes: number
  /** All history snapshots of the board together. */
  snapshotBytes: number
}

export interface StoredAsset {
  contentType: string
  data: Uint8Array
}

export interface AssetUsage {
  count: number
  bytes: number
}

export interface AssetInfo {
  id: string
  byteLength: number
  /** When the board's content (or the upload itself) last referenced it; ms since the epoch. */
  referencedAt: number
}
