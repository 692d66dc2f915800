/** The stored data of one board cannot be read (a corrupt row); other boards are unaffected. */
export class BoardDamagedError extends Error {
  constructor(
    readonly boardId: string,
    what: string,
  ) {
    super(`board ${boardId} is damaged: ${what}`)
    this.name = 'BoardDamagedError'
  }
}
