/**
 * Most images one board may hold (MAX_ASSETS_PER_BOARD): 200. Each upload is a stored file and
 * an asset record every browser on the board loads; a workshop board with photos of a wall of
 * notes holds tens, not hundreds. Past it an upload is refused with 413 until images are removed
 * (the asset sweep deletes the unused ones a day after their last use).
 */
export const MAX_ASSETS_PER_BOARD = 200

/**
 * Most bytes of images one board may hold (MAX_ASSET_BYTES_PER_BOARD): 20 MiB. Images count in
 * the board's size (MAX_BOARD_BYTES, 25 MiB, checked too), and stopping them 5 MiB short of it
 * keeps room for the board's own content (a 5,000-shape board is under 2 MB): a participant who
 * uploads photos cannot lock everyone out of adding notes.
 */
export const MAX_ASSET_BYTES_PER_BOARD = 20 * 1024 * 1024

export interface AssetLimits {
  maxAssetsPerBoard: number
  maxAssetBytesPerBoard: number
  /** The whole board: its content and its images together. */
  maxBoardBytes: number
}
