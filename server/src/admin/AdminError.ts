/** A refusal of the admin command in plain words (a wrong argument, an unknown board): printed without a stack trace. */
export class AdminError extends Error {}
