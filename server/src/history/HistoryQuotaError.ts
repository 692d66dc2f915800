import { formatBytes } from '../sync/formatBytes'

/** A snapshot does not fit in the board's history quota (MAX_HISTORY_BYTES_PER_BOARD), even with every rolling snapshot dropped. */
export class HistoryQuotaError extends Error {
  constructor(
    readonly maxBytes: number,
    /** Bytes the deliberate snapshots (named, restore points) take, which only deleting them frees. */
    readonly keptBytes: number,
  ) {
    super(`the board's named snapshots and restore points take ${formatBytes(keptBytes)} of its ${formatBytes(maxBytes)} of history`)
    this.name = 'HistoryQuotaError'
  }
}
