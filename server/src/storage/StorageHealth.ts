/** Most boards listed per kind of problem in /readyz; the count is always complete. */
const MAX_LISTED_BOARDS = 50

export interface BoardProblem {
  boardId: string
  problem: string
  /** Milliseconds since the epoch when it was first seen. */
  since: number
}

export interface HealthReport {
  /** False while some board cannot store changes. */
  writable: boolean
  saveFailures: { count: number; boards: BoardProblem[] }
  damaged: { count: number; boards: BoardProblem[] }
}

/**
 * What the rooms found wrong with storage, for /readyz and the logs: boards whose last commit
 * failed (until one succeeds again) and boards whose stored data is damaged (until the process
 * restarts; a damaged row does not mend itself).
 */
export class StorageHealth {
  private readonly failures = new Map<string, BoardProblem>()
  private readonly damagedBoards = new Map<string, BoardProblem>()

  saveFailed(boardId: string, problem: string): void {
    const known = this.failures.get(boardId)
    if (known && known.problem === problem) return
    this.failures.set(boardId, { boardId, problem, since: known?.since ?? Date.now() })
  }

  saved(boardId: string): void {
    if (this.failures.size > 0) this.failures.delete(boardId)
  }

  damaged(boardId: string, problem: string): void {
    if (!this.damagedBoards.has(boardId)) this.damagedBoards.set(boardId, { boardId, problem, since: Date.now() })
  }

  get damagedCount(): number {
    return this.damagedBoards.size
  }

  get failingCount(): number {
    return this.failures.size
  }

  report(): HealthReport {
    return {
      writable: this.failures.size === 0,
      saveFailures: { count: this.failures.size, boards: [...this.failures.values()].slice(0, MAX_LISTED_BOARDS) },
      damaged: { count: this.damagedBoards.size, boards: [...this.damagedBoards.values()].slice(0, MAX_LISTED_BOARDS) },
    }
  }
}
