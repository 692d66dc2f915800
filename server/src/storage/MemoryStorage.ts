import { randomUUID } from 'node:crypto'
import { BoardNotFoundError } from './BoardNotFoundError'
import type { GatheringPatch, GatheringRecord, GatheringTeamPatch, NewGathering, NewGatheringTeam } from './GatheringRecord'
import { MemoryGatherings } from './MemoryGatherings'
import { MemoryTeamTemplates } from './MemoryTeamTemplates'
import type { NewTeamTemplate, StoredTeamTemplate, TeamTemplateInfo } from './TeamTemplateRecord'
import type { AppendOptions, AssetInfo, AssetUsage, BoardListing, BoardMeta, BoardMetaPatch, BoardStorageUsage, LogTail, NewBoardMeta, NewSnapshot, SnapshotInfo, Storage, StorageCheck, StoredAsset, StoredBoardState } from './Storage'

interface MemoryBoard {
  meta: BoardMeta
  snapshot: Uint8Array | null
  snapshotSeq: number
  updates: { seq: number; data: Uint8Array }[]
  lastSeq: number
  snapshots: Map<string, { info: SnapshotInfo; data: Uint8Array }>
  assets: Map<string, StoredAsset & { referencedAt: number }>
  lastUsedAt: number
  lastChangedAt: number
  /** People's private docs (private mode), by person id. */
  privateDocs: Map<string, MemoryPrivateDoc>
}

interface MemoryPrivateDoc {
  snapshot: Uint8Array | null
  snapshotSeq: number
  updates: { seq: number; data: Uint8Array }[]
  lastSeq: number
}

/** In-process storage for tests and `STORAGE=memory`: everything is gone when the process ends. */
export class MemoryStorage implements Storage {
  private readonly boards = new Map<string, MemoryBoard>()
  private readonly gatherings = new MemoryGatherings()
  private readonly teamTemplates = new MemoryTeamTemplates()
  private closed = false

  async createBoard(meta: NewBoardMeta, initialState: Uint8Array): Promise<BoardMeta> {
    this.assertOpen()
    if (this.boards.has(meta.id)) throw new Error(`board ${meta.id} already exists`)
    const stored: BoardMeta = { id: meta.id, title: meta.title, lang: meta.lang, templates: [...meta.templates], createdAt: Date.now() }
    this.boards.set(meta.id, {
      meta: stored,
      snapshot: initialState.slice(),
      snapshotSeq: 0,
      updates: [],
      lastSeq: 0,
      snapshots: new Map(),
      assets: new Map(),
      lastUsedAt: stored.createdAt,
      lastChangedAt: meta.lastChangedAt ?? stored.createdAt,
      privateDocs: new Map(),
    })
    return copyMeta(stored)
  }

  async getBoardMeta(boardId: string): Promise<BoardMeta | null> {
    this.assertOpen()
    const board = this.boards.get(boardId)
    return board ? copyMeta(board.meta) : null
  }

  async updateBoardMeta(boardId: string, patch: BoardMetaPatch): Promise<BoardMeta | null> {
    this.assertOpen()
    const board = this.boards.get(boardId)
    if (!board) return null
    if (patch.title !== undefined) board.meta.title = patch.title
    return copyMeta(board.meta)
  }

  async loadBoard(boardId: string): Promise<StoredBoardState | null> {
    this.assertOpen()
    const board = this.boards.get(boardId)
    if (!board) return null
    return {
      snapshot: board.snapshot ? board.snapshot.slice() : null,
      snapshotSeq: board.snapshotSeq,
      updates: board.updates.map((u) => u.data.slice()),
      lastSeq: board.lastSeq,
    }
  }

  async loadPrivateDoc(boardId: string, personId: string): Promise<StoredBoardState | null> {
    this.assertOpen()
    const board = this.boards.get(boardId)
    if (!board) return null
    const doc = board.privateDocs.get(personId)
    if (!doc) return { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 }
    return { snapshot: doc.snapshot ? doc.snapshot.slice() : null, snapshotSeq: doc.snapshotSeq, updates: doc.updates.map((u) => u.data.slice()), lastSeq: doc.lastSeq }
  }

  async appendPrivateUpdates(boardId: string, personId: string, updates: readonly Uint8Array[]): Promise<number> {
    const board = this.board(boardId)
    let doc = board.privateDocs.get(personId)
    if (updates.length === 0) return doc?.lastSeq ?? 0
    if (!doc) board.privateDocs.set(personId, (doc = { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 }))
    for (const data of updates) doc.updates.push({ seq: ++doc.lastSeq, data: data.slice() })
    return doc.lastSeq
  }

  async compactPrivateDoc(boardId: string, personId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean> {
    const doc = this.board(boardId).privateDocs.get(personId)
    if (uptoSeq > (doc?.lastSeq ?? 0)) throw new Error(`cannot compact a private doc of ${boardId} up to ${uptoSeq}`)
    if (!doc || uptoSeq <= doc.snapshotSeq) return false
    doc.snapshot = snapshot.slice()
    doc.snapshotSeq = uptoSeq
    doc.updates = doc.updates.filter((u) => u.seq > uptoSeq)
    return true
  }

  async privateUpdatesAfter(boardId: string, personId: string, afterSeq: number, limit = Infinity): Promise<LogTail | null> {
    this.assertOpen()
    const board = this.boards.get(boardId)
    if (!board) return null
    return logTailOf(board.privateDocs.get(personId) ?? { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 }, afterSeq, limit)
  }

  async listPrivateDocs(boardId: string): Promise<string[]> {
    this.assertOpen()
    return [...(this.boards.get(boardId)?.privateDocs.keys() ?? [])]
  }

  async appendUpdates(boardId: string, updates: readonly Uint8Array[], opts: AppendOptions = {}): Promise<number> {
    const board = this.board(boardId)
    for (const data of updates) board.updates.push({ seq: ++board.lastSeq, data: data.slice() })
    if (updates.length > 0 && opts.byPeople !== false) board.lastChangedAt = Math.max(board.lastChangedAt, Date.now())
    return board.lastSeq
  }

  async lastChangesByPeople(boardIds: readonly string[]): Promise<Map<string, number>> {
    this.assertOpen()
    const changes = new Map<string, number>()
    for (const id of boardIds) {
      const board = this.boards.get(id)
      if (board && board.lastChangedAt > board.meta.createdAt) changes.set(id, board.lastChangedAt)
    }
    return changes
  }

  async compact(boardId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean> {
    const board = this.board(boardId)
    if (uptoSeq > board.lastSeq) throw new Error(`cannot compact ${boardId} up to ${uptoSeq}`)
    if (uptoSeq <= board.snapshotSeq) return false
    board.snapshot = snapshot.slice()
    board.snapshotSeq = uptoSeq
    board.updates = board.updates.filter((u) => u.seq > uptoSeq)
    return true
  }

  async updatesAfter(boardId: string, afterSeq: number, limit = Infinity): Promise<LogTail | null> {
    this.assertOpen()
    const board = this.boards.get(boardId)
    if (!board) return null
    return logTailOf(board, afterSeq, limit)
  }

  async listSnapshots(boardId: string): Promise<SnapshotInfo[]> {
    this.assertOpen()
    const board = this.boards.get(boardId)
    if (!board) return []
    // Reversed insertion order first, so the stable sort keeps the later of two same-millisecond snapshots first.
    return [...board.snapshots.values()].reverse().map((s) => ({ ...s.info })).sort(newestFirst)
  }

  async getSnapshot(boardId: string, snapshotId: string): Promise<{ info: SnapshotInfo; data: Uint8Array } | null> {
    this.assertOpen()
    const found = this.boards.get(boardId)?.snapshots.get(snapshotId)
    return found ? { info: { ...found.info }, data: found.data.slice() } : null
  }

  async putSnapshot(boardId: string, snapshot: NewSnapshot, data: Uint8Array): Promise<SnapshotInfo> {
    const board = this.board(boardId)
    const info: SnapshotInfo = {
      id: randomUUID(),
      label: snapshot.label,
      author: snapshot.author,
      kind: snapshot.kind,
      createdAt: snapshot.createdAt ?? Date.now(),
      byteLength: data.byteLength,
    }
    board.snapshots.set(info.id, { info, data: data.slice() })
    return { ...info }
  }

  async storageUsage(boardId: string): Promise<BoardStorageUsage | null> {
    this.assertOpen()
    const board = this.boards.get(boardId)
    if (!board) return null
    const stateBytes = (board.snapshot?.byteLength ?? 0) + board.updates.reduce((n, u) => n + u.data.byteLength, 0)
    const snapshotBytes = [...board.snapshots.values()].reduce((n, s) => n + s.data.byteLength, 0)
    return { stateBytes, snapshotBytes }
  }

  async deleteSnapshot(boardId: string, snapshotId: string): Promise<boolean> {
    this.assertOpen()
    return this.boards.get(boardId)?.snapshots.delete(snapshotId) ?? false
  }

  async putAsset(boardId: string, assetId: string, asset: StoredAsset): Promise<void> {
    const board = this.board(boardId)
    board.assets.set(assetId, { contentType: asset.contentType, data: asset.data.slice(), referencedAt: Date.now() })
  }

  async getAsset(boardId: string, assetId: string): Promise<StoredAsset | null> {
    this.assertOpen()
    const asset = this.boards.get(boardId)?.assets.get(assetId)
    return asset ? { contentType: asset.contentType, data: asset.data.slice() } : null
  }

  async deleteAsset(boardId: string, assetId: string): Promise<boolean> {
    this.assertOpen()
    return this.boards.get(boardId)?.assets.delete(assetId) ?? false
  }

  async assetUsage(boardId: string): Promise<AssetUsage> {
    this.assertOpen()
    const assets = [...(this.boards.get(boardId)?.assets.values() ?? [])]
    return { count: assets.length, bytes: assets.reduce((n, a) => n + a.data.byteLength, 0) }
  }

  async assetSize(boardId: string, assetId: string): Promise<number | null> {
    this.assertOpen()
    return this.boards.get(boardId)?.assets.get(assetId)?.data.byteLength ?? null
  }

  async listAssets(boardId: string): Promise<AssetInfo[]> {
    this.assertOpen()
    return [...(this.boards.get(boardId)?.assets ?? [])].map(([id, a]) => ({ id, byteLength: a.data.byteLength, referencedAt: a.referencedAt }))
  }

  async markAssetsReferenced(boardId: string, assetIds: readonly string[], at: number): Promise<void> {
    this.assertOpen()
    const assets = this.boards.get(boardId)?.assets
    for (const id of assetIds) {
      const asset = assets?.get(id)
      if (asset) asset.referencedAt = Math.max(asset.referencedAt, at)
    }
  }

  async boardsWithAssets(): Promise<string[]> {
    this.assertOpen()
    return [...this.boards].filter(([, b]) => b.assets.size > 0).map(([id]) => id)
  }

  async deleteBoard(boardId: string): Promise<boolean> {
    this.assertOpen()
    this.gatherings.forgetBoard(boardId)
    return this.boards.delete(boardId)
  }

  async markBoardsUsed(boardIds: readonly string[], at: number): Promise<void> {
    this.assertOpen()
    for (const id of boardIds) {
      const board = this.boards.get(id)
      if (board && board.lastUsedAt < at) board.lastUsedAt = at
    }
  }

  async listBoards(): Promise<BoardListing[]> {
    this.assertOpen()
    const sum = (blobs: Iterable<{ byteLength: number }>) => [...blobs].reduce((n, b) => n + b.byteLength, 0)
    return [...this.boards.values()]
      .map((b) => ({
        id: b.meta.id,
        title: b.meta.title,
        createdAt: b.meta.createdAt,
        lastUsedAt: b.lastUsedAt,
        lastChangedAt: b.lastChangedAt,
        stateBytes: (b.snapshot?.byteLength ?? 0) + sum(b.updates.map((u) => u.data)),
        historyBytes: sum([...b.snapshots.values()].map((s) => s.data)),
        assetBytes: sum([...b.assets.values()].map((a) => a.data)),
        gatheringId: this.gatherings.ofBoard(b.meta.id)?.id ?? null,
      }))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  }

  async createGathering(gathering: NewGathering): Promise<GatheringRecord> {
    this.assertOpen()
    return this.gatherings.create(gathering)
  }

  async getGathering(gatheringId: string): Promise<GatheringRecord | null> {
    this.assertOpen()
    return this.gatherings.get(gatheringId)
  }

  async getGatheringOfBoard(boardId: string): Promise<GatheringRecord | null> {
    this.assertOpen()
    return this.gatherings.ofBoard(boardId)
  }

  async updateGathering(gatheringId: string, patch: GatheringPatch): Promise<GatheringRecord | null> {
    this.assertOpen()
    return this.gatherings.update(gatheringId, patch)
  }

  async addGatheringTeam(gatheringId: string, team: NewGatheringTeam): Promise<GatheringRecord | null> {
    this.assertOpen()
    return this.gatherings.addTeam(gatheringId, team)
  }

  async updateGatheringTeam(gatheringId: string, boardId: string, patch: GatheringTeamPatch): Promise<GatheringRecord | null> {
    this.assertOpen()
    return this.gatherings.updateTeam(gatheringId, boardId, patch)
  }

  async removeGatheringTeam(gatheringId: string, boardId: string): Promise<boolean> {
    this.assertOpen()
    return this.gatherings.removeTeam(gatheringId, boardId)
  }

  async deleteGathering(gatheringId: string): Promise<boolean> {
    this.assertOpen()
    return this.gatherings.delete(gatheringId)
  }

  async createTeamTemplate(template: NewTeamTemplate, maxTemplates: number): Promise<TeamTemplateInfo | null> {
    return this.teamTemplates.create(template, maxTemplates)
  }

  async listTeamTemplates(): Promise<TeamTemplateInfo[]> {
    return this.teamTemplates.list()
  }

  async getTeamTemplate(templateId: string): Promise<StoredTeamTemplate | null> {
    return this.teamTemplates.get(templateId)
  }

  async deleteTeamTemplate(templateId: string): Promise<boolean> {
    return this.teamTemplates.delete(templateId)
  }

  async checkHealth(): Promise<StorageCheck> {
    return this.closed ? { readable: false, writable: false, problem: 'storage is closed' } : { readable: true, writable: true }
  }

  async close(): Promise<void> {
    this.closed = true
  }

  private board(boardId: string): MemoryBoard {
    this.assertOpen()
    const board = this.boards.get(boardId)
    if (!board) throw new BoardNotFoundError(boardId)
    return board
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('storage is closed')
  }
}

function copyMeta(meta: BoardMeta): BoardMeta {
  return { ...meta, templates: [...meta.templates] }
}

function newestFirst(a: SnapshotInfo, b: SnapshotInfo): number {
  return b.createdAt - a.createdAt
}

/** What a stored log (a board's or a private doc's) holds after `afterSeq`: `Storage.updatesAfter`'s answer. */
function logTailOf(log: MemoryPrivateDoc, afterSeq: number, limit: number): LogTail {
  const from = Math.max(afterSeq, log.snapshotSeq)
  return {
    snapshot: afterSeq < log.snapshotSeq && log.snapshot ? log.snapshot.slice() : null,
    snapshotSeq: log.snapshotSeq,
    updates: log.updates
      .filter((u) => u.seq > from)
      .slice(0, limit)
      .map((u) => ({ seq: u.seq, update: u.data.slice() })),
    lastSeq: log.lastSeq,
  }
}
