/** Thrown by a `Storage` write aimed at a board that does not exist. */
export class BoardNotFoundError extends Error {
  constructor(readonly boardId: string) {
    super(`board ${boardId} does not exist`)
    this.name = 'BoardNotFoundError'
  }
}
