/** A board holds as many deliberate snapshots as it may (`MAX_KEPT_SNAPSHOTS_PER_BOARD`). */
export class HistoryLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the board already holds ${limit} named or restore snapshots`)
    this.name = 'HistoryLimitError'
  }
}
