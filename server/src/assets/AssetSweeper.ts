import type { Logger } from 'pino'
import { isAssetId } from '@whiteboard/shared/api/assetsApi'
import type { Storage } from '../storage/Storage'
import { PeriodicRun } from '../work/PeriodicRun'
import type { BoardAssets } from './BoardAssets'

/**
 * How long an image may go unreferenced before the sweep deletes it: a day. Long enough that an
 * image deleted by mistake can be brought back with undo in the same workshop, or by restoring
 * a snapshot (a snapshot that holds it keeps it anyway); short enough that uploads nobody uses
 * (or that an attacker never placed on the board) do not sit on the disk for good.
 */
export const UNREFERENCED_ASSET_TTL_MS = 24 * 60 * 60 * 1000

/**
 * How often the sweep runs: hourly. Each run reads the stored state of every board that holds
 * images (and, only for images about to go, its snapshots), so it must be rare; an hour adds
 * at most that much to the day an unused image is kept.
 */
export const ASSET_SWEEP_INTERVAL_MS = 60 * 60 * 1000

export interface AssetSweeperOptions {
  storage: Storage
  /** Tells loaded rooms what their images take after a deletion. */
  assets: BoardAssets
  log: Logger
  /** Milliseconds since the epoch; tests move it a day on. Defaults to Date.now. */
  clock?: () => number
  /** Defaults to ASSET_SWEEP_INTERVAL_MS. */
  intervalMs?: number
}

export interface SweepOutcome {
  boards: number
  deleted: number
  deletedBytes: number
}

/**
 * Deletes uploaded images that no record of their board has referenced for
 * UNREFERENCED_ASSET_TTL_MS and that no history snapshot of the board holds.
 *
 * "Referenced" is read from the stored board (its snapshot and update log; what a loaded room
 * has committed is there too), and each sweep records it in storage as the asset's
 * `referencedAt`; an upload counts as referenced when it arrives. References are found in the
 * stored Yjs bytes without decoding them: asset records keep their `src`
 * (`/api/boards/<board>/assets/<id>`) as one UTF-8 string, so one pass over the bytes for
 * `/assets/` finds every id. Deleted content is gone from a compacted state, and still in an
 * uncompacted log, where it only delays the deletion until the next compaction. Boards and
 * snapshots are read one at a time, with I/O served in between, so a sweep never holds the
 * event loop for more than one board's read.
 */
export class AssetSweeper {
  private readonly runs: PeriodicRun<SweepOutcome>
  private closed = false

  constructor(private readonly opts: AssetSweeperOptions) {
    this.runs = new PeriodicRun(
      () => this.sweepAll(),
      (err) => this.opts.log.warn({ err }, 'the asset sweep failed; it runs again at the next interval'),
    )
  }

  /** Sweeps every interval; the first run is one interval after the start. */
  start(): void {
    this.runs.start(this.opts.intervalMs ?? ASSET_SWEEP_INTERVAL_MS)
  }

  /** Sweeps every board that holds images now; a call during a run shares that run. */
  sweep(): Promise<SweepOutcome> {
    return this.runs.run()
  }

  /** Stops the timer and waits for a run under way; call before storage closes. */
  async close(): Promise<void> {
    this.closed = true
    await this.runs.close()
  }

  private async sweepAll(): Promise<SweepOutcome> {
    const outcome: SweepOutcome = { boards: 0, deleted: 0, deletedBytes: 0 }
    for (const boardId of await this.opts.storage.boardsWithAssets()) {
      if (this.closed) break
      // Other boards' traffic goes first between two boards' reads.
      await new Promise((resolve) => setImmediate(resolve))
      try {
        await this.sweepBoard(boardId, outcome)
        outcome.boards++
      } catch (err) {
        this.opts.log.warn({ err, boardId }, "sweeping a board's images failed; they are kept")
      }
    }
    if (outcome.deleted > 0) this.opts.log.info({ ...outcome }, 'deleted images no board has used for a day')
    return outcome
  }

  private async sweepBoard(boardId: string, outcome: SweepOutcome): Promise<void> {
    const { storage } = this.opts
    const now = (this.opts.clock ?? Date.now)()
    const assets = await storage.listAssets(boardId)
    const stored = await storage.loadBoard(boardId)
    // A board deleted meanwhile took its images with it.
    if (!stored || assets.length === 0) return
    const inContent = new Set<string>()
    for (const bytes of [stored.snapshot, ...stored.updates]) if (bytes) addAssetIds(bytes, inContent)
    const referenced = assets.filter((a) => inContent.has(a.id))
    await storage.markAssetsReferenced(
      boardId,
      referenced.map((a) => a.id),
      now,
    )
    const inUse = new Set(referenced.map((a) => a.id))
    let candidates = assets.filter((a) => !inUse.has(a.id) && now - a.referencedAt >= UNREFERENCED_ASSET_TTL_MS)
    if (candidates.length === 0) return
    // Snapshots are read one at a time, and only when some image is about to go.
    for (const info of await storage.listSnapshots(boardId)) {
      await new Promise((resolve) => setImmediate(resolve))
      const snapshot = await storage.getSnapshot(boardId, info.id)
      if (!snapshot) continue
      const held = addAssetIds(snapshot.data, new Set())
      candidates = candidates.filter((a) => !held.has(a.id))
      if (candidates.length === 0) return
    }
    for (const asset of candidates) {
      if (await storage.deleteAsset(boardId, asset.id)) {
        outcome.deleted++
        outcome.deletedBytes += asset.byteLength
      }
    }
    await this.opts.assets.refreshRoom(boardId)
  }
}

const ASSET_MARKER = Buffer.from('/assets/')
const ASSET_ID_LENGTH = 22

/** Adds to `ids` every asset id that follows `/assets/` in `bytes` (Yjs state or update); returns `ids`. */
function addAssetIds(bytes: Uint8Array, ids: Set<string>): Set<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let at = buffer.indexOf(ASSET_MARKER); at !== -1; at = buffer.indexOf(ASSET_MARKER, at + 1)) {
    const start = at + ASSET_MARKER.length
    const id = buffer.toString('latin1', start, start + ASSET_ID_LENGTH)
    if (isAssetId(id)) ids.add(id)
  }
  return ids
}
