/**
 * A failure the operator can act on, with a message in plain words: the migration command prints
 * it as it is, without a stack trace, and exits with 1.
 */
export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}
