import { randomBytes } from 'node:crypto'
import { formatBytes } from '../sync/formatBytes'
import type { RoomManager } from '../sync/RoomManager'
import { BoardNotFoundError } from '../storage/BoardNotFoundError'
import { diskBudgetRefusalText, type DiskBudget } from '../storage/DiskBudget'
import type { Storage } from '../storage/Storage'
import type { AssetLimits } from './assetLimits'

export interface BoardAssetsOptions {
  storage: Storage
  rooms: RoomManager
  limits: AssetLimits
  disk?: DiskBudget
}

/** Why an upload was not kept, as the HTTP answer gives it. */
export interface AssetRefusal {
  status: 404 | 413 | 507
  error: string
  message: string
}

export type AddAssetOutcome = { ok: true; assetId: string } | { ok: false; refusal: AssetRefusal }

/**
 * A board's uploaded images under their quotas: a count (MAX_ASSETS_PER_BOARD), their bytes
 * (MAX_ASSET_BYTES_PER_BOARD), and the whole board, content and images together, within
 * MAX_BOARD_BYTES; and none while the disk budget is reached. A loaded room learns its images'
 * bytes here, so its size guard counts them too.
 *
 * Uploads of one board are checked and stored one at a time: two parallel uploads would
 * otherwise both pass the check of a board one image short of its limit.
 */
export class BoardAssets {
  private readonly queues = new Map<string, Promise<unknown>>()

  constructor(private readonly opts: BoardAssetsOptions) {}

  /** Stores an upload (already read, sniffed and within the upload limit) if the board's quotas allow it. Storage errors reject. */
  add(boardId: string, contentType: string, data: Uint8Array): Promise<AddAssetOutcome> {
    return this.oneAtATime(boardId, () => this.addNow(boardId, contentType, data))
  }

  private async addNow(boardId: string, contentType: string, data: Uint8Array): Promise<AddAssetOutcome> {
    const diskProblem = this.opts.disk?.problem
    if (diskProblem) return refused(507, 'disk_budget', diskBudgetRefusalText(diskProblem))
    const { storage, limits } = this.opts
    const room = this.opts.rooms.peek(boardId)
    // A loaded room knows its size with what waits to be committed; storage knows the rest.
    const contentBytes = room?.isOpen ? room.contentBytes : (await storage.storageUsage(boardId))?.stateBytes
    if (contentBytes === undefined) return refused(404, 'board_not_found', 'This board does not exist')
    const usage = await storage.assetUsage(boardId)
    if (usage.count >= limits.maxAssetsPerBoard) {
      return refused(413, 'too_many_images', `The board already holds ${limits.maxAssetsPerBoard} images. Remove some from the board; unused images are deleted a day later.`)
    }
    if (usage.bytes + data.byteLength > limits.maxAssetBytesPerBoard) {
      return refused(
        413,
        'images_too_large',
        `The board's images would take more than ${formatBytes(limits.maxAssetBytesPerBoard)}. Remove some from the board; unused images are deleted a day later.`,
      )
    }
    if (contentBytes + usage.bytes + data.byteLength > limits.maxBoardBytes) {
      return refused(413, 'board_too_large', `The board with this image would be larger than ${formatBytes(limits.maxBoardBytes)}, its maximum size with images.`)
    }
    const assetId = randomBytes(16).toString('base64url')
    try {
      await storage.putAsset(boardId, assetId, { contentType, data })
    } catch (err) {
      if (err instanceof BoardNotFoundError) return refused(404, 'board_not_found', 'This board does not exist')
      throw err
    }
    await this.refreshRoom(boardId)
    return { ok: true, assetId }
  }

  /**
   * Tells the board's loaded room, if any, what its images take now. Called after every change
   * of a board's images and by the room manager right after a room is loaded: whichever of an
   * upload and a load comes second reads storage after the other, so the room ends up right.
   */
  async refreshRoom(boardId: string): Promise<void> {
    if (!this.opts.rooms.peek(boardId)) return
    const usage = await this.opts.storage.assetUsage(boardId)
    const room = this.opts.rooms.peek(boardId)
    if (room) room.assetBytes = usage.bytes
  }

  private oneAtATime<T>(boardId: string, step: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(boardId) ?? Promise.resolve()
    const run = previous.then(step, step)
    const settled = run.then(
      () => undefined,
      () => undefined,
    )
    this.queues.set(boardId, settled)
    void settled.then(() => {
      if (this.queues.get(boardId) === settled) this.queues.delete(boardId)
    })
    return run
  }
}

function refused(status: AssetRefusal['status'], error: string, message: string): AddAssetOutcome {
  return { ok: false, refusal: { status, error, message } }
}
